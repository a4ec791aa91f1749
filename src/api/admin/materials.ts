import type { FastifyInstance } from 'fastify';
import {
  changeMaterial, changeSubscriptionGroup, createMaterial, createSubscriptionGroup, listMaterials, listSubscriptionGroups, setDefaultMaterial,
  type AdminContext,
} from '../../admin/index.ts';
import {
  AdminParams, DefaultMaterialInput, DefaultMaterialView, MaterialChange, MaterialInput, MaterialList, MaterialParams, MaterialView,
  SubscriptionGroupInput, SubscriptionGroupList, SubscriptionGroupParams, SubscriptionGroupView, SystemParams,
} from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { ORGANISATION_PATH as BASE, who } from './organisation-scope.ts';
const TAGS = ['materials'];

/**
 * An authority's materials and subscription groups, for its administrators, and a sender system's
 * default material, for its super-administrators (docs/admin.md, "Materials and subscription groups").
 * A company has none (403 AUTHORITY_REQUIRED); another organisation's ids answer 404.
 */
export function materialRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: AdminParams }>(`${BASE}/subscription-groups`, {
    schema: {
      tags: TAGS, summary: 'The authority\'s subscription groups, by name',
      params: AdminParams, response: { 200: SubscriptionGroupList, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<SubscriptionGroupList> => listSubscriptionGroups(ctx, ...who(request)));

  app.post<{ Params: AdminParams; Body: SubscriptionGroupInput }>(`${BASE}/subscription-groups`, {
    schema: {
      tags: TAGS, summary: 'Create a subscription group (e.g. "BBR"); its name is unique in the organisation, ignoring case',
      params: AdminParams, body: SubscriptionGroupInput, response: { 201: SubscriptionGroupView, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => reply.status(201).send(await createSubscriptionGroup(ctx, ...who(request), request.body)));

  app.patch<{ Params: SubscriptionGroupParams; Body: SubscriptionGroupInput }>(`${BASE}/subscription-groups/:subscriptionGroupId`, {
    schema: {
      tags: TAGS, summary: 'Rename a subscription group',
      params: SubscriptionGroupParams, body: SubscriptionGroupInput, response: { 200: SubscriptionGroupView, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request): Promise<SubscriptionGroupView> => changeSubscriptionGroup(ctx, ...who(request), request.params.subscriptionGroupId, request.body));

  app.get<{ Params: AdminParams }>(`${BASE}/materials`, {
    schema: {
      tags: TAGS, summary: 'The authority\'s materials, active or not, by code',
      params: AdminParams, response: { 200: MaterialList, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<MaterialList> => listMaterials(ctx, ...who(request)));

  app.post<{ Params: AdminParams; Body: MaterialInput }>(`${BASE}/materials`, {
    schema: {
      tags: TAGS, summary: 'Create a material: the code letters name by MeMo messageCode, its name and subscription group',
      params: AdminParams, body: MaterialInput, response: { 201: MaterialView, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => reply.status(201).send(await createMaterial(ctx, ...who(request), request.body)));

  app.patch<{ Params: MaterialParams; Body: MaterialChange }>(`${BASE}/materials/:materialId`, {
    schema: {
      tags: TAGS, summary: 'Change some settings of a material; those left out stay. active: false deactivates it',
      params: MaterialParams, body: MaterialChange, response: { 200: MaterialView, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request): Promise<MaterialView> => changeMaterial(ctx, ...who(request), request.params.materialId, request.body));

  app.put<{ Params: SystemParams; Body: DefaultMaterialInput }>(`${BASE}/systems/:systemId/default-material`, {
    schema: {
      tags: TAGS, summary: 'Set (or clear, with null) the material a sender system\'s letters get when they name none by messageCode',
      params: SystemParams, body: DefaultMaterialInput, response: { 200: DefaultMaterialView, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (request): Promise<DefaultMaterialView> => setDefaultMaterial(ctx, ...who(request), request.params.systemId, request.body));
}
