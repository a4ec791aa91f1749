export const SMIME_ERROR_CODES = [
  /** The entity is not S/MIME at all (no multipart/signed or application/pkcs7-mime). */
  'NOT_SMIME',
  /** The MIME structure, the base64 or the CMS/certificate DER cannot be read. */
  'MALFORMED',
  /** S/MIME, but not signed (e.g. encrypted: decrypt it first). */
  'NOT_SIGNED',
  /** S/MIME, but not encrypted (e.g. only signed). */
  'NOT_ENCRYPTED',
  'SIGNATURE_INVALID',
  'DIGEST_MISMATCH',
  'NO_SIGNER_CERTIFICATE',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_NOT_YET_VALID',
  'CHAIN_UNTRUSTED',
  'KEY_USAGE',
  /** No RecipientInfo names our certificate. */
  'NOT_FOR_US',
  'DECRYPT_FAILED',
  'UNSUPPORTED_ALGORITHM',
  /** The private key does not belong to any of the given certificates. */
  'KEY_MISMATCH',
] as const;

export type SmimeErrorCode = (typeof SMIME_ERROR_CODES)[number];

export class SmimeError extends Error {
  override readonly name = 'SmimeError';

  constructor(readonly code: SmimeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function malformed(what: string, cause?: unknown, advice = 'Check that the data was not altered or truncated on its way.'): SmimeError {
  return new SmimeError('MALFORMED', `${what} ${advice}`, cause === undefined ? undefined : { cause });
}

/** For readers of outside data: whatever a parser below throws becomes MALFORMED rather than a crash. */
export function untrusted<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SmimeError) throw error;
    throw malformed('The S/MIME data or a certificate in it cannot be read.', error);
  }
}
