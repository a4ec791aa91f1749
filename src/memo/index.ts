/**
 * MeMo (Digital Post message format) 1.1 and 1.2: typed model, secure parsing with full schema
 * validation, and canonical serialization. Pure: no I/O.
 */
import type { MemoIssue } from './issues.ts';
import type { MemoMessage } from './model.ts';
import { writeMemo } from './serialize.ts';
import { validateTree } from './validate.ts';
import { readXml } from './xml.ts';

export type * from './model.ts';
export { MEMO_ISSUE_CODES, MEMO_POLICY_CODES, MAX_ISSUES, type MemoIssue, type MemoIssueCode } from './issues.ts';
export { NAMESPACES as MEMO_NAMESPACES } from './schema.ts';

export type MemoParseResult = { ok: true; message: MemoMessage } | { ok: false; issues: MemoIssue[] };

export interface MemoOptions {
  /**
   * Apply Kuvert's rules beyond the XSD: Action/EntryPoint/url must be an absolute https URL and
   * File/filename must not contain control characters or \ / : * ? " < > |. Default true.
   */
  policy?: boolean;
}

/** Parses and validates a MeMo document; every problem found (up to MAX_ISSUES) is reported. */
export function parseMemo(xml: string, options: MemoOptions = {}): MemoParseResult {
  if (typeof xml !== 'string') return { ok: false, issues: [{ path: '', code: 'NOT_WELL_FORMED', message: 'The document is not text.' }] };
  const read = readXml(xml);
  if (!read.ok) return { ok: false, issues: [{ path: '', ...read.problem }] };
  const result = validateTree(read.root, options.policy ?? true);
  return result.ok ? result : { ok: false, issues: result.issues.items };
}

export class MemoValidationError extends Error {
  constructor(readonly issues: MemoIssue[]) {
    super(`The message is not valid MeMo: ${issues.map((i) => `${i.path || '(document)'}: ${i.code}`).join('; ')}`);
    this.name = 'MemoValidationError';
  }
}

/**
 * Writes the message as UTF-8 MeMo XML for `message.version`. The output is validated as if
 * received; a message that would not validate throws {@link MemoValidationError}.
 */
export function serializeMemo(message: MemoMessage, options: MemoOptions = {}): string {
  const xml = writeMemo(message);
  const check = parseMemo(xml, options);
  if (!check.ok) throw new MemoValidationError(check.issues);
  return xml;
}
