import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import type { MembershipRole, SystemAlertKind } from './schema.ts';

/**
 * Is the mailbox emptied? (docs/emptying.md): letters marked handled (message_state.handled_at/by),
 * folders' responsible people and thresholds (folder_watch), the alerts for unhandled letters older
 * than their folder's threshold (emptying_alert, once per letter, folder and threshold), and recipient
 * systems that stop fetching or answer FAILED (system_watch, system_alert, one open alert per episode).
 */

// --- handled -----------------------------------------------------------------------------------------

/**
 * Marks a message of the mailbox handled by `handled.by` at `handled.at`, or (null) not handled —
 * only if it is not so already; whether it changed (two people at once: one of them changes it).
 */
export async function setMessageHandled(trx: Executor, mailboxId: string, messageId: string, handled: { by: string; at: Date } | null): Promise<boolean> {
  const { numUpdatedRows } = await trx.updateTable('message_state')
    .set(handled ? { handled_at: handled.at, handled_by: handled.by } : { handled_at: null, handled_by: null })
    .where('mailbox_id', '=', mailboxId).where('message_id', '=', messageId)
    .where('handled_at', handled ? 'is' : 'is not', null)
    .executeTakeFirst();
  return numUpdatedRows > 0n;
}

// --- folders and their watches ----------------------------------------------------------------------

/** Folders that can be watched: Indbakke and own folders (not Sendt, Kladder, Slettet). */
export const WATCHED_KINDS = ['INBOX', 'USER'] as const;

/** The folder of the mailbox, if it is one that can be watched, with its watch (if any). */
export async function watchableFolder(db: Executor, mailboxId: string, folderId: string) {
  return db.selectFrom('folder as f').leftJoin('folder_watch as w', 'w.folder_id', 'f.id')
    .select(['f.id', 'f.kind', 'f.name', 'w.responsible_user_id', 'w.responsible_unit', 'w.threshold_hours'])
    .where('f.mailbox_id', '=', mailboxId).where('f.id', '=', folderId).executeTakeFirst();
}

/**
 * The watchable folders of a mailbox with their watch and how they are emptied at `now`: letters not
 * handled, the oldest one's arrival, those older than the threshold (`overdue`), and `open_alerts`:
 * letters alerted at the folder's current threshold that are still there and not handled.
 */
export async function emptyingOfMailbox(db: Executor, mailboxId: string, now: Date) {
  const unhandled = sql`s.mailbox_id = f.mailbox_id and s.folder_id = f.id and s.handled_at is null`;
  return db.selectFrom('folder as f').leftJoin('folder_watch as w', 'w.folder_id', 'f.id').leftJoin('app_user as u', 'u.id', 'w.responsible_user_id')
    .select([
      'f.id', 'f.kind', 'f.name', 'w.responsible_user_id', 'u.name as responsible_name', 'w.responsible_unit', 'w.threshold_hours',
      'w.updated_at', 'w.updated_by',
      sql<string>`(select count(*) from message_state s where ${unhandled})`.as('unhandled'),
      sql<Date | null>`(select min(s.created_at) from message_state s where ${unhandled})`.as('oldest_unhandled_at'),
      sql<string>`(case when w.threshold_hours is null then 0 else (select count(*) from message_state s
        where ${unhandled} and s.created_at <= ${now}::timestamptz - make_interval(hours => w.threshold_hours)) end)`.as('overdue'),
      sql<string>`(select count(distinct a.message_id) from emptying_alert a
        join message_state s on s.mailbox_id = a.mailbox_id and s.message_id = a.message_id and s.folder_id = a.folder_id and s.handled_at is null
        where a.folder_id = f.id and a.threshold_hours = w.threshold_hours)`.as('open_alerts'),
    ])
    .where('f.mailbox_id', '=', mailboxId).where('f.kind', 'in', WATCHED_KINDS)
    .execute();
}

export type FolderEmptyingRow = Awaited<ReturnType<typeof emptyingOfMailbox>>[number];

export interface FolderWatchSettings {
  folderId: string;
  mailboxId: string;
  organisationId: string;
  responsibleUserId: string | null;
  responsibleUnit: string | null;
  thresholdHours: number;
  by: string;
}

/** Sets a folder's watch (made or replaced). */
export async function upsertFolderWatch(trx: Executor, watch: FolderWatchSettings): Promise<void> {
  const values = {
    responsible_user_id: watch.responsibleUserId, responsible_unit: watch.responsibleUnit, threshold_hours: watch.thresholdHours,
    updated_at: new Date(), updated_by: watch.by,
  };
  await trx.insertInto('folder_watch').values({ folder_id: watch.folderId, mailbox_id: watch.mailboxId, organisation_id: watch.organisationId, ...values })
    .onConflict((oc) => oc.column('folder_id').doUpdateSet(values)).execute();
}

