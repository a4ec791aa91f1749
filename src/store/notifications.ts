import { sql } from 'kysely';
import type { Arrival } from './arrivals.ts';
import type { Executor } from './executor.ts';
import type { MailboxLevel, NotificationAddressStatus, OutgoingMailStatus } from './schema.ts';

// Notifications of new mail (docs/notifications.md). A mailbox's e-mail addresses (confirmed by a
// single-use link before anything is sent to them), who is told of new mail in the mailbox or in one
// of its folders (`notification_recipient`: an address, or in an extended mailbox a person), the
// arrivals waiting for the next digest (`notification_pending`, written in the delivery's transaction
// and deleted when digested), the digests sent (`notification_mail`, with the hash of the unsubscribe
// token each carries), and the addresses that unsubscribed from a mailbox.

/** The one job that sends digests when their interval is up (src/notify/digest.ts); it reschedules itself. */
export const NOTIFY_DIGEST_JOB = 'notify.digest';

/** The digest job never gives up: a failed round is tried again with the queue's backoff. */
const DIGEST_JOB_ATTEMPTS = 1_000_000_000;

/** What outgoing_mail calls a digest and a confirmation link (the administrators' mail log reads these). */
export const NOTIFICATION_MAIL_KIND = 'notification';
export const NOTIFICATION_CONFIRMATION_KIND = 'notification-confirmation';

// --- the delivery's hot path -----------------------------------------------------------------------

/**
 * Leaves the arrivals for the digest job, in the delivery's transaction. Unless a rule named someone,
 * a first statement (an index probe, planned in no time) asks whether any mailbox of the batch has
 * notifications at all; most batches stop there. Otherwise one statement writes a pending row for
 * every recipient of the mailbox or of the folder the letter landed in (confirmed addresses and chosen
 * people) and for every person and confirmed address a rule named, and — when it wrote any and no
 * digest job is waiting — the digest job.
 */
export async function queueArrivalNotifications(trx: Executor, arrivals: readonly Arrival[]): Promise<void> {
  if (arrivals.length === 0) return;
  const named = arrivals.flatMap((a) => [
    ...a.notify.userIds.map((userId) => ({ a, userId, email: null })),
    ...a.notify.addresses.map((email) => ({ a, userId: null, email })),
  ]);
  if (named.length === 0) {
    const mailboxIds = [...new Set(arrivals.map((a) => a.mailboxId))];
    const { rows } = await sql`select 1 from notification_recipient where mailbox_id = any (${mailboxIds}::uuid[]) limit 1`.execute(trx);
    if (rows.length === 0) return;
  }
  const byRules = named.length === 0 ? sql`` : sql`
    union all
    select n.mailbox_id, n.folder_id, n.message_id, n.at, n.user_id, na.id
    from unnest(${named.map((n) => n.a.mailboxId)}::uuid[], ${named.map((n) => n.a.folderId)}::uuid[], ${named.map((n) => n.a.messageId)}::uuid[],
      ${named.map((n) => n.a.at.toISOString())}::timestamptz[], ${named.map((n) => n.userId)}::uuid[], ${named.map((n) => n.email)}::text[])
      as n (mailbox_id, folder_id, message_id, at, user_id, email)
    left join notification_address na on n.email is not null and na.mailbox_id = n.mailbox_id and lower(na.email) = lower(n.email) and na.status = 'confirmed'
    where n.user_id is not null or na.id is not null`;
  await sql`
    with a (mailbox_id, folder_id, message_id, at) as (
      select * from unnest(${arrivals.map((a) => a.mailboxId)}::uuid[], ${arrivals.map((a) => a.folderId)}::uuid[],
        ${arrivals.map((a) => a.messageId)}::uuid[], ${arrivals.map((a) => a.at.toISOString())}::timestamptz[])
    ),
    pending as (
      insert into notification_pending (mailbox_id, folder_id, message_id, arrived_at, user_id, address_id)
      select a.mailbox_id, a.folder_id, a.message_id, a.at, r.user_id, r.address_id
      from a join notification_recipient r on r.mailbox_id = a.mailbox_id and (r.folder_id is null or r.folder_id = a.folder_id)
      left join notification_address na on na.id = r.address_id
      where r.user_id is not null or na.status = 'confirmed'
      ${byRules}
      returning 1
    )
    insert into job (kind, payload, run_at, max_attempts)
    select ${sql.lit(NOTIFY_DIGEST_JOB)}, '{}', now(), ${sql.lit(DIGEST_JOB_ATTEMPTS)}
    where exists (select 1 from pending)
      and not exists (select 1 from job where kind = ${sql.lit(NOTIFY_DIGEST_JOB)} and state in ('pending', 'running'))`.execute(trx);
}

