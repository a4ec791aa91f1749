import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadSession, secondsLeft, type ActiveSession, type SessionUse } from '../../auth/index.ts';
import { Refusal } from '../../domain/index.ts';
import type { Db } from '../../store/index.ts';
import { SESSION_COOKIE } from './cookies.ts';

declare module 'fastify' {
  interface FastifyRequest {
    session?: ActiveSession;
  }
  interface FastifyContextConfig {
    /** how the route uses the session (default `use`: it extends the idle timeout) */
    sessionUse?: SessionUse;
  }
}

/** Every /api answer says how many seconds the session has left unless used again. */
export const SESSION_EXPIRES_HEADER = 'x-session-expires-in';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * For `/api`: a valid session cookie is required (401 UNAUTHENTICATED), and every state-changing
 * request must carry the session's CSRF token in `x-csrf-token` (403 CSRF_TOKEN_INVALID).
 * Needs @fastify/cookie registered.
 */
export function sessionGuard(db: Db) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = request.cookies?.[SESSION_COOKIE];
    const session = token ? await loadSession(db, token, request.routeOptions.config?.sessionUse ?? 'use') : undefined;
    if (!session) throw new Refusal('unauthenticated', 'UNAUTHENTICATED', 'Log in first.');
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new Refusal('forbidden', 'CSRF_TOKEN_INVALID', 'The request lacks the CSRF token of this session (header x-csrf-token).');
    }
    request.session = session;
    reply.header(SESSION_EXPIRES_HEADER, String(secondsLeft(session)));
  };
}

export function sessionOf(request: FastifyRequest): ActiveSession {
  if (!request.session) throw new Refusal('unauthenticated', 'UNAUTHENTICATED', 'Log in first.');
  return request.session;
}
