import { parseCpr, parseCvr, parsePNumber, type Cpr, type Cvr, type PNumber } from './identifiers.ts';

/**
 * The registry file: organisations and citizens as a CVR and a CPR extract name them (docs/admin.md,
 * "Registry import"). The file is read as hostile input: parsed with JSON.parse, size-limited, and only
 * known keys are read (own properties only, so `__proto__` or `constructor` in the file mean nothing).
 * Unknown keys are ignored, so the format can grow. Every problem is collected, with its JSON path.
 */

export const REGISTRY_FILE_MAX_BYTES = 100 * 1024 * 1024;
const MAX_TEXT = 300;

export type RegistryProblemCode =
  | 'FILE_TOO_LARGE'
  | 'JSON_SYNTAX'
  | 'TYPE'
  | 'MISSING'
  | 'EMPTY'
  | 'TOO_LONG'
  | 'CVR_INVALID'
  | 'CPR_INVALID'
  | 'P_NUMBER_INVALID'
  | 'CVR_DUPLICATE'
  | 'CPR_DUPLICATE'
  | 'P_NUMBER_DUPLICATE'
  | 'P_NUMBER_TAKEN'
  | 'KIND_UNKNOWN'
  | 'STATUS_UNKNOWN'
  | 'REGISTRATION_UNKNOWN'
  | 'DATE_INVALID'
  | 'EXEMPTION_MISSING'
  | 'EXEMPTION_NOT_EXEMPT'
  | 'EXEMPTION_REASON_MISSING'
  | 'EXEMPTION_PERIOD_INVALID';

export interface RegistryProblem {
  /** JSON path into the file, e.g. `organisations[3].pUnits[0].pNumber`; empty for the whole file */
  path: string;
  code: RegistryProblemCode;
  message: string;
}

export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
  careOf?: string;
  country?: string;
}

export interface RegistryProductionUnit {
  pNumber: PNumber;
  name: string;
  address: PostalAddress | null;
}

export interface RegistryOrganisation {
  cvr: Cvr;
  name: string;
  kind: 'authority' | 'company';
  status: 'active' | 'closed';
  pUnits: RegistryProductionUnit[];
}

export interface Exemption {
  reason: string;
  /** YYYY-MM-DD, the first day of the exemption */
  from: string;
  /** YYYY-MM-DD, the last day of the exemption; none = until further notice */
  to: string | null;
}

export interface RegistryCitizen {
  cpr: Cpr;
  name: string;
  registration: 'registered' | 'exempt' | 'closed';
  exemption: Exemption | null;
  postalAddress: PostalAddress | null;
}

export interface RegistryFile {
  organisations: RegistryOrganisation[];
  citizens: RegistryCitizen[];
}

export type RegistryFileResult = { ok: true; file: RegistryFile } | { ok: false; problems: RegistryProblem[] };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The value of an own key only: nothing is ever read from a prototype. */
function own(object: JsonObject, key: string): Json | undefined {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: Json | undefined): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** A calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** A CPR number for output and logs: the birth date only, e.g. `221177-****`. */
export function maskCpr(cpr: string): string {
  return `${cpr.slice(0, 6)}-****`;
}

class Reader {
  readonly problems: RegistryProblem[] = [];

  problem(path: string, code: RegistryProblemCode, message: string): undefined {
    this.problems.push({ path, code, message });
    return undefined;
  }

  object(value: Json | undefined, path: string, required: boolean): JsonObject | undefined {
    if (value === undefined) return required ? this.problem(path, 'MISSING', `${path || 'The file'} is required.`) : undefined;
    if (!isObject(value)) return this.problem(path, 'TYPE', `${path || 'The file'} must be an object, not ${describe(value)}.`);
    return value;
  }

  array(value: Json | undefined, path: string): Json[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.problem(path, 'TYPE', `${path} must be an array, not ${describe(value)}.`);
    return value;
  }

