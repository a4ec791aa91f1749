import { Refusal } from '../domain/index.ts';

/**
 * One line of text an administrator gives (a name, a code): NFC, trimmed, 1 to `max` characters and no
 * control characters; otherwise 400 with `code`, saying what (`what`) it must be.
 */
export function cleanLine(value: string, code: string, what: string, max: number): string {
  const clean = value.normalize('NFC').trim();
  if (clean.length === 0 || [...clean].length > max || /[\u0000-\u001f\u007f]/.test(clean)) {
    throw new Refusal('invalid', code, `${what} has 1 to ${max} characters on one line.`);
  }
  return clean;
}
