import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FailedAttempts } from '../auth/index.ts';
import type { NewEvent } from '../store/index.ts';
import { ApiError } from './errors.ts';

/** An Authorization header as its scheme (lower case) and value; undefined without a value. */
export function authorization(header: string): { scheme: string; value: string } | undefined {
  const space = header.indexOf(' ');
  const value = header.slice(space + 1).trim();
  return space < 0 || !value ? undefined : { scheme: header.slice(0, space).toLowerCase(), value };
}

/** `user:password` of an HTTP Basic value; undefined without a non-empty user before the colon. */
export function basicPair(value: string): { user: string; password: string } | undefined {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : undefined;
}

/** What an Authorization header presents to an API with credentials of its own. */
export interface Presented<T> {
  /** the well-formed system id or key name it claims, if any: throttled apart from the address */
  name: string | undefined;
  /** who the credentials are; undefined when they are wrong or not of this API's kind */
  check(): Promise<T | undefined>;
}

export interface CredentialsCheck<T> {
  read(header: string): Presented<T>;
  /** the event of a failed attempt: names what was claimed, never a secret */
  failure(name: string | undefined): Pick<NewEvent, 'type' | 'data'>;
  unauthenticated(): ApiError;
  /** keeps who authenticated on the request */
  accept(request: FastifyRequest, who: T): void;
}

/**
 * The `onRequest` hook of an API with credentials of its own (the system API, the operator API).
 * Failed attempts are throttled per claimed name and per client address (docs/security.md): a name or
 * address that failed too often gets 429 TOO_MANY_ATTEMPTS, its credentials unchecked, until
 * Retry-After. A request without an Authorization header is not an attempt (clients that wait for the
 * challenge).
 */
export function throttledAuthenticator<T>(attempts: FailedAttempts, check: CredentialsCheck<T>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    if (!header) throw check.unauthenticated();
    const presented = check.read(header);
    const attempt = { address: request.ip, systemId: presented.name };
    const wait = attempts.retryAfterSeconds(attempt);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new ApiError(429, 'TOO_MANY_ATTEMPTS', `Too many failed authentication attempts; try again in ${wait} seconds.`);
    }
    const who = await presented.check();
    if (who !== undefined) {
      attempts.succeeded(attempt);
      check.accept(request, who);
      return;
    }
    await attempts.failed(attempt, check.failure(presented.name));
    throw check.unauthenticated();
  };
}
