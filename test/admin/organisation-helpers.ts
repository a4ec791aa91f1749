import { randomUUID } from 'node:crypto';
import { activateOrganisationMailbox, grantMembership } from '../../src/admin/index.ts';
import { DEMO, DEV_IDP_SUBJECT_PREFIX } from '../../src/demo/index.ts';
import { addOrganisation, addUser, createMailbox, organisationIdByCvr, type Db, type MembershipRole } from '../../src/store/index.ts';
import { startTestKuvert, type TestDatabase } from '../helpers/databases.ts';
import { sessionFor, type TestSession } from '../helpers/session.ts';
import { login } from '../portal/helpers.ts';

// Organisations and members for the administration tests of the organisation's mailbox, systems and
// contact points: the parties made directly in the store (as the registry import makes them), access
// and activation through the administration services (as an operator gives them, actor `cli`).

/** What the helpers write with: a running Kuvert's `ctx`. */
export interface HelperContext { db: Db; eventChains: number }

/** A new person with this role in the organisation (folder-limited when `folderIds`), logged in. */
export async function memberOf(ctx: HelperContext, organisationId: string, role: MembershipRole, folderIds: string[] | null = null): Promise<TestSession & { name: string }> {
  const sub = `test-${role}-${randomUUID().slice(0, 8)}`;
  const name = `Test ${role} ${sub.slice(-4)}`;
  await ctx.db.transaction().execute(async (trx) => {
    const userId = await addUser(trx, { subject: `${DEV_IDP_SUBJECT_PREFIX}${sub}`, name, citizenId: null });
    await grantMembership(trx, ctx.eventChains, 'cli', { userId, organisationId, role, folderIds });
  });
  return { ...(await sessionFor(ctx.db, sub)), name };
}

/** A new organisation with a mailbox, not activated unless `activated` (then at `level`, standard unless given). */
export async function newOrganisation(ctx: HelperContext, options: { kind?: 'authority' | 'company'; activated?: boolean; level?: 'standard' | 'extended' } = {}) {
  const cvr = String(40_000_000 + Math.floor(Math.random() * 50_000_000));
  const kind = options.kind ?? 'company';
  return ctx.db.transaction().execute(async (trx) => {
    const id = await addOrganisation(trx, { cvr, name: `Testorganisation ${cvr}`, kind });
    const mailboxId = await createMailbox(trx, { organisationId: id });
    if (options.activated) await activateOrganisationMailbox(trx, ctx.eventChains, 'cli', id, options.level ?? 'standard');
    return { id, cvr, mailboxId };
  });
}

export const countRows = async (db: Db, table: 'event' | 'system' | 'contact_point' | 'message' | 'message_state' | 'folder') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** The events of these types, oldest first, with their bodies parsed. */
export async function eventsOf(db: Db, ...types: string[]) {
  const rows = await db.selectFrom('event').select(['type', 'body', 'mailbox_id', 'message_id']).where('type', 'in', types as never[]).orderBy('at').orderBy('chain').orderBy('seq').execute();
  return rows.map((r) => ({ type: r.type, mailboxId: r.mailbox_id, messageId: r.message_id, ...(JSON.parse(r.body) as { actor: string; data: Record<string, unknown> }) }));
}

/**
 * Kuvert with the demo data, for what an authority administers: Karen (Kommunen's super-administrator),
 * Jens (a citizen) and Mette (Demo ApS's) logged in, Kommunen's id, and another activated authority's.
 */
export async function authorityAdministration(database: TestDatabase) {
  const kuvert = await startTestKuvert(database);
  const db = kuvert.store.db;
  const [karen, jens, mette] = [await login(kuvert.app, db, 'demo-employee-karen'), await login(kuvert.app, db, 'demo-citizen-jens'), await login(kuvert.app, db, 'demo-employee-mette')];
  const authority = (await organisationIdByCvr(db, DEMO.authority.cvr))!;
  const otherAuthority = (await newOrganisation(kuvert.ctx, { kind: 'authority', activated: true })).id;
  return { kuvert, karen, jens, mette, authority, otherAuthority };
}
