/**
 * A letter that has just become available in its recipient's mailbox: what the delivery's transaction
 * (src/delivery/route.ts) tells notifications (`queueArrivalNotifications`) and statistics
 * (`countArrivals`), in that transaction, so that neither is lost nor counted for a letter that did
 * not commit.
 */
export interface Arrival {
  messageId: string;
  /** the recipient's mailbox, and the folder the letter landed in (Indbakke, or a rule's folder) */
  mailboxId: string;
  folderId: string;
  /** when it became available */
  at: Date;
  senderMailboxId: string;
  senderOrganisationId: string | null;
  materialId: string | null;
  subscriptionGroupId: string | null;
  /** people and addresses that the recipient's rules asked to tell (src/domain/rules notify actions) */
  notify: { userIds: readonly string[]; addresses: readonly string[] };
}
