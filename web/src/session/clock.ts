import { useSyncExternalStore } from 'react';

/**
 * When the session ends unless used: every /api answer says how many seconds are left (header
 * x-session-expires-in, docs/portal.md "Session timeout"), and this keeps it as a moment on the
 * browser's own clock (no skew with the server's). The timeout warning (SessionTimeout.tsx) reads it.
 */
let deadline: number | undefined;
let idleSeconds = 30 * 60;
const listeners = new Set<() => void>();

export const SESSION_EXPIRES_HEADER = 'x-session-expires-in';

/** An answer said the session has `seconds` left. */
export function noteSessionExpiry(seconds: number): void {
  if (!Number.isFinite(seconds)) return;
  deadline = Date.now() + seconds * 1000;
  for (const listener of listeners) listener();
}

/** The session's idle timeout (from GET /api/session): how early the warning comes depends on it. */
export function noteIdleSeconds(seconds: number): void {
  idleSeconds = seconds;
}

/** Seconds before the end that the warning comes: two minutes, or a third of a short idle timeout (tests). */
export const warningLead = (): number => Math.min(120, Math.max(5, Math.round(idleSeconds / 3)));

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The moment (ms, browser clock) the session ends unless used; undefined until an answer said. */
export function useSessionDeadline(): number | undefined {
  return useSyncExternalStore(subscribe, () => deadline);
}

/**
 * Work to save before the session ends (a form's pending autosave): run when the warning appears and
 * when the page is hidden. Returns the unregistering function.
 */
const flushers = new Set<() => Promise<void> | void>();
export function onBeforeExpiry(flush: () => Promise<void> | void): () => void {
  flushers.add(flush);
  return () => flushers.delete(flush);
}
/** Whether a form that saves itself as a draft is open. */
export const writing = (): boolean => flushers.size > 0;
export async function flushBeforeExpiry(): Promise<void> {
  await Promise.allSettled([...flushers].map(async (flush) => flush()));
}
