/**
 * S/MIME for the mail gateway: sign, verify, encrypt and decrypt MIME entities with CMS, interoperable
 * with `openssl cms` and common mail clients; certificate reading and path validation.
 */
export { SMIME_ERROR_CODES, SmimeError, type SmimeErrorCode } from './errors.ts';
export { describeCertificate, parseCertificates, type CertificateInfo } from './certificates.ts';
export { verifyCertificate, type VerifyCertificateOptions } from './chain.ts';
export { generateIdentity, loadIdentity, type GenerateIdentityOptions, type Identity } from './identity.ts';
export { selfSignedCertificate, type SelfSignedRequest } from './self-signed.ts';
export { signMime } from './sign.ts';
export { verifySignedMime, type SignedContent } from './verify.ts';
export { encryptMime } from './encrypt.ts';
export { decryptMime } from './decrypt.ts';
export { isSmime, type SmimeKind } from './detect.ts';