  text(object: JsonObject, key: string, path: string, required: boolean): string | undefined {
    const at = `${path}.${key}`;
    const value = own(object, key);
    if (value === undefined || value === null) return required ? this.problem(at, 'MISSING', `${at} is required.`) : undefined;
    if (typeof value !== 'string') return this.problem(at, 'TYPE', `${at} must be a string, not ${describe(value)}.`);
    const trimmed = value.trim();
    if (trimmed === '') return this.problem(at, 'EMPTY', `${at} must not be empty.`);
    if (trimmed.length > MAX_TEXT) return this.problem(at, 'TOO_LONG', `${at} is longer than ${MAX_TEXT} characters.`);
    return trimmed;
  }

  identifier<T>(object: JsonObject, key: string, path: string, parse: (v: string) => T | undefined, code: RegistryProblemCode, what: string): T | undefined {
    const at = `${path}.${key}`;
    const value = own(object, key);
    if (value === undefined || value === null) return this.problem(at, 'MISSING', `${at} is required.`);
    if (typeof value !== 'string') return this.problem(at, 'TYPE', `${at} must be a string of digits, not ${describe(value)}.`);
    return parse(value) ?? this.problem(at, code, `${at} is not ${what}.`);
  }

  choice<T extends string>(object: JsonObject, key: string, path: string, choices: readonly T[], code: RegistryProblemCode, fallback?: T): T | undefined {
    const at = `${path}.${key}`;
    const value = own(object, key);
    if (value === undefined || value === null) return fallback ?? this.problem(at, 'MISSING', `${at} is required (${choices.join(' or ')}).`);
    if (typeof value !== 'string') return this.problem(at, 'TYPE', `${at} must be a string, not ${describe(value)}.`);
    return (choices as readonly string[]).includes(value) ? (value as T) : this.problem(at, code, `${at} must be ${choices.join(' or ')}, not "${value.slice(0, 40)}".`);
  }

  date(object: JsonObject, key: string, path: string, required: boolean): string | undefined {
    const at = `${path}.${key}`;
    const value = own(object, key);
    if (value === undefined || value === null) return required ? this.problem(at, 'MISSING', `${at} is required (YYYY-MM-DD).`) : undefined;
    if (typeof value !== 'string') return this.problem(at, 'TYPE', `${at} must be a date string, not ${describe(value)}.`);
    return isIsoDate(value) ? value : this.problem(at, 'DATE_INVALID', `${at} is not a date written YYYY-MM-DD.`);
  }

  address(value: Json | undefined, path: string): PostalAddress | null | undefined {
    if (value === undefined || value === null) return null;
    const object = this.object(value, path, false);
    if (!object) return undefined;
    const before = this.problems.length;
    const street = this.text(object, 'street', path, true);
    const postalCode = this.text(object, 'postalCode', path, true);
    const city = this.text(object, 'city', path, true);
    const careOf = this.text(object, 'careOf', path, false);
    const country = this.text(object, 'country', path, false);
    if (this.problems.length > before || street === undefined || postalCode === undefined || city === undefined) return undefined;
    return { street, postalCode, city, ...(careOf !== undefined ? { careOf } : {}), ...(country !== undefined ? { country } : {}) };
  }
}

/** Where JSON.parse stopped, found by scanning the text (Node's messages do not always say). */
export function locateJsonError(text: string): { line: number; column: number; offset: number } {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; };
  const fail = (): never => { throw i; };
  const literal = (word: string) => { if (text.startsWith(word, i)) i += word.length; else fail(); };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) { i++; return; }
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail(); i += 5; } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++; else fail();
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail();
    ws();
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string(); ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail();
      }
    } else if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(depth + 1); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  let offset = text.length;
  try {
    value(0); ws();
    offset = i < text.length ? i : text.length;
  } catch (at) {
    offset = typeof at === 'number' ? Math.min(at, text.length) : 0;
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, offset };
}

