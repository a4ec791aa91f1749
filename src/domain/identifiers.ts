/** Identifiers from outside are checked here, once, at the edge. */

export type Cpr = string & { readonly __brand: 'Cpr' };
export type Cvr = string & { readonly __brand: 'Cvr' };
export type PNumber = string & { readonly __brand: 'PNumber' };
export type Uuid = string & { readonly __brand: 'Uuid' };

/** Ten digits whose first six are a day and month (the century is not encoded in the digits alone). */
export function parseCpr(value: string): Cpr | undefined {
  if (!/^[0-9]{10}$/.test(value)) return undefined;
  const day = Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  return day >= 1 && day <= 31 && month >= 1 && month <= 12 ? (value as Cpr) : undefined;
}

export function parseCvr(value: string): Cvr | undefined {
  return /^[1-9][0-9]{7}$/.test(value) ? (value as Cvr) : undefined;
}

export function parsePNumber(value: string): PNumber | undefined {
  return /^[1-9][0-9]{9}$/.test(value) ? (value as PNumber) : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Any RFC 4122 UUID, normalised to lower case. */
export function parseUuid(value: string): Uuid | undefined {
  return UUID.test(value) ? (value.toLowerCase() as Uuid) : undefined;
}
