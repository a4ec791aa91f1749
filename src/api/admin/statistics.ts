import type { FastifyInstance } from 'fastify';
import { statistics, statisticsCsv, type AdminContext } from '../../admin/index.ts';
import { AdminParams, StatisticsCsv, StatisticsCsvQuery, StatisticsQuery, StatisticsView } from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { sendCsv } from './csv-file.ts';
import { ORGANISATION_PATH as BASE, who } from './organisation-scope.ts';

const TAGS = ['statistics'];

/**
 * An organisation's letters per month (docs/statistics.md), for its administrators: JSON for the
 * portal and the same figures as a CSV file. Another organisation's id answers 404, roles below
 * administrator 403.
 */
export function statisticsRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: AdminParams; Querystring: StatisticsQuery }>(`${BASE}/statistics`, {
    schema: {
      tags: TAGS, summary: 'Letters per month by subscription group, material or sender, received or sent',
      description: 'Counted when a letter becomes available in its recipient\'s mailbox, in Danish calendar months (Europe/Copenhagen); '
        + 'letters later moved or deleted still count. Default: received letters by subscription group in the last 12 months.',
      params: AdminParams, querystring: StatisticsQuery, response: { 200: StatisticsView, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<StatisticsView> => statistics(ctx, ...who(request), request.query));

  app.get<{ Params: AdminParams; Querystring: StatisticsCsvQuery }>(`${BASE}/statistics.csv`, {
    schema: {
      tags: TAGS, summary: 'The same statistics as a CSV file (semicolon-separated, UTF-8 with a byte order mark, for Danish Excel)',
      params: AdminParams, querystring: StatisticsCsvQuery, produces: ['text/csv'],
      response: { 200: StatisticsCsv, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => sendCsv(reply, await statisticsCsv(ctx, ...who(request), request.query)));
}
