export interface MemoIssue {
  /** Element path below `Message` without prefixes, e.g. `MessageBody/MainDocument/File[0]/filename`; '' for the document. */
  path: string;
  /** One of {@link MEMO_ISSUE_CODES} when produced by this module. */
  code: string;
  message: string;
}

export const MEMO_ISSUE_CODES = [
  'NOT_WELL_FORMED',
  'DOCTYPE_FORBIDDEN',
  'PROCESSING_INSTRUCTION_FORBIDDEN',
  'UNSUPPORTED_ENCODING',
  'TOO_DEEP',
  'WRONG_ROOT',
  'WRONG_NAMESPACE',
  'MISSING_ATTRIBUTE',
  'UNEXPECTED_ATTRIBUTE',
  'UNSUPPORTED_VERSION',
  'MISSING_ELEMENT',
  'UNEXPECTED_ELEMENT',
  'OUT_OF_ORDER',
  'TOO_MANY_ELEMENTS',
  'CHOICE_CONFLICT',
  'UNEXPECTED_TEXT',
  'TOO_LONG',
  'PATTERN',
  'ENUMERATION',
  'NOT_BOOLEAN',
  'NOT_DATETIME',
  'NOT_DATETIME_Z',
  'NOT_DATE',
  'NOT_INTEGER',
  'OUT_OF_RANGE',
  'NOT_BASE64',
  'NOT_URI',
  'NOT_HTTPS_URL',
  'FORBIDDEN_FILENAME_CHARACTER',
  'TOO_MANY_ISSUES',
] as const;

export type MemoIssueCode = (typeof MEMO_ISSUE_CODES)[number];

/** Codes of Kuvert's rules that go beyond the XSD (switched off with `{ policy: false }`). */
export const MEMO_POLICY_CODES: readonly MemoIssueCode[] = ['NOT_HTTPS_URL', 'FORBIDDEN_FILENAME_CHARACTER'];

export const MAX_ISSUES = 100;

export class IssueList {
  readonly items: MemoIssue[] = [];
  full = false;

  add(path: string, code: MemoIssueCode, message: string): void {
    if (this.full) return;
    if (this.items.length === MAX_ISSUES) {
      this.items.push({ path: '', code: 'TOO_MANY_ISSUES', message: `Stopped after ${MAX_ISSUES} problems.` });
      this.full = true;
      return;
    }
    this.items.push({ path, code, message });
  }

  get empty(): boolean {
    return this.items.length === 0;
  }
}
