export interface ThrottleOptions {
  /** failures a key may have within one window; the attempt after them is refused */
  limit: number;
  windowMs: number;
  /** the first lock-out lasts one window, each further one twice as long as the last, up to this */
  maxLockMs: number;
  maxKeys: number;
  now: () => number;
}

export interface Failure {
  /** the key is locked out (now or already before this failure) */
  locked: boolean;
  /** this failure locked it out */
  lockedNow: boolean;
  /** 0 when not locked */
  retryAfterMs: number;
}

interface Entry {
  windowStart: number;
  failures: number;
  lockedUntil: number;
  /** lock-outs so far, for the backoff */
  strikes: number;
  lastFailure: number;
}

/**
 * Counts failed attempts per key (a system id, a client address) and locks a key out once it has had
 * `limit` failures within one window. Pure: the clock is passed in, nothing is read or written
 * elsewhere. Memory is bounded: at most `maxKeys` keys are kept; the least recently active one (failed,
 * or refused while locked out) is forgotten first.
 */
export function createThrottle(options: ThrottleOptions) {
  const { limit, windowMs, maxLockMs, maxKeys, now } = options;
  const entries = new Map<string, Entry>();
  // a key is forgotten (its backoff too) after this long without failures or lock-out
  const quietMs = Math.max(windowMs, maxLockMs);

  const forgettable = (entry: Entry, at: number) => at >= entry.lockedUntil && at - Math.max(entry.lastFailure, entry.lockedUntil) >= quietMs;

  // Map keeps insertion order: moving a key to the end makes the first key the least recently active
  const touch = (key: string, entry: Entry) => {
    entries.delete(key);
    entries.set(key, entry);
  };

  return {
    /** milliseconds until `key` may try again; 0 = it may try now */
    retryAfterMs(key: string): number {
      const entry = entries.get(key);
      if (!entry) return 0;
      const at = now();
      if (entry.lockedUntil > at) {
        touch(key, entry);
        return entry.lockedUntil - at;
      }
      if (forgettable(entry, at)) entries.delete(key);
      return 0;
    },

    failed(key: string): Failure {
      const at = now();
      let entry = entries.get(key);
      if (entry && forgettable(entry, at)) entry = undefined;
      if (!entry) {
        entries.delete(key);
        while (entries.size >= maxKeys) entries.delete(entries.keys().next().value!);
        entry = { windowStart: at, failures: 0, lockedUntil: 0, strikes: 0, lastFailure: at };
      }
      touch(key, entry);
      if (entry.lockedUntil > at) return { locked: true, lockedNow: false, retryAfterMs: entry.lockedUntil - at };
      if (at - entry.windowStart >= windowMs) {
        entry.windowStart = at;
        entry.failures = 0;
      }
      entry.failures += 1;
      entry.lastFailure = at;
      if (entry.failures < limit) return { locked: false, lockedNow: false, retryAfterMs: 0 };
      entry.strikes += 1;
      const lockMs = Math.min(windowMs * 2 ** (entry.strikes - 1), maxLockMs);
      entry.lockedUntil = at + lockMs;
      entry.windowStart = entry.lockedUntil;
      entry.failures = 0;
      return { locked: true, lockedNow: true, retryAfterMs: lockMs };
    },

    /** a success: the key starts afresh */
    succeeded(key: string): void {
      entries.delete(key);
    },

    get size(): number {
      return entries.size;
    },
  };
}

/**
 * The key of a client address: IPv4 as it is (also when IPv4-mapped), IPv6 by its /64 prefix — one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would count nothing.
 */
export function addressKey(ip: string): string {
  const bare = ip.split('%')[0]!.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(bare);
  if (mapped) return mapped[1]!;
  if (!bare.includes(':')) return bare;
  const groups = (part: string) => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const [head = '', tail] = bare.split('::');
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${all.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