// --- for the rules' validation ---------------------------------------------------------------------

/** The organisation's confirmed notification addresses (what a rule may name), sorted. */
export async function confirmedNotificationAddresses(db: Executor, organisationId: string): Promise<string[]> {
  const rows = await db.selectFrom('notification_address').select('email')
    .where('organisation_id', '=', organisationId).where('status', '=', 'confirmed').orderBy('email').execute();
  return rows.map((r) => r.email);
}

// --- mailboxes -------------------------------------------------------------------------------------

export interface NotifiedMailbox {
  id: string;
  level: MailboxLevel;
  status: 'active' | 'closed';
  /** null for a citizen's mailbox */
  organisationId: string | null;
  organisationName: string | null;
  activated: boolean;
}

/** Mailboxes by id, with what notifications need of their owner. */
export async function notifiedMailboxes(db: Executor, mailboxIds: readonly string[]): Promise<Map<string, NotifiedMailbox>> {
  if (mailboxIds.length === 0) return new Map();
  const rows = await db.selectFrom('mailbox').leftJoin('organisation', 'organisation.id', 'mailbox.organisation_id')
    .select(['mailbox.id', 'mailbox.level', 'mailbox.status', 'mailbox.organisation_id', 'organisation.name', 'mailbox.activated_at'])
    .where('mailbox.id', 'in', [...new Set(mailboxIds)]).execute();
  return new Map(rows.map((r) => [r.id, {
    id: r.id, level: r.level, status: r.status, organisationId: r.organisation_id, organisationName: r.name ?? null, activated: r.activated_at !== null,
  }]));
}

/** The folders letters can arrive in (Indbakke and own folders), Indbakke first, then by name. */
export async function arrivalFoldersOf(db: Executor, mailboxId: string) {
  return db.selectFrom('folder').select(['id', 'name', 'kind']).where('mailbox_id', '=', mailboxId).where('kind', 'in', ['INBOX', 'USER'])
    .orderBy(sql`kind = 'INBOX'`, 'desc').orderBy('name').execute();
}

// --- addresses -------------------------------------------------------------------------------------

export interface NotificationAddressRow {
  id: string;
  mailbox_id: string;
  organisation_id: string | null;
  email: string;
  status: NotificationAddressStatus;
  token_sent_at: Date | null;
  token_expires_at: Date | null;
  token_used_at: Date | null;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
  created_at: Date;
}

const addressColumns = [
  'id', 'mailbox_id', 'organisation_id', 'email', 'status', 'token_sent_at', 'token_expires_at', 'token_used_at', 'confirmed_at', 'unsubscribed_at', 'created_at',
] as const;

export async function notificationAddressesOfMailbox(db: Executor, mailboxId: string): Promise<NotificationAddressRow[]> {
  return db.selectFrom('notification_address').select(addressColumns).where('mailbox_id', '=', mailboxId).orderBy(sql`lower(email)`).execute();
}

