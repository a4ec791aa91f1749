import { isIP } from 'node:net';
import { ConfigError, int } from '../config.ts';

/** Throttling of failed authentication (docs/security.md), read from the environment like src/config.ts. */
export interface AuthLimits {
  /** failed system authentications per system id within one window */
  failuresPerSystem: number;
  /** failed attempts per client address within one window (system API and portal login counted apart) */
  failuresPerAddress: number;
  windowSeconds: number;
  /** the longest lock-out the backoff reaches */
  lockoutMaxSeconds: number;
  /** authentication events written per window and process at most (failures beyond it are only logged) */
  eventsPerWindow: number;
  /** keys each throttle remembers at most */
  maxKeys: number;
}

/** Fastify's `trustProxy`: which proxies may name the client address in X-Forwarded-For. */
export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

export function loadAuthLimits(env: NodeJS.ProcessEnv = process.env): AuthLimits {
  const windowSeconds = int(env, 'AUTH_FAILURE_WINDOW_SECONDS', 60, 1);
  return {
    failuresPerSystem: int(env, 'AUTH_FAILURES_PER_SYSTEM', 10, 1),
    failuresPerAddress: int(env, 'AUTH_FAILURES_PER_ADDRESS', 30, 1),
    windowSeconds,
    lockoutMaxSeconds: Math.max(windowSeconds, int(env, 'AUTH_LOCKOUT_MAX_SECONDS', 900, 1)),
    eventsPerWindow: int(env, 'AUTH_EVENTS_PER_WINDOW', 600, 1),
    maxKeys: 20_000,
  };
}

/**
 * TRUST_PROXY: unset or `false` = the client address is the connection's peer (X-Forwarded-For is
 * ignored); `true` = any proxy; a number = that many proxies in front; otherwise a comma-separated
 * list of proxy addresses or CIDR ranges.
 */
export function loadTrustProxy(env: NodeJS.ProcessEnv = process.env): TrustProxy {
  const raw = env.TRUST_PROXY?.trim() ?? '';
  if (raw === '' || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    return (_address, hop) => hop < hops;
  }
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    const [address = '', bits] = entry.split('/');
    if (!isIP(address) || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
      throw new ConfigError(`TRUST_PROXY must be true, false, a number of proxies or a list of addresses/CIDR ranges, got "${raw}"`);
    }
  }
  return list;
}
