import type { FastifyInstance } from 'fastify';
import { administrators, auditCsv, auditTrail, type AdminContext } from '../../admin/index.ts';
import { AdminParams, AdministratorsView, AuditCsv, AuditCsvQuery, AuditPage, AuditQuery } from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { sendCsv } from './csv-file.ts';
import { ORGANISATION_PATH as BASE, who } from './organisation-scope.ts';

const TAGS = ['audit'];

/**
 * The audit trail and who administers what (docs/audit.md), for an organisation's
 * super-administrators: JSON a page at a time, the same entries as a CSV file. Another organisation's
 * id answers 404, roles below super-administrator 403.
 */
export function auditRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: AdminParams; Querystring: AuditQuery }>(`${BASE}/audit`, {
    schema: {
      tags: TAGS, summary: 'The organisation\'s administrative changes, newest first: who, what, when, before and after',
      description: 'Filter by Danish days (`from`, `to`, both included), `category` and `actor`; continue with `cursor` = `next` of the page before. '
        + 'Pages are stable: changes made meanwhile come before the first page, never between pages.',
      params: AdminParams, querystring: AuditQuery, response: { 200: AuditPage, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<AuditPage> => auditTrail(ctx, ...who(request), request.query));

  app.get<{ Params: AdminParams; Querystring: AuditCsvQuery }>(`${BASE}/audit.csv`, {
    schema: {
      tags: TAGS, summary: 'The same changes as a CSV file (semicolon-separated, UTF-8 with a byte order mark, for Danish Excel)',
      params: AdminParams, querystring: AuditCsvQuery, produces: ['text/csv'],
      response: { 200: AuditCsv, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => sendCsv(reply, await auditCsv(ctx, ...who(request), request.query)));

  app.get<{ Params: AdminParams }>(`${BASE}/administrators`, {
    schema: {
      tags: TAGS, summary: 'Who administers what: every person with a role, for the whole organisation or some folders, since when; who empties each folder',
      params: AdminParams, response: { 200: AdministratorsView, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<AdministratorsView> => administrators(ctx, ...who(request)));
}
