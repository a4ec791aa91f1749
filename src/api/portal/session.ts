import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../../auth/index.ts';
import type { SendContext } from '../../delivery/index.ts';
import { errors } from '../v1/schemas.ts';

export function sessionRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.get('/session', {
    schema: {
      tags: ['portal'],
      summary: 'The logged-in user, the CSRF token for state-changing calls, and the mailboxes the user may open',
      response: {
        200: {
          type: 'object',
          properties: {
            user: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string', enum: ['citizen', 'employee'] } } },
            csrfToken: { type: 'string' },
            mailboxes: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' }, ownerName: { type: 'string' }, ownerKind: { type: 'string', enum: ['citizen', 'organisation'] },
                  cvr: { type: 'string' }, level: { type: 'string' }, role: { type: 'string' }, organisationId: { type: 'string' },
                },
              },
            },
          },
        },
        ...errors(401),
      },
    },
  }, async (request) => {
    const session = sessionOf(request);
    const { principal } = session;
    const ids = [...(principal.citizenMailboxId ? [principal.citizenMailboxId] : []), ...principal.memberships.map((m) => m.mailboxId)];
    const rows = ids.length === 0 ? [] : await ctx.db.selectFrom('mailbox')
      .leftJoin('citizen', 'citizen.id', 'mailbox.citizen_id').leftJoin('organisation', 'organisation.id', 'mailbox.organisation_id')
      .select(['mailbox.id', 'mailbox.level', 'citizen.name as citizen_name', 'organisation.name as organisation_name', 'organisation.cvr'])
      .where('mailbox.id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      user: { id: principal.userId, name: principal.name, kind: principal.citizenMailboxId ? 'citizen' : 'employee' },
      csrfToken: session.csrfToken,
      mailboxes: ids.flatMap((id) => {
        const row = byId.get(id);
        if (!row) return [];
        const membership = principal.memberships.find((m) => m.mailboxId === id);
        return [{
          id, level: row.level,
          ownerName: row.organisation_name ?? row.citizen_name ?? '',
          ownerKind: row.cvr ? 'organisation' : 'citizen',
          ...(row.cvr ? { cvr: row.cvr } : {}),
          ...(membership ? { role: membership.role, organisationId: membership.organisationId } : {}),
        }];
      }),
    };
  });
}
