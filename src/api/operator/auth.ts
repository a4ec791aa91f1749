import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateOperator, type ActorName } from '../../admin/index.ts';
import type { FailedAttempts } from '../../auth/index.ts';
import type { Db } from '../../store/index.ts';
import { ApiError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    operator?: { name: string };
  }
}

/** `Basic base64(name:secret)` or `Bearer secret`; undefined for any other scheme. */
function credentials(header: string): { name?: string; secret: string } | undefined {
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (space < 0 || !value) return undefined;
  if (scheme === 'bearer') return { secret: value };
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { name: decoded.slice(0, colon), secret: decoded.slice(colon + 1) } : undefined;
}

/** The OpenAPI security of every operator route: an operator key, as Basic or Bearer. */
export const OPERATOR_SECURITY: Array<Record<string, string[]>> = [{ operator: [] }, { operatorBearer: [] }];

const unauthenticated = () => new ApiError(401, 'UNAUTHENTICATED', 'Send an operator key: HTTP Basic (key name : secret) or Authorization: Bearer <secret>.');

/**
 * The operator API's credentials: an operator key (docs/admin.md). Failed attempts are throttled per
 * key name and per client address as the system API's are (scope `operator-api`); a request without
 * an Authorization header is not an attempt.
 */
export function operatorAuthenticator(db: Db, attempts: FailedAttempts) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    if (!header) throw unauthenticated();
    const given = credentials(header);
    const attempt = { address: request.ip, systemId: given?.name };
    const wait = attempts.retryAfterSeconds(attempt);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new ApiError(429, 'TOO_MANY_ATTEMPTS', `Too many failed authentication attempts; try again in ${wait} seconds.`);
    }
    const operator = given ? await authenticateOperator(db, given.name, given.secret) : undefined;
    if (operator) {
      attempts.succeeded(attempt);
      request.operator = operator;
      return;
    }
    await attempts.failed(attempt, { type: 'OPERATOR_AUTHENTICATION_FAILED', data: { name: given?.name ?? null } });
    throw unauthenticated();
  };
}

/** Who the event log names for what is done with this request's key. */
export function operatorActor(request: FastifyRequest): ActorName {
  if (!request.operator) throw unauthenticated();
  return `operator:${request.operator.name}`;
}
