import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../auth/guard.ts';
import type { SendContext } from '../../delivery/index.ts';
import { Session } from '../../contract/index.ts';
import { mailboxesOf } from '../../portal/index.ts';
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
    return {
      user: { id: principal.userId, name: principal.name, kind: principal.citizenMailboxId ? 'citizen' : 'employee' },
      csrfToken: session.csrfToken,
      mailboxes: await mailboxesOf(ctx, principal),
    };
  });
}
