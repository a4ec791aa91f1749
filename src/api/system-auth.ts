import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FailedAttempts } from '../auth/index.ts';
import { parseUuid } from '../domain/index.ts';
import { authenticateSystem, type AuthenticatedSystem, type Db } from '../store/index.ts';
import { authorization, basicPair, throttledAuthenticator } from './credentials.ts';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    system?: AuthenticatedSystem;
  }
}

function basicCredentials(header: string): { id: string; secret: string } | undefined {
  const given = authorization(header);
  const pair = given?.scheme === 'basic' ? basicPair(given.value) : undefined;
  const id = pair ? parseUuid(pair.user) : undefined;
  return id && pair ? { id, secret: pair.password } : undefined;
}

const unauthenticated = () => new ApiError(401, 'UNAUTHENTICATED', 'Send the system id and secret with HTTP Basic authentication.');

/**
 * Systems authenticate with HTTP Basic: the system id as user name and its secret as password.
 * (Client certificates, as NgDP uses, attach to the same system row: `system.certificate_sha256`.)
 * Failed attempts are throttled per system id and per client address (`throttledAuthenticator`).
 */
export function systemAuthenticator(db: Db, attempts: FailedAttempts, cacheSeconds = 10) {
  // a system sends many requests in a row; its credentials are looked up again after cacheSeconds,
  // so disabling a system or changing its secret takes effect within that time
  const cache = new Map<string, { system: AuthenticatedSystem; until: number }>();
  const authenticate = async (credentials: { id: string; secret: string }): Promise<AuthenticatedSystem | undefined> => {
    const key = createHash('sha256').update(`${credentials.id}:${credentials.secret}`).digest('hex');
    const cached = cache.get(key);
    if (cached && cached.until > Date.now()) return cached.system;
    const system = await authenticateSystem(db, credentials.id, credentials.secret);
    if (system) {
      if (cache.size >= 10_000) cache.clear();
      cache.set(key, { system, until: Date.now() + cacheSeconds * 1000 });
    }
    return system;
  };
  return throttledAuthenticator(attempts, {
    read: (header) => {
      const credentials = basicCredentials(header);
      return { name: credentials?.id, check: async () => (credentials ? authenticate(credentials) : undefined) };
    },
    failure: (systemId) => ({ type: 'SYSTEM_AUTHENTICATION_FAILED', data: { systemId: systemId ?? null } }),
    unauthenticated,
    accept: (request, system) => { request.system = system; },
  });
}

export function systemOf(request: FastifyRequest): AuthenticatedSystem {
  if (!request.system) throw new ApiError(401, 'UNAUTHENTICATED', 'Not authenticated.');
  return request.system;
}
