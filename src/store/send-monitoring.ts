import { sql } from 'kysely';
import { danishDate, danishMidnight } from '../domain/index.ts';
import { foldAllCounts, SEND_COUNTS } from './counts.ts';
import type { Executor } from './executor.ts';

/**
 * The sender's error view (docs/monitoring.md), in `send_count` and `send_refusal` (migration 015):
 *
 * - delivery counts each accepted letter of a system in its group commit (`countAcceptedSends`, one
 *   set-based INSERT of new rows per transaction), and each refused send in the refusal's transaction
 *   (`recordSendRefusal`, one statement for the count and the refusal's row). Insert-only, no unique
 *   key: concurrent senders never wait for each other here;
 * - `compactSendCounts` (a periodic job) folds each key's rows into one merged row; readers sum every
 *   row of a key, so the figures never depend on when it ran; `pruneSendMonitoring` removes what is
 *   older than the retention;
 * - a refusal's row keeps codes only — the receipt's error code, the first MeMo problem's code and
 *   element path — never its error message (it may name the recipient), a CPR number or letter text.
 *
 * A day is a Danish calendar day (Europe/Copenhagen).
 */

export type SendStatus = 'RECEIVED' | 'INVALID' | 'NOT_ALLOWED';

/** Refusals kept in detail per system and Danish day; every refusal is counted all the same. */
export const REFUSALS_KEPT_PER_DAY = 1000;

export interface AcceptedSend { systemId: string; at: Date }

const DANISH_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Counts letters systems sent that were accepted, in the delivery's transaction: one INSERT for the
 * batch, of one row per system and Danish day (grouped here: a plain multi-row VALUES is the cheapest
 * statement for the database).
 */
export async function countAcceptedSends(trx: Executor, sends: readonly AcceptedSend[]): Promise<void> {
  if (sends.length === 0) return;
  const rows = new Map<string, { system_id: string; day: string; status: 'RECEIVED'; error_code: ''; sends: number }>();
  for (const send of sends) {
    const day = DANISH_DAY.format(send.at);
    const key = `${send.systemId}|${day}`;
    const row = rows.get(key);
    if (row) row.sends += 1;
    else rows.set(key, { system_id: send.systemId, day, status: 'RECEIVED', error_code: '', sends: 1 });
  }
  await trx.insertInto('send_count').values([...rows.values()]).execute();
}

export interface SendRefusalRecord {
  systemId: string;
  organisationId: string;
  at: Date;
  status: Exclude<SendStatus, 'RECEIVED'>;
  errorCode: string;
  messageUuid: string | null;
  /** MEMO_INVALID: the first problem's code and element path */
  issueCode: string | null;
  issuePath: string | null;
  issues: number;
}

/**
 * Counts a refused send and keeps it for the list of the last refusals (unless the system had
 * REFUSALS_KEPT_PER_DAY of them today already), in one statement (the count's INSERT runs as a CTE),
 * in the refusal's transaction.
 */
export async function recordSendRefusal(trx: Executor, refusal: SendRefusalRecord): Promise<void> {
  const day = DANISH_DAY.format(refusal.at);
  const dayStart = danishMidnight(day);
  await sql`
    with counted as (
      insert into send_count (system_id, day, status, error_code, sends)
      values (${refusal.systemId}::uuid, ${day}::date, ${refusal.status}, ${refusal.errorCode}, 1)
    )
    insert into send_refusal (system_id, organisation_id, at, status, error_code, message_uuid, issue_code, issue_path, issues)
    select ${refusal.systemId}::uuid, ${refusal.organisationId}::uuid, ${refusal.at}::timestamptz, ${refusal.status}, ${refusal.errorCode},
      ${refusal.messageUuid}::uuid, ${refusal.issueCode}, ${refusal.issuePath}, ${refusal.issues}
    where (select count(*) from (select 1 from send_refusal where system_id = ${refusal.systemId}::uuid and at >= ${dayStart}::timestamptz
        limit ${REFUSALS_KEPT_PER_DAY}) kept) < ${REFUSALS_KEPT_PER_DAY}`.execute(trx);
}

/** Folds the unmerged send counts (src/store/counts.ts); returns the rows removed. */
export const compactAllSendCounts = (db: Executor, maxStatements?: number) => foldAllCounts(db, SEND_COUNTS, maxStatements);

/** Removes counts of days before `beforeDay` and refusals before `before` (in slices); returns the rows removed. */
export async function pruneSendMonitoring(db: Executor, before: Date, beforeDay: string, slice = 10_000): Promise<number> {
  let removed = 0;
  for (;;) {
    const { numAffectedRows } = await sql`
      delete from send_refusal where id in (select id from send_refusal where at < ${before}::timestamptz limit ${slice})`.execute(db);
    removed += Number(numAffectedRows ?? 0);
    if (Number(numAffectedRows ?? 0) < slice) break;
  }
  const { numAffectedRows } = await sql`delete from send_count where day < ${beforeDay}::date`.execute(db);
  return removed + Number(numAffectedRows ?? 0);
}

export interface SendCountRow {
  system_id: string;
  /** YYYY-MM-DD */
  day: string;
  status: SendStatus;
  /** '' for RECEIVED */
  error_code: string;
  sends: number;
}

