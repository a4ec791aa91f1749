import { timingSafeEqual } from 'node:crypto';

/** Whether a supplied secret (a CSRF token, a login `state`) is the expected one, compared in constant time. */
export function sameToken(supplied: unknown, expected: string): boolean {
  if (typeof supplied !== 'string') return false;
  const a = Buffer.from(supplied);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