/** Removes a folder's watch; whether it had one. */
export async function deleteFolderWatch(trx: Executor, folderId: string): Promise<boolean> {
  const { numDeletedRows } = await trx.deleteFrom('folder_watch').where('folder_id', '=', folderId).executeTakeFirst();
  return numDeletedRows > 0n;
}

/** A member of the organisation: role, folders and confirmed address (for a responsible person). */
export async function memberForWatch(db: Executor, organisationId: string, userId: string) {
  return db.selectFrom('membership').innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['membership.user_id', 'membership.role', 'membership.folder_ids', 'app_user.name'])
    .where('membership.organisation_id', '=', organisationId).where('membership.user_id', '=', userId).executeTakeFirst();
}

/**
 * The folders of the mailbox `userId` is responsible for, with the letters alerted at the current
 * threshold that are still there and not handled (the responsible person's notice in the portal).
 */
export async function responsibleFolders(db: Executor, mailboxId: string, userId: string) {
  return db.selectFrom('folder_watch as w').innerJoin('folder as f', 'f.id', 'w.folder_id')
    .select([
      'f.id', 'f.kind', 'f.name', 'w.threshold_hours',
      sql<string>`(select count(distinct a.message_id) from emptying_alert a
        join message_state s on s.mailbox_id = a.mailbox_id and s.message_id = a.message_id and s.folder_id = a.folder_id and s.handled_at is null
        where a.folder_id = w.folder_id and a.threshold_hours = w.threshold_hours)`.as('open_alerts'),
    ])
    .where('w.mailbox_id', '=', mailboxId).where('w.responsible_user_id', '=', userId)
    .execute();
}

// --- alerts for letters ------------------------------------------------------------------------------

export interface RaisedFolderAlerts {
  organisation_id: string;
  mailbox_id: string;
  folder_id: string;
  threshold_hours: number;
  /** new alerts in this folder (count as text, as PostgreSQL's bigint comes) */
  raised: string | number;
}

/**
 * Raises an alert for every unhandled letter of a watched folder that is older than the folder's
 * threshold at `now` (by when it came into the mailbox) and has none yet at this threshold in this
 * folder. Only new alerts are returned, counted per folder: a unique key makes every letter,
 * folder and threshold alert once, also when two servers check at the same time.
 */
export async function raiseEmptyingAlerts(trx: Executor, now: Date): Promise<RaisedFolderAlerts[]> {
  const { rows } = await sql<RaisedFolderAlerts>`
    with raised as (
      insert into emptying_alert (organisation_id, mailbox_id, folder_id, message_id, threshold_hours, raised_at)
      select w.organisation_id, s.mailbox_id, s.folder_id, s.message_id, w.threshold_hours, ${now}::timestamptz
      from folder_watch w
      join message_state s on s.mailbox_id = w.mailbox_id and s.folder_id = w.folder_id
      where s.handled_at is null and s.created_at <= ${now}::timestamptz - make_interval(hours => w.threshold_hours)
      on conflict (mailbox_id, message_id, folder_id, threshold_hours) do nothing
      returning organisation_id, mailbox_id, folder_id, threshold_hours)
    select organisation_id, mailbox_id, folder_id, threshold_hours, count(*) as raised
    from raised group by organisation_id, mailbox_id, folder_id, threshold_hours`.execute(trx);
  return rows;
}

/** The watches of these folders with their folder's name and kind and the organisation's name. */
export async function watchesOfFolders(db: Executor, folderIds: readonly string[]) {
  if (folderIds.length === 0) return [];
  return db.selectFrom('folder_watch as w').innerJoin('folder as f', 'f.id', 'w.folder_id').innerJoin('organisation as o', 'o.id', 'w.organisation_id')
    .select(['w.folder_id', 'w.mailbox_id', 'w.organisation_id', 'o.name as organisation_name', 'f.kind', 'f.name', 'w.responsible_user_id', 'w.responsible_unit', 'w.threshold_hours'])
    .where('w.folder_id', 'in', [...new Set(folderIds)]).execute();
}

/** People of the organisation with their role, folders and confirmed address (whom alerts are mailed to). */
export async function membersWithAddresses(db: Executor, organisationId: string) {
  return db.selectFrom('membership').innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['membership.user_id', 'membership.role', 'membership.folder_ids', 'app_user.email', 'app_user.email_confirmed_at'])
    .where('membership.organisation_id', '=', organisationId).execute();
}

export type MemberWithAddress = Awaited<ReturnType<typeof membersWithAddresses>>[number];

export const ADMIN_ROLES: readonly MembershipRole[] = ['super-admin', 'admin'];

// --- recipient systems -------------------------------------------------------------------------------

/**
 * Recipient systems (active ones, of one organisation or all) with how they fetch at `now`: letters
 * waiting (available, not fetched, not removed) and the oldest one's arrival, the last fetch, the
 * latest business receipt, how many FAILED receipts came since the last other one, the hours without
 * a fetch after which it is alerted (its own, or `defaultHours`).
 */
