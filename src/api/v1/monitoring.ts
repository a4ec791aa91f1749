import type { FastifyInstance } from 'fastify';
import { ownMonitoring } from '../../admin/index.ts';
import { MonitoringQuery, SystemMonitoringView } from '../../contract/index.ts';
import type { SendContext } from '../../delivery/index.ts';
import { errors } from '../errors.ts';
import { systemOf } from '../system-auth.ts';

/**
 * The authenticated system's own error view (docs/monitoring.md), for the sender's own monitoring:
 * a sender system's sends per day by receipt status and error code, its last refusals with the reason
 * in plain words and what to change, and letters to recipients who became exempt or closed; a
 * recipient system's letters waiting and FAILED business receipts. Never another system's.
 */
export function monitoringRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.get<{ Querystring: MonitoringQuery }>('/monitoring', {
    schema: {
      tags: ['monitoring'],
      summary: 'This system\'s errors and queue: sends per day by status and error code, the last refusals in plain words, '
        + 'letters to recipients who became exempt or closed; letters waiting and FAILED business receipts',
      description: 'A Kuvert extension. Danish days (Europe/Copenhagen); `days` 1 to 90, default 30. '
        + 'Refusals are kept by code (never the error message, a CPR number or letter text); a CPR number is shown masked (221177-****).',
      querystring: MonitoringQuery,
      response: { 200: SystemMonitoringView, ...errors(400, 401) },
    },
  }, async (request): Promise<SystemMonitoringView> => ownMonitoring(ctx.db, systemOf(request), request.query));
}
