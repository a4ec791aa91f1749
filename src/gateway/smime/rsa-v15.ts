/**
 * RSAES-PKCS1-v1_5 key transport (rsaEncryption), which Outlook and `openssl cms -encrypt` use by default.
 *
 * Why: a v1.5 decryption that reveals whether the padding was valid is a Bleichenbacher oracle (the Marvin
 * attack showed timing is enough), so Node 20 refuses RSA_PKCS1_PADDING in privateDecrypt (CVE-2023-46809).
 * We do not re-enable it with --security-revert.
 *
 * How (implicit rejection, as OpenSSL 3.2+ and draft-irtf-cfrg-rsa-guidance): we do the raw RSA operation
 * (RSA_NO_PADDING) and check the padding ourselves against the key length we need, which is public (it
 * follows from the content cipher). The real key and a synthetic one, HMAC-SHA256(SHA-256(d), ciphertext)
 * truncated to that length, are always both computed, and one is selected with a mask, without branching on
 * secret data. A bad padding therefore yields a wrong but stable key: the content decryption then fails
 * exactly as it does for a sender who encrypted with the wrong key, and the sender learns nothing about the
 * padding. JavaScript gives no hard constant-time guarantee; this removes the data-dependent branches and
 * early returns, which is what the attack measures.
 */
import { constants, createHash, createHmac, privateDecrypt, type KeyObject } from 'node:crypto';

const secrets = new WeakMap<KeyObject, Buffer>();

/** The implicit-rejection key derivation key: SHA-256 of the private exponent (draft-irtf-cfrg-rsa-guidance). */
function rejectionSecret(privateKey: KeyObject, modulusBytes: number): Buffer {
  let secret = secrets.get(privateKey);
  if (!secret) {
    const d = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
    const padded = Buffer.concat([Buffer.alloc(Math.max(0, modulusBytes - d.length)), d]);
    secret = createHash('sha256').update(padded).digest();
    secrets.set(privateKey, secret);
  }
  return secret;
}

function rawDecrypt(privateKey: KeyObject, ciphertext: Uint8Array, modulusBytes: number): Buffer | undefined {
  if (ciphertext.length !== modulusBytes) return undefined;
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, ciphertext);
  } catch {
    // only for a ciphertext ≥ the modulus, which the sender knows without us
    return undefined;
  }
}

/** 1 when byte is 0, else 0, without a branch. */
function isZero(byte: number): number {
  return ((byte - 1) >>> 31) & 1;
}

/**
 * The `keyLength`-byte key inside `ciphertext` if its PKCS#1 v1.5 padding is valid for exactly that length,
 * otherwise a synthetic key that the caller cannot tell apart.
 */
export function decryptKeyPkcs1v15(privateKey: KeyObject, ciphertext: Uint8Array, keyLength: number): Buffer {
  if (keyLength < 1 || keyLength > 32) throw new RangeError('PKCS#1 v1.5 key transport is only used here for keys of up to 32 bytes.');
  const modulusBytes = Math.ceil((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  const synthetic = createHmac('sha256', rejectionSecret(privateKey, modulusBytes)).update(ciphertext).digest().subarray(0, keyLength);
  const em = rawDecrypt(privateKey, ciphertext, modulusBytes) ?? Buffer.alloc(modulusBytes, 0xff);
  // EM = 00 || 02 || PS (≥ 8 non-zero bytes) || 00 || key
  const separator = modulusBytes - keyLength - 1;
  let bad = separator < 10 || em.length !== modulusBytes ? 1 : 0;
  bad |= em[0] ?? 1;
  bad |= (em[1] ?? 0) ^ 0x02;
  bad |= em[separator] ?? 1;
  for (let i = 2; i < separator; i++) bad |= isZero(em[i]!);
  const keep = -isZero(bad) & 0xff;
  const key = Buffer.alloc(keyLength);
  for (let i = 0; i < keyLength; i++) key[i] = ((em[separator + 1 + i] ?? 0) & keep) | (synthetic[i]! & ~keep & 0xff);
  em.fill(0);
  return key;
}
