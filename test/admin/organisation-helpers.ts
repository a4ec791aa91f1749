import { randomUUID } from 'node:crypto';
import { DEV_IDP_SUBJECT_PREFIX } from '../../src/demo/index.ts';
import { addMembership, addOrganisation, addUser, createMailbox, type Db, type MembershipRole } from '../../src/store/index.ts';
import { sessionFor, type TestSession } from '../helpers/session.ts';

// Organisations and members made directly in the store, for the administration tests of the
// organisation's mailbox, systems and contact points.

/** A new person with this role in the organisation (folder-limited when `folderIds`), logged in. */
export async function memberOf(db: Db, organisationId: string, role: MembershipRole, folderIds: string[] | null = null): Promise<TestSession & { name: string }> {
  const sub = `test-${role}-${randomUUID().slice(0, 8)}`;
  const name = `Test ${role} ${sub.slice(-4)}`;
  const userId = await addUser(db, { subject: `${DEV_IDP_SUBJECT_PREFIX}${sub}`, name, citizenId: null });
  await addMembership(db, { userId, organisationId, role, folderIds });
  return { ...(await sessionFor(db, sub)), name };
}

/** A new organisation with a mailbox, not activated unless `activated`. */
export async function newOrganisation(db: Db, options: { kind?: 'authority' | 'company'; activated?: boolean; level?: 'standard' | 'extended' } = {}) {
  const cvr = String(40_000_000 + Math.floor(Math.random() * 50_000_000));
  const kind = options.kind ?? 'company';
  const id = await addOrganisation(db, { cvr, name: `Testorganisation ${cvr}`, kind });
  const mailboxId = await createMailbox(db, { organisationId: id }, { level: options.level ?? 'standard', ...(options.activated ? { activatedBy: 'cli' } : {}) });
  return { id, cvr, mailboxId };
}

export const countRows = async (db: Db, table: 'event' | 'system' | 'contact_point' | 'message' | 'message_state' | 'folder') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** The events of these types, oldest first, with their bodies parsed. */
export async function eventsOf(db: Db, ...types: string[]) {
  const rows = await db.selectFrom('event').select(['type', 'body', 'mailbox_id', 'message_id']).where('type', 'in', types as never[]).orderBy('at').orderBy('chain').orderBy('seq').execute();
  return rows.map((r) => ({ type: r.type, mailboxId: r.mailbox_id, messageId: r.message_id, ...(JSON.parse(r.body) as { actor: string; data: Record<string, unknown> }) }));
}
