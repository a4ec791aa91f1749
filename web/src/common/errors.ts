import { ApiError } from '../api.ts';
import type { Key, T } from '../i18n.ts';

/** A sentence for a failed call, in the user's language when we know the code. */
export function errorText(t: T, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return t('error.network');
    const key = `error.${error.code}` as Key;
    const known = t(key);
    if (known !== key) return known;
    return t('error.generic', { message: error.message });
  }
  return t('error.generic', { message: error instanceof Error ? error.message : String(error) });
}

/** 404, or an address that cannot name anything (400 for a malformed id). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}
