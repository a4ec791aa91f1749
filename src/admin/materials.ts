import type {
  DefaultMaterialInput, DefaultMaterialView, MaterialChange, MaterialInput, MaterialView, SubscriptionGroupInput, SubscriptionGroupView,
} from '../contract/index.ts';
import { parseUuid, Refusal, type Principal } from '../domain/index.ts';
import {
  appendEvents, insertMaterial, insertSubscriptionGroup, materialCodeTaken, materialOfOrganisation, materialsOfOrganisation,
  renameSubscriptionGroup, setSystemDefaultMaterial, subscriptionGroupNameTaken, subscriptionGroupOfOrganisation, subscriptionGroupsOfOrganisation,
  systemWithOrganisation, uniqueViolationAs, updateMaterial, type Executor, type MaterialRow, type MaterialSettings, type SubscriptionGroupRow,
} from '../store/index.ts';
import { actorOf, requireAuthority as authority, requireRole } from './access.ts';
import type { AdminContext } from './context.ts';
import { defaultMaterialOfSystem } from '../store/index.ts';
import { picked } from './audit/index.ts';
import { cleanLine } from './input.ts';

/**
 * An authority's materials and subscription groups (docs/admin.md, "Materials and subscription
 * groups"): its administrators define them, its super-administrators give a sender system a default
 * material. Delivery checks a letter's MeMo messageCode against them (src/delivery/material.ts).
 */

const groupNotFound = () => new Refusal('not-found', 'SUBSCRIPTION_GROUP_NOT_FOUND', 'The organisation has no subscription group with this id.');
const groupUnknown = () => new Refusal('not-allowed', 'SUBSCRIPTION_GROUP_UNKNOWN', 'The subscription group must be one of the organisation\'s.');
const groupNameTaken = () => new Refusal('conflict', 'SUBSCRIPTION_GROUP_NAME_TAKEN', 'The organisation already has a subscription group with this name.');
const materialNotFound = () => new Refusal('not-found', 'MATERIAL_NOT_FOUND', 'The organisation has no material with this id.');
const materialUnknown = () => new Refusal('not-allowed', 'MATERIAL_UNKNOWN', 'The material must be one of the organisation\'s active materials.');
const codeTaken = () => new Refusal('conflict', 'MATERIAL_CODE_TAKEN', 'The organisation already has a material with this code.');

export function subscriptionGroupView(row: SubscriptionGroupRow): SubscriptionGroupView {
  return { id: row.id, name: row.name, createdAt: row.created_at.toISOString() };
}

export function materialView(row: MaterialRow): MaterialView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    subscriptionGroup: { id: row.subscription_group_id, name: row.subscription_group_name },
    mandatory: row.mandatory,
    replyAllowed: row.reply_allowed,
    labelPrefix: row.label_prefix,
    active: row.active,
    defaultOfSystems: row.default_of_systems ?? [],
    createdAt: row.created_at.toISOString(),
  };
}

/** The organisation, which must be an authority: only authorities send with materials. */
const requireAuthority = (db: Executor, organisationId: string) => authority(db, organisationId, 'materials and subscription groups');

/** Runs a change in a transaction; a unique index violated meanwhile answers as `taken` (what the check before it says). */
const changing = <T>(ctx: AdminContext, taken: () => Refusal, change: (trx: Executor) => Promise<T>): Promise<T> =>
  uniqueViolationAs(taken, ctx.db.transaction().execute(change));

// --- subscription groups --------------------------------------------------------------------------

async function existingGroup(trx: Executor, organisationId: string, groupId: string, forUpdate = false): Promise<SubscriptionGroupRow> {
  const id = parseUuid(groupId);
  const row = id ? await subscriptionGroupOfOrganisation(trx, organisationId, id, forUpdate) : undefined;
  if (!row) throw groupNotFound();
  return row;
}

export async function listSubscriptionGroups(ctx: AdminContext, principal: Principal, organisationId: string): Promise<SubscriptionGroupView[]> {
  requireRole(principal, organisationId, 'contact-points');
  await requireAuthority(ctx.db, organisationId);
  return (await subscriptionGroupsOfOrganisation(ctx.db, organisationId)).map(subscriptionGroupView);
}

