/** Facets of the MeMo simple types: lexical checks, whitespace handling, value conversion. */
import type { MemoIssueCode } from './issues.ts';
import type { MemoVersion } from './model.ts';
import type { SimpleType } from './schema.ts';

export type SimpleValue = string | number | boolean;

export type Checked = { ok: true; value: SimpleValue } | { ok: false; code: MemoIssueCode; message: string };

export interface CheckContext {
  version: MemoVersion;
  /** Apply Kuvert's rules beyond the XSD (https action URLs, safe file names). */
  policy: boolean;
}

const MAX_LENGTH = { text: 256, filename: 256, comment: 512, licenseNumber: 7, url: 256 } as const;
const notificationMaxLength = (version: MemoVersion): number => (version === '1.1' ? 150 : 160);

const UUID_V4 = /^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-4[a-fA-F0-9]{3}-[aAbB89][a-fA-F0-9]{3}-[a-fA-F0-9]{12}$/;
const LANGUAGE = /^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$/;
const MESSAGE_TYPES: ReadonlySet<string> = new Set(['DIGITALPOST', 'NEMSMS']);
const INTEGER = /^[+-]?[0-9]+$/;
const DATE_TIME = /^(-?)([0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})?$/;
const DATE = /^(-?)([0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$/;
const FORBIDDEN_IN_FILENAME = /[\u0000-\u001f\u007f\\/:*?"<>|]/;
const XSD_LONG_MIN = -9223372036854775808n;
const INTEGER_MAX = { pNumber: 9999999999n, gln: 9999999999999n } as const;

const ok = (value: SimpleValue): Checked => ({ ok: true, value });
const fail = (code: MemoIssueCode, message: string): Checked => ({ ok: false, code, message });

function isXmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function xmlTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isXmlSpace(s.charCodeAt(start))) start++;
  while (end > start && isXmlSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** xs:whiteSpace="collapse". */
export function collapse(s: string): string {
  const trimmed = xmlTrim(s);
  return /[\t\n\r]| {2}/.test(trimmed) ? trimmed.replace(/[\t\n\r ]+/g, ' ') : trimmed;
}

/** Length in characters (code points), as XSD counts it. */
function charLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function checkLength(value: string, max: number): Checked | undefined {
  if (value.length <= max) return undefined;
  const length = charLength(value);
  return length > max ? fail('TOO_LONG', `Must be at most ${max} characters (has ${length}).`) : undefined;
}

const NOT_BASE64_CHAR = /[^A-Za-z0-9+/\t\n\r =]/;
const BEFORE_ONE_PAD = /^[AEIMQUYcgkosw048]=$/;
const BEFORE_TWO_PADS = /^[AQgw]==$/;

/** xs:base64Binary (XSD 1.0 lexical space, whitespace allowed anywhere); linear, no backtracking. */
function isBase64(s: string): boolean {
  if (NOT_BASE64_CHAR.test(s)) return false;
  const data = s.replace(/[\t\n\r ]+/g, '');
  if (data.length % 4 !== 0) return false;
  const pad = data.indexOf('=');
  if (pad === -1) return true;
  if (pad === data.length - 1) return BEFORE_ONE_PAD.test(data.slice(-2));
  if (pad === data.length - 2) return BEFORE_TWO_PADS.test(data.slice(-3));
  return false;
}

// RFC 3986 URI-reference, applied as libxml2 applies it to xs:anyURI: characters that would need
// escaping (controls, space, non-ASCII, <>"{}|\^`') count as ordinary characters.
const URI_REFERENCE = (() => {
  const sub = "A-Za-z0-9\\-._~!$&'()*+,;=";
  const pct = '%[0-9A-Fa-f]{2}';
  const pchar = `(?:[${sub}:@]|${pct})`;
  const segment = `${pchar}*`;
  const segmentNz = `${pchar}+`;
  const segmentNzNc = `(?:[${sub}@]|${pct})+`;
  const authority = `(?:(?:[${sub}:]|${pct})*@)?(?:\\[[0-9A-Za-z:.\\-_~!$&'()*+,;=]+\\]|(?:[${sub}]|${pct})*)(?::[0-9]*)?`;
  const pathAbempty = `(?:/${segment})*`;
  const pathAbsolute = `/(?:${segmentNz}(?:/${segment})*)?`;
  const tail = `(?:\\?(?:${pchar}|[/?])*)?(?:#(?:${pchar}|[/?])*)?`;
  const uri = `[A-Za-z][A-Za-z0-9+\\-.]*:(?://${authority}${pathAbempty}|${pathAbsolute}|${segmentNz}(?:/${segment})*)?${tail}`;
  const relative = `(?://${authority}${pathAbempty}|${pathAbsolute}|${segmentNzNc}(?:/${segment})*)?${tail}`;
  return new RegExp(`^(?:${uri}|${relative})$`);
})();

function isUriReference(s: string): boolean {
  return URI_REFERENCE.test(s.replace(/[^\u0021-\u007e]|[<>"{}|\\^`']/g, '_'));
}

function isHttpsUrl(s: string): boolean {
  if (!/^https:\/\//i.test(s)) return false;
  try {
    const url = new URL(s);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validYearMonthDay(sign: string, yearText: string, monthText: string, dayText: string): boolean {
  if (yearText.length > 4 && yearText.startsWith('0')) return false;
  if (yearText.length > 12) return false;
  const year = Number(sign + yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  if (year === 0 || month < 1 || month > 12 || day < 1) return false;
  const days = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= days;
}

function validTimezone(tz: string | undefined): boolean {
  if (tz === undefined || tz === 'Z') return true;
  const hours = Number(tz.slice(1, 3));
  const minutes = Number(tz.slice(4, 6));
  return minutes <= 59 && (hours < 14 || (hours === 14 && minutes === 0));
}

/** xs:dateTime (XSD 1.0; 24:00:00 allowed as end of day). */
function isDateTime(s: string): boolean {
  if (s.length > 64) return false;
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  const [, sign, year, month, day, hourText, minuteText, secondText, fraction, tz] = m;
  if (!validYearMonthDay(sign!, year!, month!, day!) || !validTimezone(tz)) return false;
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText);
  if (hour === 24) return minute === 0 && second === 0 && (fraction === undefined || /^0+$/.test(fraction));
  return hour <= 23 && minute <= 59 && second <= 59;
}

/** xs:date. */
function isDate(s: string): boolean {
  if (s.length > 32) return false;
  const m = DATE.exec(s);
  return m !== null && validYearMonthDay(m[1]!, m[2]!, m[3]!, m[4]!) && validTimezone(m[5]);
}

function checkInteger(raw: string, type: 'pNumber' | 'gln'): Checked {
  const v = collapse(raw);
  if (!INTEGER.test(v)) return fail('NOT_INTEGER', 'Must be a whole number (xs:long).');
  const digits = v.replace(/^[+-]?0*/, '');
  if (digits.length > 20) return fail('OUT_OF_RANGE', 'Must be within the range of xs:long.');
  const n = BigInt(v);
  if (n > INTEGER_MAX[type]) return fail('OUT_OF_RANGE', `Must be at most ${INTEGER_MAX[type]}.`);
  if (n < XSD_LONG_MIN) return fail('OUT_OF_RANGE', 'Must be within the range of xs:long.');
  if (n < BigInt(Number.MIN_SAFE_INTEGER)) return fail('OUT_OF_RANGE', `Must be at least ${Number.MIN_SAFE_INTEGER}.`);
  return ok(Number(n));
}

function checkText(value: string, max: number): Checked {
  return checkLength(value, max) ?? ok(value);
}

/** Checks the text content of an element of a simple type and converts it to its model value. */
export function checkSimple(type: SimpleType, raw: string, ctx: CheckContext): Checked {
  switch (type) {
    case 'text':
    case 'comment':
    case 'licenseNumber':
      return checkText(raw, MAX_LENGTH[type]);
    case 'notification':
      return checkText(raw, notificationMaxLength(ctx.version));
    case 'filename': {
      const problem = checkLength(raw, MAX_LENGTH.filename);
      if (problem) return problem;
      if (ctx.policy && FORBIDDEN_IN_FILENAME.test(raw)) {
        return fail('FORBIDDEN_FILENAME_CHARACTER', 'File names may not contain control characters or any of \\ / : * ? " < > |.');
      }
      return ok(raw);
    }
    case 'uuid':
      return UUID_V4.test(raw) ? ok(raw) : fail('PATTERN', 'Must be a version 4 UUID (8-4-4-4-12 hexadecimal digits).');
    case 'messageType':
      return MESSAGE_TYPES.has(raw) ? ok(raw) : fail('ENUMERATION', 'Must be DIGITALPOST or NEMSMS.');
    case 'language': {
      const v = collapse(raw);
      if (v.length > 64 || !LANGUAGE.test(v)) return fail('PATTERN', 'Must be a language code such as da or en.');
      return checkLength(v, 2) ?? ok(v);
    }
    case 'url': {
      const v = collapse(raw);
      const problem = checkLength(v, MAX_LENGTH.url);
      if (problem) return problem;
      if (!isUriReference(v)) return fail('NOT_URI', 'Must be a URI.');
      if (ctx.policy && !isHttpsUrl(v)) return fail('NOT_HTTPS_URL', 'Must be an absolute https:// URL.');
      return ok(v);
    }
    case 'dateTime': {
      const v = collapse(raw);
      if (!isDateTime(v)) return fail('NOT_DATETIME', 'Must be a date and time such as 2024-05-03T12:00:00Z.');
      if (!v.endsWith('Z')) return fail('NOT_DATETIME_Z', 'Must be in UTC, ending in Z.');
      return ok(v);
    }
    case 'date':
      return isDate(raw) ? ok(raw) : fail('NOT_DATE', 'Must be a date such as 2024-05-03, without surrounding whitespace.');
    case 'boolean': {
      const v = collapse(raw);
      if (v === 'true' || v === '1') return ok(true);
      if (v === 'false' || v === '0') return ok(false);
      return fail('NOT_BOOLEAN', 'Must be true, false, 1 or 0.');
    }
    case 'base64': {
      const v = xmlTrim(raw);
      return isBase64(v) ? ok(v) : fail('NOT_BASE64', 'Must be base64 (A-Z a-z 0-9 + / with correct = padding).');
    }
    case 'pNumber':
    case 'gln':
      return checkInteger(raw, type);
  }
}

/** Lexical form written by the serializer. */
export function formatSimple(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  return String(value);
}
