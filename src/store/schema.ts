import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { LetterFacts, RuleAction, RuleCondition } from '../domain/index.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type OrganisationKind = 'authority' | 'company';
export type PartyStatus = 'active' | 'closed';
export type CitizenStatus = 'registered' | 'exempt' | 'closed';
export type MailboxLevel = 'standard' | 'extended';
export type FolderKind = 'INBOX' | 'SENT' | 'DRAFTS' | 'DELETED' | 'USER';
export type SystemKind = 'sender' | 'recipient';
export type JobState = 'pending' | 'running' | 'done' | 'dead';

export interface OrganisationTable {
  id: Generated<string>;
  cvr: string;
  name: string;
  kind: OrganisationKind;
  status: Generated<PartyStatus>;
  created_at: CreatedAt;
}

export interface ProductionUnitTable {
  p_number: string;
  organisation_id: string;
  name: string;
  /** (006_registry) */
  address: ColumnType<RegistryAddress | null, string | null | undefined, string | null>;
}

/** A postal address as the registry file gives it (src/domain/registry-file.ts `PostalAddress`). */
export interface RegistryAddress {
  street: string;
  postalCode: string;
  city: string;
  careOf?: string;
  country?: string;
}

/** A `date` column: written YYYY-MM-DD; select it as `::text` (drivers turn a date into a local-midnight Date). */
type DateColumn = ColumnType<string | null, string | null | undefined, string | null>;

export interface CitizenTable {
  id: Generated<string>;
  cpr: string;
  name: string;
  status: Generated<CitizenStatus>;
  created_at: CreatedAt;
  /** an exemption from Digital Post (status `exempt`) counts from its first to its last day (006_registry) */
  exemption_reason: ColumnType<string | null, string | null | undefined, string | null>;
  exemption_from: DateColumn;
  exemption_to: DateColumn;
  postal_address: ColumnType<RegistryAddress | null, string | null | undefined, string | null>;
}

