import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FailedAttempts } from '../auth/index.ts';
import { parseUuid } from '../domain/index.ts';
import { authenticateSystem, systemCertificatePins, type AuthenticatedSystem, type CertificatePin, type Db } from '../store/index.ts';
import { clientCertificateCheck } from './client-certificates.ts';
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

/** A system that gave its secret, with its registered client certificates (none: the secret is enough). */
interface Authenticated { system: AuthenticatedSystem; pins: CertificatePin[] }

/**
 * Systems authenticate with HTTP Basic: the system id as user name and its secret as password; a
 * system with registered client certificates also presents one of them over mutual TLS
 * (src/api/client-certificates.ts, docs/certificates.md).
 * Failed attempts are throttled per system id and per client address (`throttledAuthenticator`).
 */
export function systemAuthenticator(db: Db, attempts: FailedAttempts, options: { eventChains: number; cacheSeconds?: number }) {
  const cacheSeconds = options.cacheSeconds ?? 10;
  // a system sends many requests in a row; its credentials are looked up again after cacheSeconds,
  // so disabling a system, changing its secret or its certificates takes effect within that time
  const cache = new Map<string, { found: Authenticated; until: number }>();
  const authenticate = async (credentials: { id: string; secret: string }): Promise<Authenticated | undefined> => {
    const key = createHash('sha256').update(`${credentials.id}:${credentials.secret}`).digest('hex');
    const cached = cache.get(key);
    if (cached && cached.until > Date.now()) return cached.found;
    const system = await authenticateSystem(db, credentials.id, credentials.secret);
    if (!system) return undefined;
    const found = { system, pins: await systemCertificatePins(db, system.id) };
    if (cache.size >= 10_000) cache.clear();
    cache.set(key, { found, until: Date.now() + cacheSeconds * 1000 });
    return found;
  };
  const pinsOf = new WeakMap<FastifyRequest, CertificatePin[]>();
  const certificates = clientCertificateCheck(db, options.eventChains, attempts);
  const secret = throttledAuthenticator(attempts, {
    read: (header) => {
      const credentials = basicCredentials(header);
      return { name: credentials?.id, check: async () => (credentials ? authenticate(credentials) : undefined) };
    },
    failure: (systemId) => ({ type: 'SYSTEM_AUTHENTICATION_FAILED', data: { systemId: systemId ?? null } }),
    unauthenticated,
    accept: (request, found) => { request.system = found.system; pinsOf.set(request, found.pins); },
  });
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await secret(request, reply);
    await certificates(request, systemOf(request), pinsOf.get(request) ?? []);
  };
}

export function systemOf(request: FastifyRequest): AuthenticatedSystem {
  if (!request.system) throw new ApiError(401, 'UNAUTHENTICATED', 'Not authenticated.');
  return request.system;
}
