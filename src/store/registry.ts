import { createHash, timingSafeEqual } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { RegistryEntry } from '../domain/index.ts';
import type { Db } from './database.ts';
import type { Database, FolderKind, SystemKind } from './schema.ts';

type Executor = Db | Transaction<Database>;

export interface AuthenticatedSystem {
  id: string;
  kind: SystemKind;
  name: string;
  organisationId: string;
  organisationCvr: string;
  /** the organisation's mailbox (its Sendt folder keeps what the system sends) */
  mailboxId: string | null;
}

/** System secrets are long random tokens, so a plain SHA-256 is enough to store them (as with API tokens). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export async function authenticateSystem(db: Executor, id: string, secret: string): Promise<AuthenticatedSystem | undefined> {
  const row = await db.selectFrom('system')
    .innerJoin('organisation', 'organisation.id', 'system.organisation_id')
    .leftJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .select(['system.id', 'system.kind', 'system.name', 'system.secret_sha256', 'system.organisation_id', 'organisation.cvr', 'mailbox.id as mailbox_id'])
    .where('system.id', '=', id).where('system.status', '=', 'active').where('organisation.status', '=', 'active')
    .executeTakeFirst();
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(row?.secret_sha256 ?? '00'.repeat(32), 'hex');
  if (!row || stored.length !== given.length || !timingSafeEqual(stored, given)) return undefined;
  return { id: row.id, kind: row.kind, name: row.name, organisationId: row.organisation_id, organisationCvr: row.cvr, mailboxId: row.mailbox_id };
}

export async function findRecipient(db: Executor, idType: 'CPR' | 'CVR', id: string): Promise<RegistryEntry | undefined> {
  if (idType === 'CPR') {
    const row = await db.selectFrom('citizen').leftJoin('mailbox', 'mailbox.citizen_id', 'citizen.id')
      .select(['citizen.status', 'mailbox.id as mailbox_id', 'mailbox.status as mailbox_status'])
      .where('citizen.cpr', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return { kind: 'citizen', status: row.mailbox_status === 'closed' ? 'closed' : row.status, mailboxId: row.mailbox_id };
  }
  const row = await db.selectFrom('organisation').leftJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .select((eb) => ['organisation.status', 'mailbox.id as mailbox_id', 'mailbox.status as mailbox_status',
      eb.selectFrom('production_unit').select(sql<string[]>`coalesce(array_agg(p_number order by p_number), '{}')`.as('p'))
        .whereRef('production_unit.organisation_id', '=', 'organisation.id').as('p_numbers')])
    .where('organisation.cvr', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return {
    kind: 'organisation',
    status: row.mailbox_status === 'closed' ? 'closed' : row.status,
    mailboxId: row.mailbox_id,
    pNumbers: row.p_numbers ?? [],
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

/** Queues messages for every active recipient system of their mailboxes' organisations. */
export async function queueForRecipientSystems(
  trx: Executor, messages: ReadonlyArray<{ messageId: string; mailboxId: string }>, at: Date,
): Promise<Array<{ messageId: string; systemId: string }>> {
  if (messages.length === 0) return [];
  const rows = await sql<{ system_id: string; message_id: string }>`
    insert into system_queue (system_id, message_id, mailbox_id, available_at)
    select system.id, m.message_id, m.mailbox_id, ${at}
    from unnest(${messages.map((m) => m.messageId)}::uuid[], ${messages.map((m) => m.mailboxId)}::uuid[]) as m (message_id, mailbox_id)
    join mailbox on mailbox.id = m.mailbox_id
    join system on system.organisation_id = mailbox.organisation_id and system.kind = 'recipient' and system.status = 'active'
    returning system_id, message_id`.execute(trx);
  return rows.rows.map((r) => ({ messageId: r.message_id, systemId: r.system_id }));
}

const STANDARD_FOLDERS: Array<[Exclude<FolderKind, 'USER'>, string]> = [
  ['INBOX', 'Indbakke'], ['SENT', 'Sendt'], ['DRAFTS', 'Kladder'], ['DELETED', 'Slettet'],
];

export async function createMailbox(trx: Executor, owner: { citizenId: string } | { organisationId: string }, level: 'standard' | 'extended' = 'standard'): Promise<string> {
  const { id } = await trx.insertInto('mailbox').values({
    citizen_id: 'citizenId' in owner ? owner.citizenId : null,
    organisation_id: 'organisationId' in owner ? owner.organisationId : null,
    level,
  }).returning('id').executeTakeFirstOrThrow();
  await trx.insertInto('folder').values(STANDARD_FOLDERS.map(([kind, name]) => ({ mailbox_id: id, kind, name }))).execute();
  return id;
}
