import type { FastifyRequest } from 'fastify';
import { authenticateOperator, type ActorName } from '../../admin/index.ts';
import type { FailedAttempts } from '../../auth/index.ts';
import type { Db } from '../../store/index.ts';
import { authorization, basicPair, throttledAuthenticator } from '../credentials.ts';
import { ApiError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    operator?: { name: string };
  }
}

/** `Basic base64(name:secret)` or `Bearer secret`; undefined for any other scheme. */
function credentials(header: string): { name?: string; secret: string } | undefined {
  const given = authorization(header);
  if (given?.scheme === 'bearer') return { secret: given.value };
  const pair = given?.scheme === 'basic' ? basicPair(given.value) : undefined;
  return pair ? { name: pair.user, secret: pair.password } : undefined;
}

/** The OpenAPI security of every operator route: an operator key, as Basic or Bearer. */
export const OPERATOR_SECURITY: Array<Record<string, string[]>> = [{ operator: [] }, { operatorBearer: [] }];

const unauthenticated = () => new ApiError(401, 'UNAUTHENTICATED', 'Send an operator key: HTTP Basic (key name : secret) or Authorization: Bearer <secret>.');

/**
 * The operator API's credentials: an operator key (docs/admin.md), throttled per key name and per
 * client address as the system API's are (`throttledAuthenticator`, scope `operator-api`).
 */
export function operatorAuthenticator(db: Db, attempts: FailedAttempts) {
  return throttledAuthenticator(attempts, {
    read: (header) => {
      const given = credentials(header);
      return { name: given?.name, check: async () => (given ? authenticateOperator(db, given.name, given.secret) : undefined) };
    },
    failure: (name) => ({ type: 'OPERATOR_AUTHENTICATION_FAILED', data: { name: name ?? null } }),
    unauthenticated,
    accept: (request, operator) => { request.operator = operator; },
  });
}

/** Who the event log names for what is done with this request's key. */
export function operatorActor(request: FastifyRequest): ActorName {
  if (!request.operator) throw unauthenticated();
  return `operator:${request.operator.name}`;
}