/** The systems' sends per day, status and code from `from` to `to` (Danish days, both included). */
export async function sendCounts(db: Executor, systemIds: readonly string[], from: string, to: string): Promise<SendCountRow[]> {
  if (systemIds.length === 0) return [];
  const { rows } = await sql<SendCountRow>`
    select system_id, day::text as day, status, error_code, sum(sends)::bigint as sends
    from send_count
    where system_id = any(${systemIds}::uuid[]) and day between ${from}::date and ${to}::date
    group by system_id, day, status, error_code`.execute(db);
  return rows.map((r) => ({ ...r, sends: Number(r.sends) }));
}

/** The system's last refusals since `since`, newest first. */
export async function latestSendRefusals(db: Executor, systemId: string, since: Date, limit: number) {
  return db.selectFrom('send_refusal')
    .select(['at', 'status', 'error_code', 'message_uuid', 'issue_code', 'issue_path', 'issues'])
    .where('system_id', '=', systemId).where('at', '>=', since)
    .orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export interface UnreachableLetterRow {
  system_id: string;
  message_uuid: string;
  memo_message_id: string | null;
  received_at: Date;
  recipient_id_type: string;
  cpr: string | null;
  cvr: string | null;
  organisation_name: string | null;
  /** 'exempt' or 'closed' */
  reason: 'exempt' | 'closed';
  /** when it became so, as far as Kuvert knows: the exemption's first day, else when the status changed */
  since: string | null;
  /** every such letter of the systems in the period (the rows are at most `limit`) */
  total: number;
}

/**
 * Letters the systems sent (accepted) since `since` whose recipient is exempt (on `today`, a Danish
 * date) or closed now: they may never be read in Digital Post. Looks only at recipients whose status
 * or exemption changed since `since` (a letter to one who was exempt or closed already was refused),
 * by the partial indexes of migration 015, then at their letters by the recipient's index.
 */
export async function unreachableLetters(db: Executor, systemIds: readonly string[], since: Date, today: string, limit: number): Promise<UnreachableLetterRow[]> {
  if (systemIds.length === 0) return [];
  const sinceDay = danishDate(since);
  const { rows } = await sql<UnreachableLetterRow>`
    with candidate as (
      select b.id as mailbox_id from citizen c join mailbox b on b.citizen_id = c.id
      where c.status <> 'registered' and (c.status_changed_at >= ${since}::timestamptz or (c.status = 'exempt' and c.exemption_from >= ${sinceDay}::date))
      union
      select b.id from mailbox b where b.status = 'closed' and b.status_changed_at >= ${since}::timestamptz
      union
      select b.id from organisation o join mailbox b on b.organisation_id = o.id where o.status = 'closed' and o.status_changed_at >= ${since}::timestamptz
    ), unreachable as (
      select k.mailbox_id, c.cpr, o.cvr, o.name as organisation_name,
        case when b.status = 'closed' or c.status = 'closed' or o.status = 'closed' then 'closed' else 'exempt' end as reason,
        case when b.status = 'closed' or c.status = 'closed' or o.status = 'closed'
          then to_char(greatest(b.status_changed_at, c.status_changed_at, o.status_changed_at) at time zone 'Europe/Copenhagen', 'YYYY-MM-DD')
          else coalesce(c.exemption_from::text, to_char(c.status_changed_at at time zone 'Europe/Copenhagen', 'YYYY-MM-DD')) end as since
      from candidate k join mailbox b on b.id = k.mailbox_id
      left join citizen c on c.id = b.citizen_id
      left join organisation o on o.id = b.organisation_id
      where b.status = 'closed' or c.status = 'closed' or o.status = 'closed'
        or (c.status = 'exempt' and (c.exemption_from is null or c.exemption_from <= ${today}::date)
          and (c.exemption_to is null or c.exemption_to >= ${today}::date))
    )
    select m.sender_system_id as system_id, m.message_uuid, m.memo_message_id, m.received_at, m.recipient_id_type,
      u.cpr, u.cvr, u.organisation_name, u.reason, u.since, count(*) over (partition by m.sender_system_id) as total
    from unreachable u
    join message m on m.recipient_mailbox_id = u.mailbox_id and m.received_at >= ${since}::timestamptz
    where m.sender_system_id = any(${systemIds}::uuid[])
    order by m.received_at desc, m.id
    limit ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, total: Number(r.total) }));
}

/** The system's FAILED business receipts since `since`: the latest `limit`, newest first, and how many in all. */
export async function failedBusinessReceipts(db: Executor, systemId: string, since: Date, limit: number) {
  const [rows, count] = await Promise.all([
    db.selectFrom('business_receipt as r').innerJoin('message as m', 'm.id', 'r.message_id')
      .select(['r.created_at', 'r.error_code', 'r.error_message', 'm.message_uuid'])
      .where('r.system_id', '=', systemId).where('r.status', '=', 'FAILED').where('r.created_at', '>=', since)
      .orderBy('r.created_at', 'desc').orderBy('r.id').limit(limit).execute(),
    db.selectFrom('business_receipt').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('system_id', '=', systemId).where('status', '=', 'FAILED').where('created_at', '>=', since).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The organisation's systems (active or not), by name. */
export async function systemsForMonitoring(db: Executor, organisationId: string) {
  return db.selectFrom('system').select(['id', 'name', 'kind', 'status'])
    .where('organisation_id', '=', organisationId)
    .orderBy(sql`lower(name)`).orderBy('id').execute();
}
