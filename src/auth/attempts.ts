import { appendEvents, type Db, type NewEvent } from '../store/index.ts';
import type { AuthLimits } from './limits.ts';
import { addressKey, createThrottle } from './throttle.ts';

/** The system API, the portal login and the operator API count apart: a busy login page does not lock out an integration. */
export type AttemptScope = 'system-api' | 'portal-login' | 'operator-api';

export interface Attempt {
  /** `request.ip` (TRUST_PROXY decides whether a proxy may name it) */
  address: string;
  /** a well-formed system id (the operator API: an operator key's name), if the attempt named one */
  systemId?: string | undefined;
}

/** Where failed attempts are logged: pino's shape (Fastify's `app.log` is one). */
export interface AttemptsLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface FailedAttemptsOptions {
  db: Db;
  eventChains: number;
  limits: AuthLimits;
  scope: AttemptScope;
  log: AttemptsLog;
  now?: () => number;
}

export type FailedAttempts = ReturnType<typeof failedAttempts>;

/**
 * Failed authentication per system id and per client address: refuses a key that has failed too
 * often (without checking its credentials) and writes the events an administrator sees. An attempt
 * writes an event only while its keys are not yet locked out, plus one AUTHENTICATION_THROTTLED per
 * lock-out, and never more than `eventsPerWindow` in a window in all.
 */
export function failedAttempts(options: FailedAttemptsOptions) {
  const { limits, scope, log } = options;
  const now = options.now ?? Date.now;
  const windowMs = limits.windowSeconds * 1000;
  const shared = { windowMs, maxLockMs: limits.lockoutMaxSeconds * 1000, maxKeys: limits.maxKeys, now };
  const bySystem = createThrottle({ ...shared, limit: limits.failuresPerSystem });
  const byAddress = createThrottle({ ...shared, limit: limits.failuresPerAddress });
  const eventBudget = createThrottle({ limit: limits.eventsPerWindow, windowMs, maxLockMs: windowMs, maxKeys: 1, now });

  const record = async (events: NewEvent[]) => {
    const written: NewEvent[] = [];
    for (const event of events) {
      if (eventBudget.retryAfterMs(scope) > 0) {
        log.info({ event: event.type, actor: event.actor, data: event.data }, 'authentication event not written: the budget of this window is spent');
        continue;
      }
      if (eventBudget.failed(scope).lockedNow) log.warn({ scope, eventsPerWindow: limits.eventsPerWindow }, 'authentication events: budget of this window spent, further ones are only logged');
      written.push(event);
    }
    if (written.length === 0) return;
    try {
      await appendEvents(options.db, options.eventChains, written);
    } catch (err) {
      log.error({ err, events: written.map((e) => e.type) }, 'authentication events could not be written');
    }
  };

  const keysOf = (attempt: Attempt) => [
    { kind: 'address' as const, throttle: byAddress, key: addressKey(attempt.address) },
    ...(attempt.systemId ? [{ kind: 'systemId' as const, throttle: bySystem, key: attempt.systemId }] : []),
  ];

  return {
    /** whole seconds until this attempt may be checked; 0 = check it now */
    retryAfterSeconds(attempt: Attempt): number {
      const ms = Math.max(...keysOf(attempt).map(({ throttle, key }) => throttle.retryAfterMs(key)));
      return ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0;
    },

    async failed(attempt: Attempt, failure: Pick<NewEvent, 'type' | 'data'>): Promise<void> {
      const actor = `address:${attempt.address}`;
      const outcomes = keysOf(attempt).map((k) => ({ ...k, ...k.throttle.failed(k.key) }));
      const events: NewEvent[] = [];
      if (outcomes.some((o) => !o.locked || o.lockedNow)) events.push({ type: failure.type, actor, data: { scope, ...failure.data } });
      for (const o of outcomes.filter((x) => x.lockedNow)) {
        events.push({ type: 'AUTHENTICATION_THROTTLED', actor, data: { scope, [o.kind]: o.key, lockedSeconds: Math.ceil(o.retryAfterMs / 1000) } });
        // the address is in the event, not in the log
        log.warn({ scope, key: o.kind, ...(o.kind === 'systemId' ? { systemId: o.key } : {}), lockedSeconds: Math.ceil(o.retryAfterMs / 1000) }, 'authentication throttled');
      }
      await record(events);
    },

    /** a system authenticated: its id starts afresh (its address does not: one valid secret must not clear an address's failures) */
    succeeded(attempt: Attempt): void {
      if (attempt.systemId) bySystem.succeeded(attempt.systemId);
    },
  };
}
