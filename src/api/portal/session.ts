import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../auth/guard.ts';
import type { SendContext } from '../../delivery/index.ts';
import { mailboxesWithOwners } from '../../store/index.ts';
import { Session, type MailboxInfo } from '../../contract/index.ts';
import { errors } from '../errors.ts';

export function sessionRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.get('/session', {
    schema: {
      tags: ['portal'],
      summary: 'The logged-in user, the CSRF token for state-changing calls, and the mailboxes the user may open',
      response: { 200: Session, ...errors(401) },
    },
  }, async (request): Promise<Session> => {
    const session = sessionOf(request);
    const { principal } = session;
    const ids = [...(principal.citizenMailboxId ? [principal.citizenMailboxId] : []), ...principal.memberships.map((m) => m.mailboxId)];
    const rows = await mailboxesWithOwners(ctx.db, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      user: { id: principal.userId, name: principal.name, kind: principal.citizenMailboxId ? 'citizen' : 'employee' },
      csrfToken: session.csrfToken,
      mailboxes: ids.flatMap((id): MailboxInfo[] => {
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