/**
 * Reads a registry file. Refused whole when anything is wrong: every problem is listed. Checks that
 * need the database (a P-number of another organisation) are `checkProductionUnitOwners`.
 */
export function parseRegistryFile(input: string | Uint8Array): RegistryFileResult {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > REGISTRY_FILE_MAX_BYTES) {
    return { ok: false, problems: [{ path: '', code: 'FILE_TOO_LARGE', message: `The file is larger than ${REGISTRY_FILE_MAX_BYTES / 1024 / 1024} MB.` }] };
  }
  let text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let root: Json;
  try {
    root = JSON.parse(text) as Json;
  } catch {
    const { line, column } = locateJsonError(text);
    return { ok: false, problems: [{ path: '', code: 'JSON_SYNTAX', message: `The file is not valid JSON: line ${line}, column ${column}.` }] };
  }
  const r = new Reader();
  const top = r.object(root, '', true);
  const organisations: RegistryOrganisation[] = [];
  const citizens: RegistryCitizen[] = [];
  if (!top) return { ok: false, problems: r.problems };

  const cvrs = new Map<string, string>();
  const pNumbers = new Map<string, string>();
  const orgList = r.array(own(top, 'organisations'), 'organisations') ?? [];
  orgList.forEach((item, n) => {
    const path = `organisations[${n}]`;
    const o = r.object(item, path, true);
    if (!o) return;
    const before = r.problems.length;
    const cvr = r.identifier(o, 'cvr', path, parseCvr, 'CVR_INVALID', 'a CVR number (8 digits, not starting with 0)');
    if (cvr !== undefined) {
      const first = cvrs.get(cvr);
      if (first !== undefined) r.problem(`${path}.cvr`, 'CVR_DUPLICATE', `CVR ${cvr} is also in ${first}.`);
      else cvrs.set(cvr, path);
    }
    const name = r.text(o, 'name', path, true);
    const kind = r.choice(o, 'kind', path, ['authority', 'company'] as const, 'KIND_UNKNOWN');
    const status = r.choice(o, 'status', path, ['active', 'closed'] as const, 'STATUS_UNKNOWN', 'active');
    const units: RegistryProductionUnit[] = [];
    const unitList = r.array(own(o, 'pUnits'), `${path}.pUnits`) ?? [];
    unitList.forEach((unitItem, k) => {
      const unitPath = `${path}.pUnits[${k}]`;
      const u = r.object(unitItem, unitPath, true);
      if (!u) return;
      const unitBefore = r.problems.length;
      const pNumber = r.identifier(u, 'pNumber', unitPath, parsePNumber, 'P_NUMBER_INVALID', 'a P-number (10 digits, not starting with 0)');
      if (pNumber !== undefined) {
        const first = pNumbers.get(pNumber);
        if (first !== undefined) r.problem(`${unitPath}.pNumber`, 'P_NUMBER_DUPLICATE', `P-number ${pNumber} is also in ${first}.`);
        else pNumbers.set(pNumber, unitPath);
      }
      const unitName = r.text(u, 'name', unitPath, true);
      const address = r.address(own(u, 'address'), `${unitPath}.address`);
      if (r.problems.length === unitBefore && pNumber && unitName && address !== undefined) units.push({ pNumber, name: unitName, address });
    });
    if (r.problems.length === before && cvr && name && kind && status) organisations.push({ cvr, name, kind, status, pUnits: units });
  });

  const cprs = new Map<string, string>();
  const citizenList = r.array(own(top, 'citizens'), 'citizens') ?? [];
  citizenList.forEach((item, n) => {
    const path = `citizens[${n}]`;
    const c = r.object(item, path, true);
    if (!c) return;
    const before = r.problems.length;
    const cpr = r.identifier(c, 'cpr', path, parseCpr, 'CPR_INVALID', 'a CPR number (10 digits, the first six a day and month)');
    if (cpr !== undefined) {
      const first = cprs.get(cpr);
      if (first !== undefined) r.problem(`${path}.cpr`, 'CPR_DUPLICATE', `${maskCpr(cpr)} is also in ${first}.`);
      else cprs.set(cpr, path);
    }
    const name = r.text(c, 'name', path, true);
    const registration = r.choice(c, 'registration', path, ['registered', 'exempt', 'closed'] as const, 'REGISTRATION_UNKNOWN');
    let exemption: Exemption | null | undefined = null;
    const exemptionValue = own(c, 'exemption');
    if (exemptionValue !== undefined && exemptionValue !== null) {
      const e = r.object(exemptionValue, `${path}.exemption`, true);
      exemption = undefined;
      if (e) {
        const ePath = `${path}.exemption`;
        const value = own(e, 'reason');
        let reason: string | undefined;
        if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
          r.problem(`${ePath}.reason`, 'EXEMPTION_REASON_MISSING', 'An exemption needs a reason.');
        } else {
          reason = r.text(e, 'reason', ePath, true);
        }
        const from = r.date(e, 'from', ePath, true);
        const to = r.date(e, 'to', ePath, false);
        if (from !== undefined && to !== undefined && to < from) {
          r.problem(`${ePath}.to`, 'EXEMPTION_PERIOD_INVALID', `The exemption ends (${to}) before it begins (${from}).`);
        } else if (reason !== undefined && from !== undefined) {
          exemption = { reason, from, to: to ?? null };
        }
      }
      if (registration !== undefined && registration !== 'exempt') {
        r.problem(`${path}.exemption`, 'EXEMPTION_NOT_EXEMPT', `An exemption is given only with registration "exempt", not "${registration}".`);
      }
    } else if (registration === 'exempt') {
      r.problem(`${path}.exemption`, 'EXEMPTION_MISSING', 'A citizen exempt from Digital Post needs an exemption (reason and from).');
    }
    const postalAddress = r.address(own(c, 'postalAddress'), `${path}.postalAddress`);
    if (r.problems.length === before && cpr && name && registration && exemption !== undefined && postalAddress !== undefined) {
      citizens.push({ cpr, name, registration, exemption, postalAddress });
    }
  });

  return r.problems.length > 0 ? { ok: false, problems: r.problems } : { ok: true, file: { organisations, citizens } };
}

