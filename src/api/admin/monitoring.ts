import type { FastifyInstance } from 'fastify';
import { organisationMonitoring, type AdminContext } from '../../admin/index.ts';
import { AdminParams, MonitoringQuery, MonitoringView } from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { ORGANISATION_PATH as BASE, who } from './organisation-scope.ts';

/**
 * The sender's error view of every system of the organisation (docs/monitoring.md), for its
 * administrators ("Fejl og kø" in the portal). Another organisation's id answers 404, roles below
 * administrator 403. Reading changes nothing.
 */
export function monitoringRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: AdminParams; Querystring: MonitoringQuery }>(`${BASE}/monitoring`, {
    schema: {
      tags: ['monitoring'],
      summary: 'Errors and queues of the organisation\'s systems: sends per day by status and error code, the last refusals in plain words, '
        + 'letters to recipients who became exempt or closed, letters waiting and FAILED business receipts',
      description: 'Danish days (Europe/Copenhagen); `days` 1 to 90, default 30. No CPR number is shown in full.',
      params: AdminParams, querystring: MonitoringQuery, response: { 200: MonitoringView, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<MonitoringView> => organisationMonitoring(ctx, ...who(request), request.query));
}
