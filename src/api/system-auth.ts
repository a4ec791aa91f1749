import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { parseUuid } from '../domain/index.ts';
import { authenticateSystem, type AuthenticatedSystem, type Db } from '../store/index.ts';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    system?: AuthenticatedSystem;
  }
}

/**
 * Systems authenticate with HTTP Basic: the system id as user name and its secret as password.
 * (Client certificates, as NgDP uses, attach to the same system row: `system.certificate_sha256`.)
 */
export function systemAuthenticator(db: Db, cacheSeconds = 10) {
  // a system sends many requests in a row; its credentials are looked up again after cacheSeconds,
  // so disabling a system or changing its secret takes effect within that time
  const cache = new Map<string, { system: AuthenticatedSystem; until: number }>();
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const [scheme, encoded] = header.split(' ');
    if (scheme?.toLowerCase() === 'basic' && encoded) {
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const id = parseUuid(decoded.slice(0, colon));
      if (colon > 0 && id) {
        const key = createHash('sha256').update(decoded).digest('hex');
        const cached = cache.get(key);
        if (cached && cached.until > Date.now()) {
          request.system = cached.system;
          return;
        }
        const system = await authenticateSystem(db, id, decoded.slice(colon + 1));
        if (system) {
          if (cache.size >= 10_000) cache.clear();
          cache.set(key, { system, until: Date.now() + cacheSeconds * 1000 });
          request.system = system;
          return;
        }
      }
    }
    throw new ApiError(401, 'UNAUTHENTICATED', 'Send the system id and secret with HTTP Basic authentication.');
  };
}

export function systemOf(request: FastifyRequest): AuthenticatedSystem {
  if (!request.system) throw new ApiError(401, 'UNAUTHENTICATED', 'Not authenticated.');
  return request.system;
}
