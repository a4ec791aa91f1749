import { sql } from 'kysely';
import { citizenStatusOn, danishDate, type RegistryEntry } from '../domain/index.ts';
import type { Executor } from './executor.ts';
import type { FolderKind, OrganisationKind } from './schema.ts';


export async function findRecipient(db: Executor, idType: 'CPR' | 'CVR', id: string, today = new Date()): Promise<RegistryEntry | undefined> {
  if (idType === 'CPR') {
    const row = await db.selectFrom('citizen').leftJoin('mailbox', 'mailbox.citizen_id', 'citizen.id')
      .select(['citizen.status', 'citizen.name', 'mailbox.id as mailbox_id', 'mailbox.status as mailbox_status',
        sql<string | null>`citizen.exemption_from::text`.as('exemption_from'), sql<string | null>`citizen.exemption_to::text`.as('exemption_to')])
      .where('citizen.cpr', '=', id).executeTakeFirst();
    if (!row) return undefined;
    // an exemption counts only within its period (in Danish days): before or after it, the citizen is registered
    const status = citizenStatusOn(row.status, { from: row.exemption_from, to: row.exemption_to }, danishDate(today));
    return { kind: 'citizen', status: row.mailbox_status === 'closed' ? 'closed' : status, mailboxId: row.mailbox_id, name: row.name };
  }
  const row = await db.selectFrom('organisation').leftJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .select((eb) => ['organisation.id', 'organisation.kind', 'organisation.name', 'organisation.status', 'mailbox.id as mailbox_id', 'mailbox.status as mailbox_status',
      eb.selectFrom('production_unit').select(sql<string[]>`coalesce(array_agg(p_number order by p_number), '{}')`.as('p'))
        .whereRef('production_unit.organisation_id', '=', 'organisation.id').as('p_numbers')])
    .where('organisation.cvr', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return {
    kind: row.kind,
    status: row.mailbox_status === 'closed' ? 'closed' : row.status,
    mailboxId: row.mailbox_id,
    pNumbers: row.p_numbers ?? [],
    name: row.name,
    organisationId: row.id,
  };
}

export async function mailboxOfOrganisation(db: Executor, organisationId: string): Promise<string | undefined> {
  const row = await db.selectFrom('mailbox').select('id').where('organisation_id', '=', organisationId).executeTakeFirst();
  return row?.id;
}

const folderIds = new Map<string, string>();

/** Ids of the standard folders never change, so they are cached. */
export async function standardFolderId(db: Executor, mailboxId: string, kind: Exclude<FolderKind, 'USER'>): Promise<string> {
  const key = `${mailboxId}:${kind}`;
  const cached = folderIds.get(key);
  if (cached) return cached;
  const row = await db.selectFrom('folder').select('id').where('mailbox_id', '=', mailboxId).where('kind', '=', kind).executeTakeFirst();
  if (!row) throw new Error(`mailbox ${mailboxId} has no ${kind} folder`);
  folderIds.set(key, row.id);
  return row.id;
}

/**
 * Puts available messages in the queues of their recipient organisation's active recipient systems. A
 * message to a contact point that routes to a system goes to that system only. Otherwise `excluded`
 * names the systems a message does not go to: those the mailbox's rules deliver to when no rule gave
 * them this message (docs/rules.md, "Delivery to recipient systems").
 */
export async function queueForRecipientSystems(
  trx: Executor, messages: ReadonlyArray<{ messageId: string; mailboxId: string; excluded?: readonly string[] }>, at: Date,
): Promise<Array<{ messageId: string; systemId: string }>> {
  if (messages.length === 0) return [];
  const excluded = messages.flatMap((m) => (m.excluded ?? []).map((systemId) => [m.messageId, systemId] as const));
  const rows = await sql<{ system_id: string; message_id: string }>`
    insert into system_queue (system_id, message_id, mailbox_id, available_at)
    select system.id, m.message_id, m.mailbox_id, ${at}
    from unnest(${messages.map((m) => m.messageId)}::uuid[], ${messages.map((m) => m.mailboxId)}::uuid[]) as m (message_id, mailbox_id)
    join mailbox on mailbox.id = m.mailbox_id
    join system on system.organisation_id = mailbox.organisation_id and system.kind = 'recipient' and system.status = 'active'
    join message on message.id = m.message_id
    left join contact_point on contact_point.id = message.recipient_contact_point_id
    left join system routed on routed.id = contact_point.recipient_system_id and routed.status = 'active'
      and routed.organisation_id = mailbox.organisation_id
    where routed.id = system.id or (routed.id is null and not exists (
      select 1 from unnest(${excluded.map((e) => e[0])}::uuid[], ${excluded.map((e) => e[1])}::uuid[]) as x (message_id, system_id)
      where x.message_id = m.message_id and x.system_id = system.id))
    returning system_id, message_id`.execute(trx);
  return rows.rows.map((r) => ({ messageId: r.message_id, systemId: r.system_id }));
}

const STANDARD_FOLDERS: Array<[Exclude<FolderKind, 'USER'>, string]> = [
  ['INBOX', 'Indbakke'], ['SENT', 'Sendt'], ['DRAFTS', 'Kladder'], ['DELETED', 'Slettet'],
];

export type NewMailbox = ({ citizenId: string } | { organisationId: string }) & { status?: 'active' | 'closed' };

/**
 * Mailboxes, each with the standard folders, in batches; their ids in the order given. An
 * organisation's is activated (and its level chosen) by src/admin/organisation.ts.
 */
export async function createMailboxes(trx: Executor, mailboxes: readonly NewMailbox[]): Promise<string[]> {
  const ownerKey = (citizenId: string | null, organisationId: string | null) => (citizenId !== null ? `citizen:${citizenId}` : `organisation:${organisationId}`);
  const ids: string[] = [];
  for (let i = 0; i < mailboxes.length; i += 1000) {
    const chunk = mailboxes.slice(i, i + 1000).map((m) => ({
      citizen_id: 'citizenId' in m ? m.citizenId : null, organisation_id: 'organisationId' in m ? m.organisationId : null, status: m.status ?? 'active',
    }));
    const rows = await trx.insertInto('mailbox').values(chunk).returning(['id', 'citizen_id', 'organisation_id']).execute();
    const byOwner = new Map(rows.map((r) => [ownerKey(r.citizen_id, r.organisation_id), r.id]));
    const chunkIds = chunk.map((m) => byOwner.get(ownerKey(m.citizen_id, m.organisation_id))!);
    await trx.insertInto('folder').values(chunkIds.flatMap((id) => STANDARD_FOLDERS.map(([kind, name]) => ({ mailbox_id: id, kind, name })))).execute();
    ids.push(...chunkIds);
  }
  return ids;
}

/** One mailbox with the standard folders (see createMailboxes). */
export async function createMailbox(trx: Executor, mailbox: NewMailbox): Promise<string> {
  return (await createMailboxes(trx, [mailbox]))[0]!;
}

/** Closes or reopens a mailbox: a closed one keeps its letters, senders get RECIPIENT_CLOSED. */
export async function setMailboxStatus(trx: Executor, mailboxId: string, status: 'active' | 'closed'): Promise<void> {
  await trx.updateTable('mailbox').set({ status }).where('id', '=', mailboxId).execute();
}

const CONTACT_POINT_COLUMNS = ['id', 'name', 'contact_group', 'memo_size_threshold_mb', 'allowed_attachments', 'who_may_write', 'allowed_file_types'] as const;

/** One of the organisation's active contact points, by id; also a deactivated one with `includeInactive` (a reply to an old thread still lands there). */
export async function findContactPoint(db: Executor, organisationId: string, id: string, { includeInactive = false } = {}) {
  let query = db.selectFrom('contact_point').select(CONTACT_POINT_COLUMNS).where('organisation_id', '=', organisationId).where('id', '=', id);
  if (!includeInactive) query = query.where('active', '=', true);
  return query.executeTakeFirst();
}

/** Where mail to an organisation goes when no contact point is named: its oldest active one. */
export async function firstContactPoint(db: Executor, organisationId: string) {
  return db.selectFrom('contact_point').select(CONTACT_POINT_COLUMNS)
    .where('organisation_id', '=', organisationId).where('active', '=', true)
    .orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
}

export type ContactPointLimits = NonNullable<Awaited<ReturnType<typeof findContactPoint>>>;

/** Who owns a mailbox, as a sender of MeMo names them. */
export type MailboxOwner =
  | { kind: 'citizen'; cpr: string; name: string }
  | { kind: OrganisationKind; organisationId: string; cvr: string; name: string };

export async function mailboxOwner(db: Executor, mailboxId: string): Promise<MailboxOwner | undefined> {
  const row = await db.selectFrom('mailbox').leftJoin('citizen', 'citizen.id', 'mailbox.citizen_id').leftJoin('organisation', 'organisation.id', 'mailbox.organisation_id')
    .select(['citizen.cpr', 'citizen.name as citizen_name', 'organisation.id as organisation_id', 'organisation.cvr', 'organisation.name as organisation_name', 'organisation.kind'])
    .where('mailbox.id', '=', mailboxId).executeTakeFirst();
  if (row?.cpr && row.citizen_name) return { kind: 'citizen', cpr: row.cpr, name: row.citizen_name };
  if (row?.organisation_id && row.cvr && row.organisation_name && row.kind) {
    return { kind: row.kind, organisationId: row.organisation_id, cvr: row.cvr, name: row.organisation_name };
  }
  return undefined;
}

export async function organisationById(db: Executor, id: string) {
  return db.selectFrom('organisation').select(['id', 'cvr', 'name', 'kind']).where('id', '=', id).executeTakeFirst();
}

/** The id of the organisation with this CVR. */
export async function organisationIdByCvr(db: Executor, cvr: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisation').select('id').where('cvr', '=', cvr).executeTakeFirst();
  return row?.id;
}

/** The name of a mailbox's owner: the citizen's or the organisation's (whichever owns it). */
export async function mailboxOwnerName(db: Executor, mailboxId: string) {
  return db.selectFrom('mailbox').leftJoin('citizen', 'citizen.id', 'mailbox.citizen_id').leftJoin('organisation', 'organisation.id', 'mailbox.organisation_id')
    .select(['citizen.name as citizen_name', 'organisation.name as organisation_name'])
    .where('mailbox.id', '=', mailboxId).executeTakeFirst();
}

/** Mailboxes by id, in no particular order, each with its level and its owner (an organisation with its CVR); none for no ids. */
export async function mailboxesWithOwners(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('mailbox')
    .leftJoin('citizen', 'citizen.id', 'mailbox.citizen_id').leftJoin('organisation', 'organisation.id', 'mailbox.organisation_id')
    .select(['mailbox.id', 'mailbox.level', 'citizen.name as citizen_name', 'organisation.name as organisation_name', 'organisation.cvr'])
    .where('mailbox.id', 'in', ids).execute();
}

export interface DirectoryQuery { page: number; size: number; organisationCvr?: string | undefined; q?: string | undefined }

/**
 * Active, visible contact points of active organisations, by organisation and name; each with the
 * contact point it is grouped under when that is listed too (active and visible).
 */
export async function contactPointDirectory(db: Executor, { page, size, organisationCvr, q }: DirectoryQuery) {
  let query = db.selectFrom('contact_point').innerJoin('organisation', 'organisation.id', 'contact_point.organisation_id')
    .leftJoin('contact_point as parent', (join) => join.onRef('parent.id', '=', 'contact_point.parent_id')
      .on('parent.active', '=', true).on('parent.visible', '=', true))
    .where('contact_point.active', '=', true).where('contact_point.visible', '=', true).where('organisation.status', '=', 'active');
  if (organisationCvr) query = query.where('organisation.cvr', '=', organisationCvr);
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('contact_point.name', 'ilike', pattern), eb('contact_point.description', 'ilike', pattern)]));
  }
  const [rows, count] = await Promise.all([
    query.select([
      'contact_point.id', 'contact_point.name', 'contact_point.description', 'contact_point.contact_group', 'contact_point.memo_size_threshold_mb',
      'contact_point.allowed_attachments', 'organisation.id as organisation_id', 'organisation.cvr', 'organisation.name as organisation_name',
      'parent.id as parent_id',
    ]).orderBy('organisation.name').orderBy('contact_point.name').orderBy('contact_point.id').limit(size).offset(page * size).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Whether mail to a contact point's mail name is taken: the contact point is active and so is its organisation. */
export async function contactPointTakesMail(db: Executor, mailName: string): Promise<boolean> {
  const row = await db.selectFrom('contact_point').innerJoin('organisation', 'organisation.id', 'contact_point.organisation_id')
    .select('contact_point.id').where('contact_point.mail_name', '=', mailName)
    .where('contact_point.active', '=', true).where('organisation.status', '=', 'active').executeTakeFirst();
  return row !== undefined;
}

/** Whether mail to an organisation's mailbox address is taken: the organisation and its mailbox are active. */
export async function organisationTakesMail(db: Executor, cvr: string): Promise<boolean> {
  const row = await db.selectFrom('organisation').innerJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .select('organisation.id').where('organisation.cvr', '=', cvr)
    .where('organisation.status', '=', 'active').where('mailbox.status', '=', 'active').executeTakeFirst();
  return row !== undefined;
}

/** Active contact points with their organisation and its mailbox. */
function activeContactPoints(db: Executor) {
  return db.selectFrom('contact_point').innerJoin('organisation', 'organisation.id', 'contact_point.organisation_id')
    .innerJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .select(['contact_point.id', 'contact_point.name', 'contact_point.contact_group', 'organisation.id as organisation_id', 'organisation.cvr',
      'organisation.name as organisation_name', 'mailbox.id as mailbox_id'])
    .where('contact_point.active', '=', true);
}

/** The active contact point with this mail name (the local part of its address). */
export async function findContactPointByMailName(db: Executor, mailName: string) {
  return activeContactPoints(db).where('contact_point.mail_name', '=', mailName).executeTakeFirst();
}

/** The oldest active contact point of the organisation with this CVR. */
export async function firstContactPointOfCvr(db: Executor, cvr: string) {
  return activeContactPoints(db).where('organisation.cvr', '=', cvr).orderBy('contact_point.created_at').orderBy('contact_point.id').limit(1).executeTakeFirst();
}

export type MailContactPoint = NonNullable<Awaited<ReturnType<typeof findContactPointByMailName>>>;
