import type { FastifyInstance } from 'fastify';
import { activateMailbox, changeMailboxLevel, organisationAdmin, type AdminContext } from '../../admin/index.ts';
import { AdminParams, LevelInput, OrganisationAdmin } from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { ORGANISATION_PATH as BASE, who } from './organisation-scope.ts';

/**
 * The organisation's administration page and its mailbox (docs/admin.md, "The organisation's mailbox:
 * activation and level"): every administrator sees it; super-administrators activate the mailbox and
 * switch its level. Non-members get 404, members below administrator 403 FORBIDDEN_ROLE.
 */
export function organisationRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: AdminParams }>(BASE, {
    schema: {
      tags: ['organisation'], summary: 'The organisation, its mailbox (level, activation, own folders), your role, what you may do, pending requests',
      params: AdminParams, response: { 200: OrganisationAdmin, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<OrganisationAdmin> => organisationAdmin(ctx, ...who(request)));

  app.post<{ Params: AdminParams; Body: LevelInput }>(`${BASE}/activation`, {
    schema: {
      tags: ['organisation'], summary: 'Activate the mailbox at a level, once (super-administrators; 409 ALREADY_ACTIVATED after)',
      params: AdminParams, body: LevelInput, response: { 200: OrganisationAdmin, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request): Promise<OrganisationAdmin> => activateMailbox(ctx, ...who(request), request.body));

  app.put<{ Params: AdminParams; Body: LevelInput }>(`${BASE}/level`, {
    schema: {
      tags: ['organisation'],
      summary: 'Switch between standard and extended, keeping every letter: to standard, letters in own folders move to Indbakke and the folders go '
        + '(409 LEVEL_CHANGE_BLOCKED while anyone is limited to folders)',
      params: AdminParams, body: LevelInput, response: { 200: OrganisationAdmin, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request): Promise<OrganisationAdmin> => changeMailboxLevel(ctx, ...who(request), request.body));
}
