import { ApiError } from '../api.ts';
import type { Key, T } from '../i18n.ts';

/** The file or field an error body's `details` names (its first entry): an attachment's filename, or a field's path. */
function concerned(t: T, details: readonly unknown[]): { file: string } | { field: string } | undefined {
  const first = details[0];
  if (typeof first !== 'object' || first === null) return undefined;
  const { filename, path } = first as { filename?: unknown; path?: unknown };
  if (typeof filename === 'string' && filename !== '') return { file: filename };
  if (typeof path !== 'string') return undefined;
  const key = `field.${path.replace(/^\//, '').split('/')[0]}` as Key;
  const field = t(key);
  return field === key ? undefined : { field };
}

/** A sentence for a failed call, in the user's language when we know the code, naming the file or field concerned. */
export function errorText(t: T, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return t('error.network');
    const key = `error.${error.code}` as Key;
    const known = t(key);
    if (known === key) return t('error.generic', { message: error.message });
    const about = concerned(t, error.details);
    if (about && 'file' in about) return t('error.aboutFile', { file: about.file, text: known });
    if (about) return t('error.aboutField', { field: about.field, text: known });
    return known;
  }
  return t('error.generic', { message: error instanceof Error ? error.message : String(error) });
}

/** 404, or an address that cannot name anything (400 for a malformed id). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}