export async function recipientSystemsHealth(db: Executor, now: Date, defaultHours: number, organisationId?: string) {
  let query = db.selectFrom('system as s').leftJoin('system_watch as w', 'w.system_id', 's.id').innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .select([
      's.id', 's.name', 's.status', 's.organisation_id', 'o.name as organisation_name', 'w.fetch_alert_hours as own_fetch_alert_hours',
      sql<number>`coalesce(w.fetch_alert_hours, ${defaultHours})`.as('fetch_alert_hours'),
      sql<string>`(select count(*) from system_queue q where q.system_id = s.id and q.fetched_at is null and q.deleted_at is null
        and q.available_at <= ${now}::timestamptz)`.as('waiting'),
      sql<Date | null>`(select min(q.available_at) from system_queue q where q.system_id = s.id and q.fetched_at is null and q.deleted_at is null
        and q.available_at <= ${now}::timestamptz)`.as('oldest_waiting_at'),
      sql<Date | null>`(select max(q.fetched_at) from system_queue q where q.system_id = s.id and q.fetched_at is not null)`.as('last_fetched_at'),
      sql<string | null>`(select r.status from business_receipt r where r.system_id = s.id order by r.created_at desc limit 1)`.as('latest_receipt_status'),
      sql<Date | null>`(select max(r.created_at) from business_receipt r where r.system_id = s.id)`.as('latest_receipt_at'),
      sql<string>`(select count(*) from business_receipt r where r.system_id = s.id and r.status = 'FAILED'
        and r.created_at > coalesce((select max(r2.created_at) from business_receipt r2 where r2.system_id = s.id and r2.status <> 'FAILED'), '-infinity'))`.as('failed_since'),
    ])
    .where('s.kind', '=', 'recipient');
  if (organisationId !== undefined) query = query.where('s.organisation_id', '=', organisationId);
  else query = query.where('s.status', '=', 'active');
  return query.orderBy(sql`lower(s.name)`).orderBy('s.id').execute();
}

export type SystemHealthRow = Awaited<ReturnType<typeof recipientSystemsHealth>>[number];

/** Open system alerts (of one organisation, or all). */
export async function openSystemAlerts(db: Executor, organisationId?: string) {
  let query = db.selectFrom('system_alert').select(['id', 'organisation_id', 'system_id', 'kind', 'raised_at', 'details']).where('cleared_at', 'is', null);
  if (organisationId !== undefined) query = query.where('organisation_id', '=', organisationId);
  return query.orderBy('raised_at').execute();
}

/** Opens an alert episode; undefined when one of this kind is open for the system already. */
export async function openSystemAlert(trx: Executor, alert: { organisationId: string; systemId: string; kind: SystemAlertKind; at: Date; details: Record<string, unknown> }) {
  return trx.insertInto('system_alert').values({
    organisation_id: alert.organisationId, system_id: alert.systemId, kind: alert.kind, raised_at: alert.at, details: JSON.stringify(alert.details),
  }).onConflict((oc) => oc.columns(['system_id', 'kind']).where('cleared_at', 'is', null).doNothing()).returning('id').executeTakeFirst();
}

/** Ends an episode; whether it was open. */
export async function clearSystemAlert(trx: Executor, id: string, at: Date): Promise<boolean> {
  const { numUpdatedRows } = await trx.updateTable('system_alert').set({ cleared_at: at }).where('id', '=', id).where('cleared_at', 'is', null).executeTakeFirst();
  return numUpdatedRows > 0n;
}

/** A recipient system of the organisation (active or not). */
export async function recipientSystemOf(db: Executor, organisationId: string, systemId: string) {
  return db.selectFrom('system').leftJoin('system_watch as w', 'w.system_id', 'system.id')
    .select(['system.id', 'system.name', 'system.kind', 'system.status', 'w.fetch_alert_hours'])
    .where('system.organisation_id', '=', organisationId).where('system.id', '=', systemId).executeTakeFirst();
}

/** Sets (hours) or removes (null: the default) the hours without a fetch after which the system is alerted. */
export async function setSystemWatch(trx: Executor, watch: { systemId: string; organisationId: string; fetchAlertHours: number | null; by: string }): Promise<void> {
  if (watch.fetchAlertHours === null) {
    await trx.deleteFrom('system_watch').where('system_id', '=', watch.systemId).execute();
    return;
  }
  const values = { fetch_alert_hours: watch.fetchAlertHours, updated_at: new Date(), updated_by: watch.by };
  await trx.insertInto('system_watch').values({ system_id: watch.systemId, organisation_id: watch.organisationId, ...values })
    .onConflict((oc) => oc.column('system_id').doUpdateSet(values)).execute();
}
