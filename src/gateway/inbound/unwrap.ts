import { createHash } from 'node:crypto';
import { headerValue } from '../compose/index.ts';
import { decryptMime, isSmime, SmimeError, verifySignedMime, type Identity, type SignedContent } from '../smime/index.ts';
import { MailRejection, type RejectionCode } from './rejections.ts';

const SMIME_CODES = new Set<RejectionCode>([
  'SIGNATURE_INVALID', 'CERTIFICATE_EXPIRED', 'CERTIFICATE_NOT_YET_VALID', 'CHAIN_UNTRUSTED', 'KEY_USAGE',
  'DECRYPT_FAILED', 'NOT_FOR_US', 'UNSUPPORTED_ALGORITHM', 'MALFORMED',
]);

/** SmimeError → the rejection the sender is told about. */
export function rejectionOf(err: unknown): MailRejection {
  if (err instanceof MailRejection) return err;
  if (err instanceof SmimeError) {
    const code = err.code === 'DIGEST_MISMATCH' ? 'SIGNATURE_INVALID'
      : err.code === 'NO_SIGNER_CERTIFICATE' ? 'UNKNOWN_SIGNER'
        : err.code === 'NOT_SIGNED' || err.code === 'NOT_SMIME' ? 'NOT_SIGNED'
          : SMIME_CODES.has(err.code as RejectionCode) ? err.code as RejectionCode : 'MALFORMED';
    return new MailRejection(code, err.message);
  }
  throw err;
}

export interface Unwrapped extends SignedContent {
  encrypted: boolean;
  signerFingerprint: string;
}

/** Peels S/MIME layers (encrypted and signed, in either order, at most four) down to the signed content. */
export async function unwrap(raw: Buffer, identity: Identity): Promise<Unwrapped> {
  let entity = raw;
  let encrypted = false;
  let signed: SignedContent | undefined;
  try {
    for (let layer = 0; layer < 4; layer++) {
      const kind = isSmime(headerValue(entity, 'content-type') ?? '');
      if (kind === 'enveloped') {
        entity = await decryptMime(entity, identity);
        encrypted = true;
      } else if (kind === 'signed') {
        const result = await verifySignedMime(entity);
        if (signed && !result.signer.equals(signed.signer)) throw new MailRejection('MALFORMED', 'nested signatures by different signers');
        signed = result;
        entity = result.content;
      } else {
        break;
      }
    }
  } catch (err) {
    throw rejectionOf(err);
  }
  if (!signed) throw new MailRejection('NOT_SIGNED');
  return { ...signed, content: entity, encrypted, signerFingerprint: createHash('sha256').update(signed.signer).digest('hex') };
}