export async function createSubscriptionGroup(ctx: AdminContext, principal: Principal, organisationId: string, input: SubscriptionGroupInput): Promise<SubscriptionGroupView> {
  requireRole(principal, organisationId, 'contact-points');
  const { mailboxId } = await requireAuthority(ctx.db, organisationId);
  const name = cleanLine(input.name, 'SUBSCRIPTION_GROUP_NAME_INVALID', 'A subscription group\'s name', 100);
  return changing(ctx, groupNameTaken, async (trx) => {
    if (await subscriptionGroupNameTaken(trx, organisationId, name)) throw groupNameTaken();
    const row = await insertSubscriptionGroup(trx, organisationId, name);
    await appendEvents(trx, ctx.eventChains, [{ type: 'SUBSCRIPTION_GROUP_CREATED', actor: actorOf(principal), mailboxId, data: { organisationId, subscriptionGroupId: row.id, name } }]);
    return subscriptionGroupView(row);
  });
}

/** Renames a subscription group; letters filed under it keep it (they name it by id). */
export async function changeSubscriptionGroup(
  ctx: AdminContext, principal: Principal, organisationId: string, groupId: string, input: SubscriptionGroupInput,
): Promise<SubscriptionGroupView> {
  requireRole(principal, organisationId, 'contact-points');
  const { mailboxId } = await requireAuthority(ctx.db, organisationId);
  const name = cleanLine(input.name, 'SUBSCRIPTION_GROUP_NAME_INVALID', 'A subscription group\'s name', 100);
  return changing(ctx, groupNameTaken, async (trx) => {
    const row = await existingGroup(trx, organisationId, groupId, true);
    if (row.name === name) return subscriptionGroupView(row);
    if (await subscriptionGroupNameTaken(trx, organisationId, name, row.id)) throw groupNameTaken();
    await renameSubscriptionGroup(trx, row.id, name);
    await appendEvents(trx, ctx.eventChains, [{
      type: 'SUBSCRIPTION_GROUP_CHANGED', actor: actorOf(principal), mailboxId,
      data: { organisationId, subscriptionGroupId: row.id, changed: ['name'], name, before: { name: row.name }, after: { name } },
    }]);
    return subscriptionGroupView({ ...row, name });
  });
}

// --- materials -------------------------------------------------------------------------------------

async function existingMaterial(trx: Executor, organisationId: string, materialId: string, forUpdate = false): Promise<MaterialRow> {
  const id = parseUuid(materialId);
  const row = id ? await materialOfOrganisation(trx, organisationId, id, forUpdate) : undefined;
  if (!row) throw materialNotFound();
  return row;
}

/** The settings given, checked against the organisation: its subscription group, a free code. */
async function checkedMaterial(trx: Executor, organisationId: string, input: MaterialChange, self?: MaterialRow): Promise<Partial<MaterialSettings>> {
  const settings: Partial<MaterialSettings> = {};
  if (input.code !== undefined) {
    settings.code = cleanLine(input.code, 'MATERIAL_CODE_INVALID', 'A material\'s code', 100);
    if (settings.code !== self?.code && await materialCodeTaken(trx, organisationId, settings.code, self?.id)) throw codeTaken();
  }
  if (input.name !== undefined) settings.name = cleanLine(input.name, 'MATERIAL_NAME_INVALID', 'A material\'s name', 200);
  if (input.subscriptionGroupId !== undefined) {
    const id = parseUuid(input.subscriptionGroupId);
    const group = id ? await subscriptionGroupOfOrganisation(trx, organisationId, id) : undefined;
    if (!group) throw groupUnknown();
    settings.subscriptionGroupId = group.id;
  }
  if (input.mandatory !== undefined) settings.mandatory = input.mandatory;
  if (input.replyAllowed !== undefined) settings.replyAllowed = input.replyAllowed;
  if (input.labelPrefix !== undefined) {
    const prefix = input.labelPrefix?.normalize('NFC').trim() ?? '';
    if (/[\u0000-\u001f\u007f]/.test(prefix)) throw new Refusal('invalid', 'LABEL_PREFIX_INVALID', 'A label prefix is one line.');
    settings.labelPrefix = prefix === '' ? null : prefix;
  }
  if (input.active !== undefined) settings.active = input.active;
  return settings;
}

/** The settings as the view names them, to tell which changed. */
const VIEW_NAMES: Record<keyof MaterialSettings, (row: MaterialRow) => unknown> = {
  code: (r) => r.code, name: (r) => r.name, subscriptionGroupId: (r) => r.subscription_group_id, mandatory: (r) => r.mandatory,
  replyAllowed: (r) => r.reply_allowed, labelPrefix: (r) => r.label_prefix, active: (r) => r.active,
};

