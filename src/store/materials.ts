import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/**
 * An authority's materials and subscription groups (docs/admin.md, "Materials and subscription
 * groups"): administered by its administrators, named by a letter's MeMo messageCode (or a sender
 * system's default material) when delivery accepts it.
 */

// --- subscription groups --------------------------------------------------------------------------

const GROUP_COLUMNS = ['id', 'name', 'created_at'] as const;

/** The organisation's subscription groups by name. */
export async function subscriptionGroupsOfOrganisation(db: Executor, organisationId: string) {
  return db.selectFrom('subscription_group').select(GROUP_COLUMNS).where('organisation_id', '=', organisationId)
    .orderBy(sql`lower(name)`).orderBy('id').execute();
}

export type SubscriptionGroupRow = Awaited<ReturnType<typeof subscriptionGroupsOfOrganisation>>[number];

/** One subscription group of the organisation; locked until the transaction ends when `forUpdate`. */
export async function subscriptionGroupOfOrganisation(db: Executor, organisationId: string, id: string, forUpdate = false): Promise<SubscriptionGroupRow | undefined> {
  let query = db.selectFrom('subscription_group').select(GROUP_COLUMNS).where('organisation_id', '=', organisationId).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Whether another of the organisation's subscription groups (than `exceptId`) has this name, ignoring case. */
export async function subscriptionGroupNameTaken(db: Executor, organisationId: string, name: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('subscription_group').select('id').where('organisation_id', '=', organisationId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Adds a subscription group; a unique violation (23505) when the name is taken meanwhile. */
export async function insertSubscriptionGroup(trx: Executor, organisationId: string, name: string): Promise<SubscriptionGroupRow> {
  return trx.insertInto('subscription_group').values({ organisation_id: organisationId, name }).returning(GROUP_COLUMNS).executeTakeFirstOrThrow();
}

export async function renameSubscriptionGroup(trx: Executor, id: string, name: string): Promise<void> {
  await trx.updateTable('subscription_group').set({ name }).where('id', '=', id).execute();
}

// --- materials -------------------------------------------------------------------------------------

function materials(db: Executor, organisationId: string) {
  return db.selectFrom('material').innerJoin('subscription_group as g', 'g.id', 'material.subscription_group_id')
    .select((eb) => [
      'material.id', 'material.code', 'material.name', 'material.subscription_group_id', 'g.name as subscription_group_name',
      'material.mandatory', 'material.reply_allowed', 'material.label_prefix', 'material.active', 'material.created_at',
      eb.selectFrom('system').select(sql<string[]>`coalesce(array_agg(system.id order by system.id), '{}')`.as('ids'))
        .whereRef('system.default_material_id', '=', 'material.id').as('default_of_systems'),
    ])
    .where('material.organisation_id', '=', organisationId);
}

/** The organisation's materials, active or not, by code; each with its subscription group and the systems it is the default of. */
export async function materialsOfOrganisation(db: Executor, organisationId: string) {
  return materials(db, organisationId).orderBy('material.code').orderBy('material.id').execute();
}

export type MaterialRow = Awaited<ReturnType<typeof materialsOfOrganisation>>[number];

/** One material of the organisation, active or not; locked until the transaction ends when `forUpdate`. */
export async function materialOfOrganisation(db: Executor, organisationId: string, id: string, forUpdate = false): Promise<MaterialRow | undefined> {
  let query = materials(db, organisationId).where('material.id', '=', id);
  if (forUpdate) query = query.forUpdate('material');
  return query.executeTakeFirst();
}

/** Whether another of the organisation's materials (than `exceptId`) has this code. */
export async function materialCodeTaken(db: Executor, organisationId: string, code: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('material').select('id').where('organisation_id', '=', organisationId).where('code', '=', code);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface MaterialSettings {
  code: string;
  name: string;
  subscriptionGroupId: string;
  mandatory: boolean;
  replyAllowed: boolean;
  labelPrefix: string | null;
  active: boolean;
}

const materialColumns = (s: Partial<MaterialSettings>) => ({
  ...(s.code !== undefined ? { code: s.code } : {}),
  ...(s.name !== undefined ? { name: s.name } : {}),
  ...(s.subscriptionGroupId !== undefined ? { subscription_group_id: s.subscriptionGroupId } : {}),
  ...(s.mandatory !== undefined ? { mandatory: s.mandatory } : {}),
  ...(s.replyAllowed !== undefined ? { reply_allowed: s.replyAllowed } : {}),
  ...(s.labelPrefix !== undefined ? { label_prefix: s.labelPrefix } : {}),
  ...(s.active !== undefined ? { active: s.active } : {}),
});

/** Adds a material and returns its id; a unique violation (23505) when the code is taken meanwhile. */
export async function insertMaterial(trx: Executor, organisationId: string, settings: MaterialSettings): Promise<string> {
  const row = await trx.insertInto('material').values({ organisation_id: organisationId, ...materialColumns(settings), code: settings.code, name: settings.name, subscription_group_id: settings.subscriptionGroupId })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Changes some settings of a material; a unique violation (23505) when the new code is taken. */
export async function updateMaterial(trx: Executor, id: string, settings: Partial<MaterialSettings>): Promise<void> {
  const set = materialColumns(settings);
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('material').set(set).where('id', '=', id).execute();
}

/** Sets (or clears, with null) the material a sender system's letters get when they name none. */
export async function setSystemDefaultMaterial(trx: Executor, systemId: string, materialId: string | null): Promise<void> {
  await trx.updateTable('system').set({ default_material_id: materialId }).where('id', '=', systemId).execute();
}

// --- delivery and what recipients see ---------------------------------------------------------------

/** A letter's material: its code, and its subscription group with the group's name (what rules ask for). */
export interface LetterMaterial { id: string; code: string; subscription_group_id: string; subscription_group_name: string }

const LETTER_MATERIAL = ['material.id', 'material.code', 'material.subscription_group_id', 'subscription_group.name as subscription_group_name'] as const;

/** The organisation's active material with this code. */
export async function activeMaterialByCode(db: Executor, organisationId: string, code: string): Promise<LetterMaterial | undefined> {
  return db.selectFrom('material').innerJoin('subscription_group', 'subscription_group.id', 'material.subscription_group_id').select(LETTER_MATERIAL)
    .where('material.organisation_id', '=', organisationId).where('material.code', '=', code).where('material.active', '=', true).executeTakeFirst();
}

/** The sender system's default material, if it has one and it is active. */
export async function activeDefaultMaterialOfSystem(db: Executor, systemId: string): Promise<LetterMaterial | undefined> {
  return db.selectFrom('system').innerJoin('material', 'material.id', 'system.default_material_id')
    .innerJoin('subscription_group', 'subscription_group.id', 'material.subscription_group_id').select(LETTER_MATERIAL)
    .where('system.id', '=', systemId).where('material.active', '=', true).executeTakeFirst();
}

/** Whether the organisation has defined any material (active or not). */
export async function organisationHasMaterials(db: Executor, organisationId: string): Promise<boolean> {
  return (await db.selectFrom('material').select('id').where('organisation_id', '=', organisationId).limit(1).executeTakeFirst()) !== undefined;
}

/** The material and subscription group a message was accepted with, as their names are now. */
export async function materialOfMessage(db: Executor, messageId: string) {
  return db.selectFrom('message')
    .leftJoin('material', 'material.id', 'message.material_id')
    .leftJoin('subscription_group as g', 'g.id', 'message.subscription_group_id')
    .select(['material.code as material_code', 'material.name as material_name', 'g.name as subscription_group_name'])
    .where('message.id', '=', messageId).executeTakeFirst();
}

/** The name of the folder the message is in, in this mailbox. */
export async function folderNameOfMessage(db: Executor, mailboxId: string, messageId: string): Promise<string | undefined> {
  return (await db.selectFrom('message_state').innerJoin('folder', 'folder.id', 'message_state.folder_id').select('folder.name')
    .where('message_state.mailbox_id', '=', mailboxId).where('message_state.message_id', '=', messageId).executeTakeFirst())?.name;
}