/**
 * A P-number may move between organisations only when both are in the file: one that already belongs
 * to an organisation the file does not name is refused. `owners` maps the file's P-numbers that exist
 * to the CVR of the organisation they belong to now.
 */
export function checkProductionUnitOwners(file: RegistryFile, owners: ReadonlyMap<string, string>): RegistryProblem[] {
  const inFile = new Set(file.organisations.map((o) => o.cvr as string));
  const problems: RegistryProblem[] = [];
  file.organisations.forEach((o, n) => o.pUnits.forEach((u, k) => {
    const owner = owners.get(u.pNumber);
    if (owner !== undefined && owner !== o.cvr && !inFile.has(owner)) {
      problems.push({ path: `organisations[${n}].pUnits[${k}].pNumber`, code: 'P_NUMBER_TAKEN', message: `P-number ${u.pNumber} belongs to the organisation with CVR ${owner}.` });
    }
  }));
  return problems;
}

/** The date (YYYY-MM-DD) it is in Denmark at an instant. */
export function danishDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * Whether a citizen receives Digital Post on a day: an exemption counts only from its first to its
 * last day (an exemption without dates, as older data has, counts until it is lifted).
 */
export function citizenStatusOn(
  status: 'registered' | 'exempt' | 'closed', exemption: { from: string | null; to: string | null }, today: string,
): 'registered' | 'exempt' | 'closed' {
  if (status !== 'exempt') return status;
  if (exemption.from !== null && today < exemption.from) return 'registered';
  if (exemption.to !== null && today > exemption.to) return 'registered';
  return 'exempt';
}
