import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { malformed } from './errors.ts';

const LIMITS: asn1js.FromBerOptions = {
  // Without this asn1js tries to parse every OCTET STRING (megabytes of ciphertext) as nested ASN.1.
  parseEmbedded: false,
  maxNodes: 500_000,
  maxContentLength: 256 * 1024 * 1024,
};

/** One complete DER/BER value, with nothing after it. */
export function parseBer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(bytes, LIMITS);
  if (parsed.offset === -1 || parsed.result.error) throw malformed(`The ${what} is not valid ASN.1 (${parsed.result.error || 'unreadable'}).`);
  if (parsed.offset !== bytes.byteLength) throw malformed(`The ${what} has ${bytes.byteLength - parsed.offset} unexpected bytes after its end.`);
  return parsed.result;
}

export function toBuffer(data: ArrayBuffer | Uint8Array): Buffer {
  return data instanceof ArrayBuffer ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * The bytes of an OCTET STRING, primitive or constructed (BER, as streamed by OpenSSL), also when it
 * was implicitly tagged and parsed as a plain Primitive/Constructed.
 */
export function octets(value: asn1js.BaseBlock): Buffer {
  return toBuffer(asn1js.OctetString.prototype.getValue.call(value as asn1js.OctetString));
}

export function encode(value: { toSchema(): asn1js.AsnType }): Buffer {
  return Buffer.from(value.toSchema().toBER(false));
}

/** pkijs wants an ArrayBuffer-backed view; Node's Buffer type also admits SharedArrayBuffer. */
export function pkijsCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(new Uint8Array(der));
}

/**
 * Remembers what `parse` made of a certificate's DER bytes (the same few certificates sign most mail;
 * parsing them with asn1js is most of the cost of a verification). Results must be treated as read-only.
 */
export function memoizedByDer<T>(parse: (der: Buffer) => T, capacity = 256): (der: Uint8Array) => T {
  const cache = new Map<string, T>();
  return (der) => {
    const bytes = Buffer.isBuffer(der) ? der : Buffer.from(der);
    const key = bytes.toString('base64');
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = parse(bytes);
    if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
    return value;
  };
}
