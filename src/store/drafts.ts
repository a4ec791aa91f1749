import type { Executor } from './executor.ts';

/**
 * Drafts (migration 018): what a person is writing from a mailbox — a new message to a contact point,
 * or a reply to a message — kept for that person alone. Every query names the author: another
 * person's draft is not found.
 */

export type DraftKind = 'message' | 'reply';

/** Who owns the drafts asked for: the author, in one mailbox. */
export interface DraftOwner {
  mailboxId: string;
  authorId: string;
}

/**
 * Which of the author's drafts they may still have (src/portal/drafts.ts decides): new messages only
 * while they may write; replies only while they may reply and see the message answered, in the
 * mailbox (a state row) and in one of `folderIds` (null: every folder).
 */
export interface DraftScope {
  messages: boolean;
  replies: boolean;
  folderIds: readonly string[] | null;
}

const COLUMNS = [
  'd.id', 'd.kind', 'd.contact_point_id', 'd.reply_to_message_id', 'd.label', 'd.text', 'd.updated_at',
  'cp.name as contact_point_name', 'cp_org.name as contact_point_organisation', 'm.label as reply_to_label', 'm_org.name as reply_to_sender',
] as const;

function drafts(db: Executor, owner: DraftOwner, scope: DraftScope) {
  return db.selectFrom('draft as d')
    .leftJoin('contact_point as cp', 'cp.id', 'd.contact_point_id')
    .leftJoin('organisation as cp_org', 'cp_org.id', 'cp.organisation_id')
    .leftJoin('message as m', 'm.id', 'd.reply_to_message_id')
    .leftJoin('organisation as m_org', 'm_org.id', 'm.sender_organisation_id')
    .leftJoin('message_state as s', (join) => join.onRef('s.mailbox_id', '=', 'd.mailbox_id').onRef('s.message_id', '=', 'd.reply_to_message_id'))
    .select(COLUMNS)
    .where('d.mailbox_id', '=', owner.mailboxId).where('d.author_id', '=', owner.authorId)
    .where((eb) => {
      const kinds = [];
      if (scope.messages) kinds.push(eb('d.kind', '=', 'message'));
      if (scope.replies) {
        const seen = [eb('d.kind', '=', 'reply'), eb('s.message_id', 'is not', null)];
        if (scope.folderIds !== null) seen.push(scope.folderIds.length > 0 ? eb('s.folder_id', 'in', scope.folderIds) : eb.lit(false));
        kinds.push(eb.and(seen));
      }
      return kinds.length > 0 ? eb.or(kinds) : eb.lit(false);
    });
}

/** The author's drafts in the mailbox within the scope, last saved first (at most `limit`). */
export async function draftsOf(db: Executor, owner: DraftOwner, scope: DraftScope, limit: number) {
  return drafts(db, owner, scope).orderBy('d.updated_at', 'desc').orderBy('d.id').limit(limit).execute();
}

export type DraftRow = Awaited<ReturnType<typeof draftsOf>>[number];

export async function findDraft(db: Executor, owner: DraftOwner, scope: DraftScope, draftId: string): Promise<DraftRow | undefined> {
  return drafts(db, owner, scope).where('d.id', '=', draftId).executeTakeFirst();
}

/** The author's draft of a reply to the message, if any (there is at most one). */
export async function findReplyDraft(db: Executor, owner: DraftOwner, messageId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('draft').select('id')
    .where('mailbox_id', '=', owner.mailboxId).where('author_id', '=', owner.authorId)
    .where('kind', '=', 'reply').where('reply_to_message_id', '=', messageId).executeTakeFirst();
}

/** How many drafts the author has in the mailbox: within the scope (Kladder's count), or all of them. */
export async function countDrafts(db: Executor, owner: DraftOwner, scope?: DraftScope): Promise<number> {
  const query = scope ? drafts(db, owner, scope).clearSelect() : db.selectFrom('draft as d')
    .where('d.mailbox_id', '=', owner.mailboxId).where('d.author_id', '=', owner.authorId);
  const row = await query.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface DraftContent {
  contactPointId: string | null;
  label: string;
  text: string;
}

export async function insertDraft(db: Executor, owner: DraftOwner, draft: DraftContent & { kind: DraftKind; replyToMessageId: string | null }): Promise<string> {
  const row = await db.insertInto('draft').values({
    mailbox_id: owner.mailboxId, author_id: owner.authorId, kind: draft.kind, contact_point_id: draft.contactPointId,
    reply_to_message_id: draft.replyToMessageId, label: draft.label, text: draft.text,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Saves new contents of the author's draft; whether it was there. */
export async function updateDraft(db: Executor, owner: DraftOwner, draftId: string, content: DraftContent): Promise<boolean> {
  const { numUpdatedRows } = await db.updateTable('draft')
    .set({ contact_point_id: content.contactPointId, label: content.label, text: content.text, updated_at: new Date() })
    .where('id', '=', draftId).where('mailbox_id', '=', owner.mailboxId).where('author_id', '=', owner.authorId)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

/** Removes the author's draft; whether it was there. */
export async function deleteDraft(db: Executor, owner: DraftOwner, draftId: string): Promise<boolean> {
  const { numDeletedRows } = await db.deleteFrom('draft')
    .where('id', '=', draftId).where('mailbox_id', '=', owner.mailboxId).where('author_id', '=', owner.authorId)
    .executeTakeFirst();
  return numDeletedRows > 0n;
}