export async function listMaterials(ctx: AdminContext, principal: Principal, organisationId: string): Promise<MaterialView[]> {
  requireRole(principal, organisationId, 'contact-points');
  await requireAuthority(ctx.db, organisationId);
  return (await materialsOfOrganisation(ctx.db, organisationId)).map(materialView);
}

export async function createMaterial(ctx: AdminContext, principal: Principal, organisationId: string, input: MaterialInput): Promise<MaterialView> {
  requireRole(principal, organisationId, 'contact-points');
  const { mailboxId } = await requireAuthority(ctx.db, organisationId);
  return changing(ctx, codeTaken, async (trx) => {
    const settings = { mandatory: false, replyAllowed: false, labelPrefix: null, active: true, ...(await checkedMaterial(trx, organisationId, input)) } as MaterialSettings;
    const id = await insertMaterial(trx, organisationId, settings);
    await appendEvents(trx, ctx.eventChains, [{
      type: 'MATERIAL_CREATED', actor: actorOf(principal), mailboxId,
      data: { organisationId, materialId: id, code: settings.code, subscriptionGroupId: settings.subscriptionGroupId, after: settings },
    }]);
    return materialView((await materialOfOrganisation(trx, organisationId, id))!);
  });
}

/** Changes the settings given (`active: false` deactivates); MATERIAL_CHANGED names those that changed. */
export async function changeMaterial(
  ctx: AdminContext, principal: Principal, organisationId: string, materialId: string, input: MaterialChange,
): Promise<MaterialView> {
  requireRole(principal, organisationId, 'contact-points');
  const { mailboxId } = await requireAuthority(ctx.db, organisationId);
  return changing(ctx, codeTaken, async (trx) => {
    const row = await existingMaterial(trx, organisationId, materialId, true);
    const settings = await checkedMaterial(trx, organisationId, input, row);
    const changed = (Object.keys(settings) as Array<keyof MaterialSettings>).filter((key) => VIEW_NAMES[key](row) !== settings[key]);
    if (changed.length === 0) return materialView(row);
    await updateMaterial(trx, row.id, Object.fromEntries(changed.map((key) => [key, settings[key]])));
    await appendEvents(trx, ctx.eventChains, [{
      type: 'MATERIAL_CHANGED', actor: actorOf(principal), mailboxId,
      data: { organisationId, materialId: row.id, changed, before: Object.fromEntries(changed.map((key) => [key, VIEW_NAMES[key](row)])), after: picked(settings, changed) },
    }]);
    return materialView((await materialOfOrganisation(trx, organisationId, row.id))!);
  });
}

/**
 * Gives a sender system of the authority the material its letters get when they name none by
 * messageCode (null: none). Its super-administrators, as for the other settings of systems.
 */
export async function setDefaultMaterial(
  ctx: AdminContext, principal: Principal, organisationId: string, systemId: string, input: DefaultMaterialInput,
): Promise<DefaultMaterialView> {
  requireRole(principal, organisationId, 'systems');
  const { mailboxId } = await requireAuthority(ctx.db, organisationId);
  return ctx.db.transaction().execute(async (trx) => {
    const id = parseUuid(systemId);
    const system = id ? await systemWithOrganisation(trx, id, true) : undefined;
    if (!system || system.organisation_id !== organisationId) throw new Refusal('not-found', 'SYSTEM_NOT_FOUND', 'The organisation has no system with this id.');
    if (system.kind !== 'sender') throw new Refusal('not-allowed', 'SENDER_SYSTEM_REQUIRED', 'Only sender systems have a default material.');
    let materialId: string | null = null;
    if (input.materialId !== null) {
      const wanted = parseUuid(input.materialId);
      const material = wanted ? await materialOfOrganisation(trx, organisationId, wanted) : undefined;
      if (!material?.active) throw materialUnknown();
      materialId = material.id;
    }
    const previous = await defaultMaterialOfSystem(trx, system.id);
    await setSystemDefaultMaterial(trx, system.id, materialId);
    await appendEvents(trx, ctx.eventChains, [{
      type: 'SYSTEM_DEFAULT_MATERIAL_SET', actor: actorOf(principal), mailboxId,
      data: { organisationId, systemId: system.id, materialId, before: { materialId: previous }, after: { materialId } },
    }]);
    return { systemId: system.id, materialId };
  });
}
