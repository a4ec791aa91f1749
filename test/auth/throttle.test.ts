import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/config.ts';
import { loadAuthLimits, loadTrustProxy } from '../../src/auth/limits.ts';
import { addressKey, createThrottle } from '../../src/auth/throttle.ts';

function clocked(overrides: Partial<Parameters<typeof createThrottle>[0]> = {}) {
  let t = 1_000_000;
  const throttle = createThrottle({ limit: 3, windowMs: 60_000, maxLockMs: 300_000, maxKeys: 100, now: () => t, ...overrides });
  return { throttle, advance: (ms: number) => { t += ms; } };
}

describe('throttle of failed attempts (pure, clock injected)', () => {
  it('lets `limit` failures through within a window, then refuses the key until the window has passed', () => {
    const { throttle, advance } = clocked();
    assert.equal(throttle.retryAfterMs('a'), 0);
    assert.deepEqual(throttle.failed('a'), { locked: false, lockedNow: false, retryAfterMs: 0 });
    advance(1000);
    assert.deepEqual(throttle.failed('a'), { locked: false, lockedNow: false, retryAfterMs: 0 });
    assert.equal(throttle.retryAfterMs('a'), 0);
    advance(1000);
    assert.deepEqual(throttle.failed('a'), { locked: true, lockedNow: true, retryAfterMs: 60_000 });
    assert.equal(throttle.retryAfterMs('a'), 60_000);
    advance(59_999);
    assert.equal(throttle.retryAfterMs('a'), 1);
    advance(1);
    assert.equal(throttle.retryAfterMs('a'), 0);
  });

  it('counts keys apart', () => {
    const { throttle } = clocked();
    for (let i = 0; i < 3; i++) throttle.failed('a');
    assert.ok(throttle.retryAfterMs('a') > 0);
    assert.equal(throttle.retryAfterMs('b'), 0);
    assert.equal(throttle.failed('b').locked, false);
  });

  it('forgets failures of an earlier window', () => {
    const { throttle, advance } = clocked();
    throttle.failed('a');
    throttle.failed('a');
    advance(60_000);
    assert.equal(throttle.failed('a').locked, false);
    assert.equal(throttle.failed('a').locked, false);
    assert.equal(throttle.failed('a').lockedNow, true);
  });

  it('doubles each further lock-out up to maxLockMs, and starts afresh after a quiet spell', () => {
    const { throttle, advance } = clocked();
    const lockOut = () => {
      let last;
      for (let i = 0; i < 3; i++) last = throttle.failed('a');
      return last!.retryAfterMs;
    };
    assert.equal(lockOut(), 60_000);
    advance(60_000);
    assert.equal(lockOut(), 120_000);
    advance(120_000);
    assert.equal(lockOut(), 240_000);
    advance(240_000);
    assert.equal(lockOut(), 300_000);
    advance(300_000);
    assert.equal(lockOut(), 300_000);
    advance(300_000 + 300_000);
    assert.equal(lockOut(), 60_000, 'quiet for maxLockMs after the lock-out: the backoff starts again');
  });

  it('does not prolong or repeat a lock-out for failures that arrive while locked', () => {
    const { throttle, advance } = clocked();
    for (let i = 0; i < 3; i++) throttle.failed('a');
    advance(10_000);
    assert.deepEqual(throttle.failed('a'), { locked: true, lockedNow: false, retryAfterMs: 50_000 });
    assert.equal(throttle.retryAfterMs('a'), 50_000);
  });

  it('starts a key afresh on success', () => {
    const { throttle } = clocked();
    throttle.failed('a');
    throttle.failed('a');
    throttle.succeeded('a');
    assert.equal(throttle.failed('a').locked, false);
    assert.equal(throttle.failed('a').locked, false);
    assert.equal(throttle.failed('a').lockedNow, true);
  });

  it('keeps at most maxKeys keys, forgetting the least recently failed first', () => {
    const { throttle } = clocked({ maxKeys: 50 });
    for (let i = 0; i < 3; i++) throttle.failed('target');
    for (let i = 0; i < 10_000; i++) throttle.failed(`attacker-${i}`);
    assert.equal(throttle.size, 50);
    assert.equal(throttle.retryAfterMs('target'), 0, 'the oldest key went');
    // a key that keeps being refused stays remembered
    const second = clocked({ maxKeys: 50 });
    for (let i = 0; i < 3; i++) second.throttle.failed('target');
    for (let i = 0; i < 10_000; i++) {
      second.throttle.failed(`attacker-${i}`);
      if (i % 40 === 0) assert.ok(second.throttle.retryAfterMs('target') > 0);
    }
    assert.ok(second.throttle.retryAfterMs('target') > 0);
    assert.equal(second.throttle.size, 50);
  });

  it('drops keys that have been quiet long enough when they are looked at', () => {
    const { throttle, advance } = clocked();
    throttle.failed('a');
    advance(300_000);
    assert.equal(throttle.retryAfterMs('a'), 0);
    assert.equal(throttle.size, 0);
  });
});

describe('client address keys', () => {
  it('keeps IPv4 addresses, also IPv4-mapped ones, and counts IPv6 by its /64', () => {
    assert.equal(addressKey('203.0.113.7'), '203.0.113.7');
    assert.equal(addressKey('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(addressKey('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8:1:2::1'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:DB8:0001:0002:ffff::'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
    assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(addressKey('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64');
  });
});

describe('throttle settings from the environment', () => {
  it('has defaults and reads AUTH_*', () => {
    assert.deepEqual(loadAuthLimits({}), {
      failuresPerSystem: 10, failuresPerAddress: 30, windowSeconds: 60, lockoutMaxSeconds: 900, eventsPerWindow: 600, maxKeys: 20_000,
    });
    const set = loadAuthLimits({
      AUTH_FAILURES_PER_SYSTEM: '5', AUTH_FAILURES_PER_ADDRESS: '50', AUTH_FAILURE_WINDOW_SECONDS: '120', AUTH_LOCKOUT_MAX_SECONDS: '60', AUTH_EVENTS_PER_WINDOW: '100',
    });
    assert.deepEqual(set, { failuresPerSystem: 5, failuresPerAddress: 50, windowSeconds: 120, lockoutMaxSeconds: 120, eventsPerWindow: 100, maxKeys: 20_000 });
    assert.throws(() => loadAuthLimits({ AUTH_FAILURES_PER_SYSTEM: '0' }), ConfigError);
    assert.throws(() => loadAuthLimits({ AUTH_FAILURE_WINDOW_SECONDS: 'soon' }), /AUTH_FAILURE_WINDOW_SECONDS must be an integer/);
  });

  it('reads TRUST_PROXY', () => {
    assert.equal(loadTrustProxy({}), false);
    assert.equal(loadTrustProxy({ TRUST_PROXY: 'false' }), false);
    assert.equal(loadTrustProxy({ TRUST_PROXY: 'true' }), true);
    const hops = loadTrustProxy({ TRUST_PROXY: '2' });
    assert.equal(typeof hops, 'function');
    assert.deepEqual([0, 1, 2].map((hop) => (hops as (a: string, h: number) => boolean)('10.0.0.1', hop)), [true, true, false]);
    assert.deepEqual(loadTrustProxy({ TRUST_PROXY: '10.0.0.0/8, 2001:db8::1' }), ['10.0.0.0/8', '2001:db8::1']);
    assert.throws(() => loadTrustProxy({ TRUST_PROXY: 'proxy.example' }), ConfigError);
  });
});