/** An address of the mailbox, by id (locked for the transaction with `forUpdate`). */
export async function notificationAddressOfMailbox(db: Executor, mailboxId: string, addressId: string, forUpdate = false): Promise<NotificationAddressRow | undefined> {
  let query = db.selectFrom('notification_address').select(addressColumns).where('mailbox_id', '=', mailboxId).where('id', '=', addressId);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The mailbox's address, whatever its case. */
export async function notificationAddressByEmail(db: Executor, mailboxId: string, email: string): Promise<NotificationAddressRow | undefined> {
  return db.selectFrom('notification_address').select(addressColumns).where('mailbox_id', '=', mailboxId)
    .where(sql<boolean>`lower(email) = lower(${email})`).forUpdate().executeTakeFirst();
}

export async function countNotificationAddresses(db: Executor, mailboxId: string): Promise<number> {
  const row = await db.selectFrom('notification_address').select((eb) => eb.fn.countAll<string>().as('n')).where('mailbox_id', '=', mailboxId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ConfirmationToken { tokenSha256: string; sentAt: Date; expiresAt: Date }

/** A new address, pending until the link with this token is opened; its id. A unique violation when the mailbox has it. */
export async function insertNotificationAddress(trx: Executor, address: {
  mailboxId: string; organisationId: string | null; email: string; createdBy: string;
} & ConfirmationToken): Promise<string> {
  const row = await trx.insertInto('notification_address').values({
    mailbox_id: address.mailboxId, organisation_id: address.organisationId, email: address.email, status: 'pending',
    token_sha256: address.tokenSha256, token_sent_at: address.sentAt, token_expires_at: address.expiresAt, token_used_at: null,
    confirmed_at: null, unsubscribed_at: null, created_by: address.createdBy,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A new link for an address not confirmed (the old link stops working); an unsubscribed address is pending again until it is opened. */
export async function renewNotificationToken(trx: Executor, addressId: string, token: ConfirmationToken): Promise<void> {
  await trx.updateTable('notification_address').set({
    token_sha256: token.tokenSha256, token_sent_at: token.sentAt, token_expires_at: token.expiresAt, token_used_at: null, status: 'pending',
  }).where('id', '=', addressId).execute();
}

/** The address a confirmation link is for (by the token's hash), locked for the transaction. */
export async function notificationAddressByToken(trx: Executor, tokenSha256: string): Promise<NotificationAddressRow | undefined> {
  return trx.selectFrom('notification_address').select(addressColumns).where('token_sha256', '=', tokenSha256).forUpdate().executeTakeFirst();
}

/** The link was opened in time: the address is confirmed (and told of new mail again if it had unsubscribed). */
export async function confirmNotificationAddress(trx: Executor, address: Pick<NotificationAddressRow, 'id' | 'mailbox_id' | 'email'>, at: Date): Promise<void> {
  await trx.updateTable('notification_address').set({ status: 'confirmed', confirmed_at: at, token_used_at: at, unsubscribed_at: null })
    .where('id', '=', address.id).execute();
  await trx.deleteFrom('notification_unsubscribed').where('mailbox_id', '=', address.mailbox_id).where('email_key', '=', address.email.toLowerCase()).execute();
}

/** Removes an address, the folders it was told of, and what waited for its next digest. */
export async function deleteNotificationAddress(trx: Executor, addressId: string): Promise<void> {
  await trx.deleteFrom('notification_pending').where('address_id', '=', addressId).execute();
  await trx.deleteFrom('notification_recipient').where('address_id', '=', addressId).execute();
  await trx.deleteFrom('notification_address').where('id', '=', addressId).execute();
}

// --- who is told of what ---------------------------------------------------------------------------

export interface NotificationRecipientRow {
  folder_id: string | null;
  address_id: string | null;
  user_id: string | null;
}

export async function notificationRecipientsOfMailbox(db: Executor, mailboxId: string): Promise<NotificationRecipientRow[]> {
  return db.selectFrom('notification_recipient').select(['folder_id', 'address_id', 'user_id']).where('mailbox_id', '=', mailboxId).execute();
}

export type NotificationTarget = { addressId: string } | { userId: string };

const targetColumn = (target: NotificationTarget) => ('addressId' in target ? 'address_id' as const : 'user_id' as const);
const targetId = (target: NotificationTarget) => ('addressId' in target ? target.addressId : target.userId);

/** Whom the target is told of: the whole mailbox (`folderIds` null) or these folders; replaces what it had. */
export async function setNotificationRecipient(trx: Executor, mailboxId: string, target: NotificationTarget, folderIds: readonly string[] | null, createdBy: string): Promise<void> {
  await trx.deleteFrom('notification_recipient').where('mailbox_id', '=', mailboxId).where(targetColumn(target), '=', targetId(target)).execute();
  const folders = folderIds === null ? [null] : [...new Set(folderIds)];
  await trx.insertInto('notification_recipient').values(folders.map((folderId) => ({
    mailbox_id: mailboxId, folder_id: folderId, address_id: 'addressId' in target ? target.addressId : null, user_id: 'userId' in target ? target.userId : null, created_by: createdBy,
  }))).execute();
}

/** The target is told of nothing in the mailbox any more; false when it was told of nothing. */
export async function deleteNotificationRecipient(trx: Executor, mailboxId: string, target: NotificationTarget): Promise<boolean> {
  const result = await trx.deleteFrom('notification_recipient').where('mailbox_id', '=', mailboxId).where(targetColumn(target), '=', targetId(target)).executeTakeFirst();
  await trx.deleteFrom('notification_pending').where('mailbox_id', '=', mailboxId).where(targetColumn(target), '=', targetId(target)).execute();
  return Number(result.numDeletedRows) > 0;
}

/** The people told of new mail in the mailbox, with their confirmed address and whether they are still members. */
export async function notifiedPeopleOfMailbox(db: Executor, mailboxId: string, organisationId: string) {
  return db.selectFrom('notification_recipient as r').innerJoin('app_user as u', 'u.id', 'r.user_id')
    .leftJoin('membership as m', (join) => join.onRef('m.user_id', '=', 'r.user_id').on('m.organisation_id', '=', organisationId))
    .select(['u.id', 'u.name', 'u.email', 'u.email_confirmed_at', 'm.role', 'm.folder_ids'])
    .where('r.mailbox_id', '=', mailboxId).distinct().execute();
}

// --- unsubscribing ---------------------------------------------------------------------------------

/** The digest an unsubscribe link came in (by its token's hash). */
export async function notificationMailByToken(db: Executor, tokenSha256: string) {
  return db.selectFrom('notification_mail').select(['id', 'mailbox_id', 'email_key', 'address_id', 'user_id', 'created_at'])
    .where('unsubscribe_token_sha256', '=', tokenSha256).executeTakeFirst();
}

/** Whether the address has unsubscribed from the mailbox. */
export async function isUnsubscribed(db: Executor, mailboxId: string, emailKey: string): Promise<boolean> {
  return (await db.selectFrom('notification_unsubscribed').select('email_key').where('mailbox_id', '=', mailboxId).where('email_key', '=', emailKey).executeTakeFirst()) !== undefined;
}

/** The addresses (lower case) that unsubscribed from the mailbox. */
export async function unsubscribedAddresses(db: Executor, mailboxId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('notification_unsubscribed').select('email_key').where('mailbox_id', '=', mailboxId).execute();
  return new Set(rows.map((r) => r.email_key));
}

/**
 * Nothing more is mailed to the address for the mailbox: it is noted as unsubscribed (a person's
 * address too), and the mailbox's address with it is marked so. Returns the address ids marked, and
 * whether it was new.
 */
export async function unsubscribeAddress(trx: Executor, mailboxId: string, emailKey: string, at: Date): Promise<{ added: boolean; addressIds: string[] }> {
  const inserted = await trx.insertInto('notification_unsubscribed').values({ mailbox_id: mailboxId, email_key: emailKey, unsubscribed_at: at })
    .onConflict((oc) => oc.columns(['mailbox_id', 'email_key']).doNothing()).returning('email_key').executeTakeFirst();
  const marked = await trx.updateTable('notification_address').set({ status: 'unsubscribed', unsubscribed_at: at })
    .where('mailbox_id', '=', mailboxId).where(sql<boolean>`lower(email) = ${emailKey}`).where('status', '<>', 'unsubscribed').returning('id').execute();
  return { added: inserted !== undefined, addressIds: marked.map((r) => r.id) };
}

// --- the digest job --------------------------------------------------------------------------------

/**
 * One digest round at a time (also across processes), for the rest of the transaction: two rounds
 * side by side would each mail part of a recipient's letters. A second round waits for the first.
 */
export async function lockDigestRound(trx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(0x6b75766e)}, ${sql.lit(1)})`.execute(trx);
}

export interface PendingRecipient {
  mailboxId: string;
  userId: string | null;
  addressId: string | null;
  /** the oldest letter waiting for it */
  firstAt: Date;
  /** the confirmed address mail goes to; null: none (an address no longer confirmed, a person without one) */
  email: string | null;
  unsubscribed: boolean;
  /** when the last digest went to this address for this mailbox */
  lastAt: Date | null;
}

/** Every recipient with letters waiting, with its address, whether it unsubscribed and when it was last mailed. */
export async function pendingRecipients(trx: Executor): Promise<PendingRecipient[]> {
  const { rows } = await sql<{
    mailbox_id: string; user_id: string | null; address_id: string | null; first_at: Date; email: string | null; unsubscribed: boolean; last_at: Date | null;
  }>`
    select g.mailbox_id, g.user_id, g.address_id, g.first_at, e.email,
      exists (select 1 from notification_unsubscribed s where s.mailbox_id = g.mailbox_id and s.email_key = lower(e.email)) as unsubscribed,
      (select max(nm.created_at) from notification_mail nm where nm.mailbox_id = g.mailbox_id and nm.email_key = lower(e.email)) as last_at
    from (select mailbox_id, user_id, address_id, min(arrived_at) as first_at from notification_pending group by mailbox_id, user_id, address_id) g
    left join notification_address na on na.id = g.address_id and na.status = 'confirmed' and na.mailbox_id = g.mailbox_id
    left join app_user u on u.id = g.user_id and u.email_confirmed_at is not null
    cross join lateral (select coalesce(na.email, u.email) as email) e`.execute(trx);
  return rows.map((r) => ({
    mailboxId: r.mailbox_id, userId: r.user_id, addressId: r.address_id, firstAt: new Date(r.first_at), email: r.email,
    unsubscribed: r.unsubscribed, lastAt: r.last_at ? new Date(r.last_at) : null,
  }));
}

export type PendingKey = Pick<PendingRecipient, 'mailboxId' | 'userId' | 'addressId'>;

const keyRows = (keys: readonly PendingKey[]) =>
  sql.join(keys.map((k) => sql`(${k.mailboxId}::uuid, ${k.addressId ?? k.userId}::uuid)`));

/** Drops what waited for these recipients (they get nothing: no confirmed address, or unsubscribed). */
export async function dropPending(trx: Executor, keys: readonly PendingKey[]): Promise<void> {
  if (keys.length === 0) return;
  await sql`delete from notification_pending p using (values ${keyRows(keys)}) as k (mailbox_id, who)
    where p.mailbox_id = k.mailbox_id and coalesce(p.address_id, p.user_id) = k.who`.execute(trx);
}

export interface ClaimedLetter {
  mailboxId: string;
  userId: string | null;
  addressId: string | null;
  messageId: string;
  /** the folder the letter arrived in (what the recipient was told of) */
  folderId: string;
  folderName: string;
  folderKind: string;
  unread: boolean;
  /** moved to Slettet since */
  deleted: boolean;
  /** a person still sees the folder (always true for an address) */
  visible: boolean;
}

/**
 * Takes (deletes) what waited for these recipients, with the folder each letter arrived in, whether
 * it is still unread or was deleted since, and whether a person still may see that folder. Letters no
 * longer in the mailbox are left out.
 */
export async function claimPending(trx: Executor, keys: readonly PendingKey[]): Promise<ClaimedLetter[]> {
  if (keys.length === 0) return [];
  const { rows } = await sql<{
    mailbox_id: string; user_id: string | null; address_id: string | null; message_id: string; folder_id: string; folder_name: string; folder_kind: string;
    unread: boolean; deleted: boolean; visible: boolean;
  }>`
    with claimed as (
      delete from notification_pending p using (values ${keyRows(keys)}) as k (mailbox_id, who)
      where p.mailbox_id = k.mailbox_id and coalesce(p.address_id, p.user_id) = k.who
      returning p.mailbox_id, p.folder_id, p.message_id, p.user_id, p.address_id
    )
    select c.mailbox_id, c.user_id, c.address_id, c.message_id, c.folder_id, f.name as folder_name, f.kind as folder_kind,
      s.read_at is null as unread, now_in.kind = 'DELETED' as deleted,
      (c.user_id is null or exists (
        select 1 from membership m join mailbox mb on mb.organisation_id = m.organisation_id
        where mb.id = c.mailbox_id and mb.activated_at is not null and m.user_id = c.user_id and (m.folder_ids is null or c.folder_id = any (m.folder_ids)))) as visible
    from claimed c
    join folder f on f.id = c.folder_id
    join message_state s on s.mailbox_id = c.mailbox_id and s.message_id = c.message_id
    join folder now_in on now_in.id = s.folder_id`.execute(trx);
  return rows.map((r) => ({
    mailboxId: r.mailbox_id, userId: r.user_id, addressId: r.address_id, messageId: r.message_id, folderId: r.folder_id, folderName: r.folder_name,
    folderKind: r.folder_kind, unread: r.unread, deleted: r.deleted, visible: r.visible,
  }));
}

export interface SentDigest {
  mailboxId: string;
  email: string;
  addressId: string | null;
  userId: string | null;
  outgoingMailId: string;
  letters: number;
  unsubscribeTokenSha256: string;
}

/** Notes the digests queued (the last one sent to an address for a mailbox decides when the next may go). */
export async function recordDigests(trx: Executor, digests: readonly SentDigest[], at: Date): Promise<void> {
  if (digests.length === 0) return;
  await trx.insertInto('notification_mail').values(digests.map((d) => ({
    mailbox_id: d.mailboxId, email_key: d.email.toLowerCase(), address_id: d.addressId, user_id: d.userId, outgoing_mail_id: d.outgoingMailId,
    letters: d.letters, unsubscribe_token_sha256: d.unsubscribeTokenSha256, created_at: at,
  }))).execute();
}

// --- the administrators' mail log --------------------------------------------------------------------

export interface NotificationMailLogRow {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  status: OutgoingMailStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** The organisation's notification mails (digests and confirmation links), newest first. */
export async function notificationMailsOfOrganisation(db: Executor, organisationId: string, limit: number): Promise<NotificationMailLogRow[]> {
  return db.selectFrom('outgoing_mail')
    .select(['id', 'kind', 'recipient', 'subject', 'status', 'attempts', 'last_error', 'created_at', 'sent_at'])
    .where('organisation_id', '=', organisationId).where('kind', 'in', [NOTIFICATION_MAIL_KIND, NOTIFICATION_CONFIRMATION_KIND])
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}
