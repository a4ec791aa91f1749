import type { FastifyInstance } from 'fastify';
import { secondsLeft } from '../../auth/index.ts';
import { sessionOf } from '../auth/guard.ts';
import type { SendContext } from '../../delivery/index.ts';
import { Session, SessionExpiry } from '../../contract/index.ts';
import { mailboxesOf } from '../../portal/index.ts';
import { errors } from '../errors.ts';

export function sessionRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.get('/session', {
    schema: {
      tags: ['portal'],
      summary: 'The logged-in user, the CSRF token for state-changing calls, the mailboxes the user may open, and when the session ends',
      response: { 200: Session, ...errors(401) },
    },
  }, async (request): Promise<Session> => {
    const session = sessionOf(request);
    const { principal } = session;
    return {
      user: { id: principal.userId, name: principal.name, kind: principal.citizenMailboxId ? 'citizen' : 'employee' },
      csrfToken: session.csrfToken,
      mailboxes: await mailboxesOf(ctx, principal),
      expiresIn: secondsLeft(session),
      idleSeconds: session.idleSeconds,
    };
  });

  app.get('/session/expiry', {
    config: { sessionUse: 'peek' },
    schema: {
      tags: ['portal'],
      summary: 'How long the session has left; asking does not extend it (the web app\'s timeout warning asks before it warns)',
      response: { 200: SessionExpiry, ...errors(401) },
    },
  }, async (request): Promise<SessionExpiry> => ({ expiresIn: secondsLeft(sessionOf(request)) }));

  app.post('/session/extend', {
    config: { sessionUse: 'extend' },
    schema: {
      tags: ['portal'],
      summary: '"Forbliv logget ind": extends the idle timeout from now (up to the session\'s lifetime); CSRF-checked',
      response: { 200: SessionExpiry, ...errors(401, 403) },
    },
  }, async (request): Promise<SessionExpiry> => ({ expiresIn: secondsLeft(sessionOf(request)) }));
}
