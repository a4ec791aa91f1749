import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import { FORWARD_JOB } from './forwarding.ts';
import { addOrganisation } from './parties.ts';
import { createMailbox } from './registry.ts';
import type { AuthenticatedSystem } from './systems.ts';

/**
 * What the self-test ("Test om det virker", src/admin/doctor) reads, and the test recipient it
 * creates inside the transaction it rolls back.
 */

/** An active system of an active organisation as it is once authenticated (the self-test acts as it; no secret is checked). */
export async function systemAsAuthenticated(db: Executor, id: string): Promise<AuthenticatedSystem | undefined> {
  const row = await db.selectFrom('system')
    .innerJoin('organisation', 'organisation.id', 'system.organisation_id')
    .leftJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .select(['system.id', 'system.kind', 'system.name', 'system.organisation_id', 'organisation.cvr', 'organisation.kind as organisation_kind', 'mailbox.id as mailbox_id'])
    .where('system.id', '=', id).where('system.status', '=', 'active').where('organisation.status', '=', 'active')
    .executeTakeFirst();
  return row && { id: row.id, kind: row.kind, name: row.name, organisationId: row.organisation_id, organisationCvr: row.cvr, organisationKind: row.organisation_kind, mailboxId: row.mailbox_id };
}

export interface TestRecipient { cvr: string; organisationId: string; mailboxId: string; kind: 'company' | 'authority'; contactPointId: string | null }

/**
 * The test recipient: an organisation with an open mailbox under a CVR number no organisation has — a
 * company for an authority to write to, or an authority with a contact point for a company (which may
 * write only to authorities' contact points). Only ever made inside a transaction that is rolled back,
 * so it never exists for anyone else.
 */
export async function addTestRecipient(trx: Executor, name: string, kind: 'company' | 'authority'): Promise<TestRecipient> {
  for (;;) {
    const cvr = String(randomInt(90_000_000, 100_000_000));
    const taken = await trx.selectFrom('organisation').select('id').where('cvr', '=', cvr).executeTakeFirst();
    if (taken) continue;
    const organisationId = await addOrganisation(trx, { cvr, name, kind });
    const mailboxId = await createMailbox(trx, { organisationId });
    const contactPoint = kind === 'authority'
      ? await trx.insertInto('contact_point').values({ organisation_id: organisationId, name, description: '' }).returning('id').executeTakeFirstOrThrow()
      : undefined;
    return { cvr, organisationId, mailboxId, kind, contactPointId: contactPoint?.id ?? null };
  }
}

/** Where a letter went: its thread, its recipient's mailbox and folder, the recipient systems it waits for, whether it is queued for secure-mail forwarding. */
export async function whereLetterWent(db: Executor, messageId: string) {
  const letter = await db.selectFrom('message').leftJoin('message_state as s', (j) => j.onRef('s.message_id', '=', 'message.id').onRef('s.mailbox_id', '=', 'message.recipient_mailbox_id'))
    .select(['message.thread_id', 'message.recipient_mailbox_id', 'message.recipient_contact_point_id', 's.folder_id'])
    .where('message.id', '=', messageId).executeTakeFirst();
  if (!letter) return undefined;
  const systems = await db.selectFrom('system_queue').select('system_id').where('message_id', '=', messageId).where('deleted_at', 'is', null).execute();
  // a forwarding job queued in this transaction: due now, so the due-jobs index finds it without reading the job history
  const forwarded = await db.selectFrom('job').select('id').where('state', 'in', ['pending', 'running']).where('run_at', '>=', sql<Date>`now() - interval '1 minute'`)
    .where('kind', '=', FORWARD_JOB).where(sql<boolean>`payload->>'messageId' = ${messageId}`).executeTakeFirst();
  return {
    threadId: letter.thread_id, mailboxId: letter.recipient_mailbox_id, contactPointId: letter.recipient_contact_point_id,
    folderId: letter.folder_id, systemIds: systems.map((s) => s.system_id), forwarded: forwarded !== undefined,
  };
}

/** People who can read the organisation's mailbox (any role, any folders). */
export async function countMembers(db: Executor, organisationId: string): Promise<number> {
  const row = await db.selectFrom('membership').select((eb) => eb.fn.countAll<string>().as('n')).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Active materials whose subscription group is not one of their organisation's. */
export async function materialsOutsideOwnGroups(db: Executor, organisationId: string) {
  return db.selectFrom('material').leftJoin('subscription_group as g', (j) => j.onRef('g.id', '=', 'material.subscription_group_id').onRef('g.organisation_id', '=', 'material.organisation_id'))
    .select(['material.id', 'material.code', 'material.name'])
    .where('material.organisation_id', '=', organisationId).where('material.active', '=', true).where('g.id', 'is', null)
    .orderBy('material.code').execute();
}

/** The organisation's active sender systems with their default material, if any, and whether it is active. */
export async function sendersWithDefaultMaterial(db: Executor, organisationId: string) {
  return db.selectFrom('system').leftJoin('material', 'material.id', 'system.default_material_id')
    .select(['system.id', 'system.name', 'material.code as material_code', 'material.active as material_active'])
    .where('system.organisation_id', '=', organisationId).where('system.kind', '=', 'sender').where('system.status', '=', 'active')
    .orderBy(sql`lower(system.name)`).execute();
}