export interface MailboxTable {
  id: Generated<string>;
  citizen_id: string | null;
  organisation_id: string | null;
  level: Generated<MailboxLevel>;
  status: Generated<PartyStatus>;
  created_at: CreatedAt;
  /** when an administrator activated an organisation's mailbox (null: not yet; letters arrive all the same) (007) */
  activated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  activated_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface FolderTable {
  id: Generated<string>;
  mailbox_id: string;
  kind: FolderKind;
  name: string;
  created_at: CreatedAt;
}

export interface SystemTable {
  id: Generated<string>;
  organisation_id: string;
  kind: SystemKind;
  name: string;
  secret_sha256: string;
  is_default: Generated<boolean>;
  status: Generated<'active' | 'disabled'>;
  certificate_sha256: string | null;
  created_at: CreatedAt;
  /** the secret before the last rotation, accepted until previous_secret_valid_until (005_systems) */
  previous_secret_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  previous_secret_valid_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** when the system last authenticated, written at most once a minute */
  last_authenticated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** a sender system's material for letters that name none by messageCode (009) */
  default_material_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** the latest refusal of the system's client certificate, until it presents a registered one (014) */
  certificate_refused_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  certificate_refused_code: ColumnType<string | null, string | null | undefined, string | null>;
  certificate_refused_fingerprint: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ContactPointTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  description: string;
  contact_group: string | null;
  active: Generated<boolean>;
  visible: Generated<boolean>;
  memo_size_threshold_mb: Generated<number>;
  allowed_attachments: Generated<number>;
  /** DNS label: authorities write from it as `<recipient>@<mail_name>.<MAIL_DOMAIN>`, others to `<mail_name>@<MAIL_DOMAIN>` */
  mail_name: string | null;
  created_at: CreatedAt;
  /** the contact point it is grouped under (007) */
  parent_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** who may write to it: citizen, company, authority */
  who_may_write: ColumnType<ContactPointWriter[], ContactPointWriter[] | undefined, ContactPointWriter[]>;
  /** file types accepted (lower-case extensions); null = those the portal accepts */
  allowed_file_types: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  /** the recipient system that receives its mail; null = every active recipient system of the organisation */
  recipient_system_id: ColumnType<string | null, string | null | undefined, string | null>;
  deactivated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  deactivated_by: ColumnType<string | null, string | null | undefined, string | null>;
}

export type ContactPointWriter = 'citizen' | 'company' | 'authority';

export interface BlobTable {
  sha256: string;
  size: number;
  content: Uint8Array;
  created_at: CreatedAt;
}

/** Where a content element's base64 text was cut out of the stored document. */
export interface BlobRef {
  /** offset in `document_text` at which the base64 text is put back */
  at: number;
  sha256: string;
  /** line length the base64 was wrapped at (0 = one line) and the line ending used */
  wrap: number;
  eol: '\n' | '\r\n';
}

export interface AttentionSummary {
  productionUnit?: string;
  person?: string;
  email?: string;
}

export interface MessageTable {
  id: Generated<string>;
  transmission_id: string;
  message_uuid: string;
  memo_version: string;
  message_type: string;
  /** the first message of a conversation; replies share it */
  thread_id: string;
  sender_mailbox_id: string;
  sender_organisation_id: string | null;
  sender_system_id: string | null;
  sender_user_id: string | null;
  sender_label: string;
  sender_contact_point: string | null;
  recipient_id_type: string;
  recipient_mailbox_id: string;
  recipient_contact_point_id: string | null;
  label: string;
  p_number: string | null;
  attention: Json<AttentionSummary | null>;
  attachment_count: number;
  reply_allowed: boolean;
  reply_by: Date | null;
  mandatory: boolean;
  legal_notification: boolean;
  /** MessageHeader/messageID, the sender's own id for the letter */
  memo_message_id: string | null;
  /** ContentData/CaseID/caseID */
  case_id: string | null;
  do_not_deliver_until: ColumnType<string | null, string | null, string | null>;
  document_sha256: string;
  document_size: number;
  document_text: string;
  blob_refs: Json<BlobRef[]>;
  /** what the letter is found by (017, src/domain/search-text.ts): its words, lower-cased, each after a space */
  search_text: string;
  received_at: Timestamp;
  available_at: Date | null;
  /** the material and its subscription group when the letter was accepted (009) */
  material_id: ColumnType<string | null, string | null | undefined, string | null>;
  subscription_group_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** what the rules saw of the letter when it was accepted (010); null for letters from before */
  facts: ColumnType<LetterFacts | null, string | null | undefined, string | null>;
}

export interface MessageBlobTable {
  message_id: string;
  sha256: string;
}

export interface MessageStateTable {
  mailbox_id: string;
  message_id: string;
  folder_id: string;
  read_at: Date | null;
  flagged: Generated<boolean>;
  created_at: CreatedAt;
  /** handled (apart from read): when and by whom (013) */
  handled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  handled_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** the folder it was deleted from while it is in Slettet, for "Gendan" (018) */
  deleted_from_folder_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SystemQueueTable {
  system_id: string;
  message_id: string;
  mailbox_id: string;
  available_at: Timestamp;
  fetched_at: Date | null;
  deleted_at: Date | null;
}

export interface BusinessReceiptTable {
  id: Generated<string>;
  message_id: string;
  system_id: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
  created_at: CreatedAt;
}

export interface EventTable {
  chain: number;
  seq: number;
  hash: Uint8Array;
  body: string;
  type: string;
  at: Timestamp;
  message_id: string | null;
  mailbox_id: string | null;
}

export interface EventChainTable {
  chain: number;
  seq: number;
  head: Uint8Array;
}

export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload: Json<unknown>;
  state: Generated<JobState>;
  run_at: ColumnType<Date, Date | string | undefined, Date | string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  last_error: string | null;
  locked_until: Date | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type MembershipRole = 'super-admin' | 'admin' | 'writer' | 'reader';

export interface AppUserTable {
  id: Generated<string>;
  /** `<issuer>|<sub>` from OpenID Connect */
  subject: string;
  name: string;
  citizen_id: string | null;
  created_at: CreatedAt;
  last_login_at: Date | null;
  /** the CVR of an employee's organisation as the identity provider last gave it (007) */
  cvr: ColumnType<string | null, string | null | undefined, string | null>;
  /** the confirmed e-mail address Kuvert writes to */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  email_confirmed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** an address given but not yet confirmed by the link mailed to it */
  email_pending: ColumnType<string | null, string | null | undefined, string | null>;
  email_token_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  email_token_expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface MembershipTable {
  user_id: string;
  organisation_id: string;
  role: MembershipRole;
  /** for a folder-limited writer or reader: the folders the member may see; null = all */
  folder_ids: string[] | null;
  created_at: CreatedAt;
  /** who granted the current role: `user:<id>`, `operator:<name>`, `cli`, `idp` (007) */
  granted_by: ColumnType<string, string | undefined, string>;
}

/** The access history: one row per role held, from when to when, granted and ended by whom (007). */
export interface MembershipPeriodTable {
  id: Generated<string>;
  user_id: string;
  organisation_id: string;
  role: MembershipRole;
  folder_ids: string[] | null;
  valid_from: ColumnType<Date, Date | string | undefined, Date | string>;
  valid_to: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  granted_by: string;
  ended_by: ColumnType<string | null, string | null | undefined, string | null>;
  end_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export type AccessRequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

/** An employee's request for access with a role (007). */
export interface AccessRequestTable {
  id: Generated<string>;
  user_id: string;
  organisation_id: string;
  role: MembershipRole;
  folder_ids: string[] | null;
  message: ColumnType<string | null, string | null | undefined, string | null>;
  status: Generated<AccessRequestStatus>;
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  decided_role: ColumnType<MembershipRole | null, MembershipRole | null | undefined, MembershipRole | null>;
  decided_folder_ids: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

/** An invitation by e-mail to a role; the link's token is stored as its SHA-256, used once (007). */
export interface InvitationTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  role: MembershipRole;
  folder_ids: string[] | null;
  token_sha256: string;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  created_by: string;
  created_at: CreatedAt;
  accepted_by: ColumnType<string | null, string | null | undefined, string | null>;
  accepted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** `outbox`: kept for the development outbox instead of sent (no SMTP_URL, OUTBOX on). */
export type OutgoingMailStatus = 'pending' | 'sent' | 'outbox' | 'failed';

/** Plain mail Kuvert sends to people (access requests, confirmations, invitations) (007). */
export interface OutgoingMailTable {
  id: Generated<string>;
  kind: string;
  organisation_id: ColumnType<string | null, string | null | undefined, string | null>;
  recipient: string;
  subject: string;
  text_body: string;
  status: Generated<OutgoingMailStatus>;
  attempts: Generated<number>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** a List-Unsubscribe URL (RFC 2369), for notifications of new mail (011) */
  list_unsubscribe: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Credentials of the operator API, `/api/operator` (007). */
export interface OperatorKeyTable {
  id: Generated<string>;
  name: string;
  secret_sha256: string;
  created_at: CreatedAt;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SessionTable {
  token_sha256: string;
  user_id: string;
  csrf_token: string;
  id_token: string | null;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  /** the sliding idle timeout it was opened with (SESSION_IDLE_MINUTES; 018) */
  idle_seconds: ColumnType<number, number | undefined, number>;
}

/** A certificate an organisation registered for its mail system: mail signed with it is the organisation's. */
export interface MailCertificateTable {
  id: Generated<string>;
  organisation_id: string;
  fingerprint_sha256: string;
  der: Uint8Array;
  subject: string;
  issuer: string;
  not_before: Timestamp;
  not_after: Timestamp;
  emails: ColumnType<string[], string[] | undefined, string[]>;
  created_by: string;
  created_at: CreatedAt;
}

export type ForwardingScope = 'all' | 'rules';
export type ForwardingStatus = 'pending' | 'active' | 'paused' | 'disabled';

/** Forwarding of an organisation's mail to its secure mail system (S/MIME). */
export interface ForwardingTable {
  id: Generated<string>;
  organisation_id: string;
  mailbox_id: string;
  address: string;
  certificate_der: Uint8Array;
  certificate_fingerprint: string;
  certificate_not_after: Timestamp;
  scope: ForwardingScope;
  rules: Json<unknown[]>;
  status: ForwardingStatus;
  status_reason: string | null;
  confirm_token_sha256: string | null;
  confirm_expires_at: Date | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** The reply-address token of a thread as mailed to one mailbox. */
export interface MailThreadTable {
  token: string;
  thread_id: string;
  mailbox_id: string;
  created_at: CreatedAt;
}

/** A Message-ID Kuvert put on a mail: In-Reply-To/References lead back to the message. */
export interface MailMessageIdTable {
  header: string;
  message_id: string;
  mailbox_id: string;
  created_at: CreatedAt;
}

export type InboundMailStatus = 'received' | 'delivered' | 'rejected';

/** Mail accepted by the SMTP server, stored before it is answered with 250 and processed by a job. */
export interface InboundMailTable {
  id: Generated<string>;
  received_at: CreatedAt;
  remote_address: string | null;
  mail_from: string;
  rcpt_to: string[];
  size: number;
  raw: Uint8Array;
  status: Generated<InboundMailStatus>;
  error_code: string | null;
  error_message: string | null;
  message_ids: string[] | null;
  processed_at: Date | null;
}

export interface CertificateWarningTable {
  fingerprint_sha256: string;
  days: number;
  organisation_id: string | null;
  created_at: CreatedAt;
}

/** A client certificate registered for a system, pinned by the SHA-256 of its DER (014; docs/certificates.md). */
export interface SystemCertificateTable {
  id: Generated<string>;
  system_id: string;
  organisation_id: string;
  /** hex, lower case; unique: a certificate belongs to one system */
  fingerprint_sha256: string;
  der: Uint8Array;
  subject: string;
  issuer: string;
  /** hex, lower case */
  serial_number: string;
  not_before: Timestamp;
  not_after: Timestamp;
  created_at: CreatedAt;
  created_by: string;
}

/** What a person is writing, kept for them alone (018, src/store/drafts.ts): a new message to a contact point, or a reply. */
export interface DraftTable {
  id: Generated<string>;
  mailbox_id: string;
  author_id: string;
  kind: 'message' | 'reply';
  contact_point_id: string | null;
  reply_to_message_id: string | null;
  label: Generated<string>;
  text: Generated<string>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database {
  organisation: OrganisationTable;
  production_unit: ProductionUnitTable;
  citizen: CitizenTable;
  mailbox: MailboxTable;
  folder: FolderTable;
  system: SystemTable;
  contact_point: ContactPointTable;
  blob: BlobTable;
  message: MessageTable;
  message_blob: MessageBlobTable;
  message_state: MessageStateTable;
  system_queue: SystemQueueTable;
  business_receipt: BusinessReceiptTable;
  event: EventTable;
  event_chain: EventChainTable;
  job: JobTable;
  app_user: AppUserTable;
  membership: MembershipTable;
  membership_period: MembershipPeriodTable;
  access_request: AccessRequestTable;
  invitation: InvitationTable;
  outgoing_mail: OutgoingMailTable;
  operator_key: OperatorKeyTable;
  session: SessionTable;
  draft: DraftTable;
  mail_certificate: MailCertificateTable;
  forwarding: ForwardingTable;
  mail_thread: MailThreadTable;
  mail_message_id: MailMessageIdTable;
  inbound_mail: InboundMailTable;
  certificate_warning: CertificateWarningTable;
  system_certificate: SystemCertificateTable;
  subscription_group: SubscriptionGroupTable;
  material: MaterialTable;
  letter_count: LetterCountTable;
  send_count: SendCountTable;
  send_refusal: SendRefusalTable;
  folder_watch: FolderWatchTable;
  emptying_alert: EmptyingAlertTable;
  system_watch: SystemWatchTable;
  system_alert: SystemAlertTable;
  rule: RuleTable;
  rule_run: RuleRunTable;
  rule_run_move: RuleRunMoveTable;
  notification_address: NotificationAddressTable;
  notification_recipient: NotificationRecipientTable;
  notification_pending: NotificationPendingTable;
  notification_mail: NotificationMailTable;
  notification_unsubscribed: NotificationUnsubscribedTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type Citizen = Selectable<CitizenTable>;
export type Mailbox = Selectable<MailboxTable>;
export type System = Selectable<SystemTable>;
export type ContactPoint = Selectable<ContactPointTable>;
export type Message = Selectable<MessageTable>;
export type NewMessage = Insertable<MessageTable>;
export type Job = Selectable<JobTable>;

/** An authority's subscription group, e.g. "BBR" or "Sygedagpenge": what its materials are sorted by (009). */
export interface SubscriptionGroupTable {
  id: Generated<string>;
  organisation_id: string;
  /** unique per organisation, ignoring case */
  name: string;
  created_at: CreatedAt;
}

/** What an authority sends, as the national system's material: named by a letter's MeMo messageCode (009). */
export interface MaterialTable {
  id: Generated<string>;
  organisation_id: string;
  /** unique per organisation; what MessageHeader/messageCode names */
  code: string;
  name: string;
  subscription_group_id: string;
  mandatory: Generated<boolean>;
  reply_allowed: Generated<boolean>;
  label_prefix: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  active: Generated<boolean>;
}

/** A rule of a mailbox (010); `origin` 'forwarding' = made by the secure-mail page from its scope and rules. */
export interface RuleTable {
  id: Generated<string>;
  mailbox_id: string;
  organisation_id: string;
  name: string;
  position: number;
  enabled: boolean;
  stop_here: boolean;
  conditions: Json<RuleCondition[]>;
  actions: Json<RuleAction[]>;
  origin: ColumnType<RuleOrigin, RuleOrigin | undefined, RuleOrigin>;
  created_at: CreatedAt;
  created_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string;
}

export type RuleOrigin = 'rules' | 'forwarding';

/** Rules applied again to letters already in the mailbox: its folder moves can be undone (010). */
export interface RuleRunTable {
  id: Generated<string>;
  mailbox_id: string;
  moved: number;
  created_at: CreatedAt;
  created_by: string;
  undone_at: Date | null;
  undone_by: string | null;
}

export interface RuleRunMoveTable {
  run_id: string;
  message_id: string;
  from_folder_id: string;
  to_folder_id: string;
}

/** Who empties a folder of an organisation's mailbox, and after how long an unhandled letter is overdue (013). */
export interface FolderWatchTable {
  folder_id: string;
  mailbox_id: string;
  organisation_id: string;
  responsible_user_id: string | null;
  responsible_unit: string | null;
  /** 1 hour to 90 days */
  threshold_hours: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string;
}

/** An unhandled letter found older than its folder's threshold: once per letter, folder and threshold (013). */
export interface EmptyingAlertTable {
  id: Generated<string>;
  organisation_id: string;
  mailbox_id: string;
  folder_id: string;
  message_id: string;
  threshold_hours: number;
  raised_at: Timestamp;
}

/** After how long without a fetch a recipient system with waiting letters raises an alert (013; none: the default). */
export interface SystemWatchTable {
  system_id: string;
  organisation_id: string;
  fetch_alert_hours: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string;
}

export type SystemAlertKind = 'not-fetching' | 'failed-receipts';

/** An episode of a recipient system not fetching or answering FAILED: open until `cleared_at` (013). */
export interface SystemAlertTable {
  id: Generated<string>;
  organisation_id: string;
  system_id: string;
  kind: SystemAlertKind;
  raised_at: Timestamp;
  cleared_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** Letters per organisation mailbox, direction, Danish month and key; delivery inserts, a job merges (012, src/store/statistics.ts). */
export interface LetterCountTable {
  mailbox_id: string;
  direction: 'received' | 'sent';
  /** the first day of the month, YYYY-MM-DD */
  month: ColumnType<string, string, string>;
  sender_organisation_id: string | null;
  subscription_group_id: string | null;
  material_id: string | null;
  letters: number;
  merged: Generated<boolean>;
}

export type NotificationAddressStatus = 'pending' | 'confirmed' | 'unsubscribed';

/** An e-mail address told of new mail in a mailbox, once confirmed by the single-use link mailed to it (011). */
export interface NotificationAddressTable {
  id: Generated<string>;
  mailbox_id: string;
  /** the mailbox's organisation; null for a citizen's mailbox */
  organisation_id: string | null;
  email: string;
  status: Generated<NotificationAddressStatus>;
  token_sha256: string | null;
  token_sent_at: Date | null;
  token_expires_at: Date | null;
  token_used_at: Date | null;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
  created_by: string;
  created_at: CreatedAt;
}

/** Who is told of new mail in a mailbox (folder_id null) or one of its folders: an address or a person (011). */
export interface NotificationRecipientTable {
  id: Generated<string>;
  mailbox_id: string;
  folder_id: string | null;
  address_id: string | null;
  user_id: string | null;
  created_by: string;
  created_at: CreatedAt;
}

/** A letter that arrived for a recipient, waiting for the next digest (written in the delivery's transaction) (011). */
export interface NotificationPendingTable {
  id: Generated<number>;
  mailbox_id: string;
  folder_id: string;
  message_id: string;
  arrived_at: Date;
  user_id: string | null;
  address_id: string | null;
}

/** A digest sent to an address for a mailbox; its unsubscribe link's token is stored as its SHA-256 (011). */
export interface NotificationMailTable {
  id: Generated<string>;
  mailbox_id: string;
  /** the address in lower case */
  email_key: string;
  address_id: string | null;
  user_id: string | null;
  outgoing_mail_id: string;
  letters: number;
  unsubscribe_token_sha256: string;
  created_at: CreatedAt;
}

/** An address that unsubscribed from a mailbox's notifications (by the link in one of them) (011). */
export interface NotificationUnsubscribedTable {
  mailbox_id: string;
  email_key: string;
  unsubscribed_at: CreatedAt;
}

/** A system's sends per Danish day, receipt status and error code ('' for RECEIVED); inserted, merged by a job (015, src/store/send-monitoring.ts). */
export interface SendCountTable {
  system_id: string;
  /** YYYY-MM-DD, the Danish day */
  day: ColumnType<string, string, string>;
  status: 'RECEIVED' | 'INVALID' | 'NOT_ALLOWED';
  error_code: string;
  sends: number;
  merged: Generated<boolean>;
}

/**
 * A refused send of a system, for the sender's error view (015): codes and the first MeMo problem's
 * code and path, never the error message, a CPR number or letter text. (Migration 015 also gives
 * citizen, organisation and mailbox a trigger-kept `status_changed_at`, read with raw SQL there.)
 */
export interface SendRefusalTable {
  id: Generated<number>;
  system_id: string;
  organisation_id: string;
  at: Timestamp;
  status: 'INVALID' | 'NOT_ALLOWED';
  error_code: string;
  message_uuid: string | null;
  issue_code: string | null;
  issue_path: string | null;
  issues: Generated<number>;
}
