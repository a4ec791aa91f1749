import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FailedAttempts } from '../auth/index.ts';
import { parseUuid } from '../domain/index.ts';
import { authenticateSystem, type AuthenticatedSystem, type Db } from '../store/index.ts';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    system?: AuthenticatedSystem;
  }
}

function basicCredentials(header: string): { id: string; secret: string; decoded: string } | undefined {
  const [scheme, encoded] = header.split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const id = colon > 0 ? parseUuid(decoded.slice(0, colon)) : undefined;
  return id ? { id, secret: decoded.slice(colon + 1), decoded } : undefined;
}

const unauthenticated = () => new ApiError(401, 'UNAUTHENTICATED', 'Send the system id and secret with HTTP Basic authentication.');

/**
 * Systems authenticate with HTTP Basic: the system id as user name and its secret as password.
 * (Client certificates, as NgDP uses, attach to the same system row: `system.certificate_sha256`.)
 * Failed attempts are throttled per system id and per client address (docs/security.md): a key
 * that failed too often gets 429 TOO_MANY_ATTEMPTS, its credentials unchecked, until Retry-After.
 * A request without an Authorization header is not an attempt (clients that wait for the challenge).
 */
export function systemAuthenticator(db: Db, attempts: FailedAttempts, cacheSeconds = 10) {
  // a system sends many requests in a row; its credentials are looked up again after cacheSeconds,
  // so disabling a system or changing its secret takes effect within that time
  const cache = new Map<string, { system: AuthenticatedSystem; until: number }>();
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    if (!header) throw unauthenticated();
    const credentials = basicCredentials(header);
    const attempt = { address: request.ip, systemId: credentials?.id };
    const wait = attempts.retryAfterSeconds(attempt);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new ApiError(429, 'TOO_MANY_ATTEMPTS', `Too many failed authentication attempts; try again in ${wait} seconds.`);
    }
    if (credentials) {
      const key = createHash('sha256').update(credentials.decoded).digest('hex');
      const cached = cache.get(key);
      let system = cached && cached.until > Date.now() ? cached.system : undefined;
      if (!system) {
        system = await authenticateSystem(db, credentials.id, credentials.secret);
        if (system) {
          if (cache.size >= 10_000) cache.clear();
          cache.set(key, { system, until: Date.now() + cacheSeconds * 1000 });
        }
      }
      if (system) {
        attempts.succeeded(attempt);
        request.system = system;
        return;
      }
    }
    await attempts.failed(attempt, { type: 'SYSTEM_AUTHENTICATION_FAILED', data: { systemId: credentials?.id ?? null } });
    throw unauthenticated();
  };
}

export function systemOf(request: FastifyRequest): AuthenticatedSystem {
  if (!request.system) throw new ApiError(401, 'UNAUTHENTICATED', 'Not authenticated.');
  return request.system;
}
