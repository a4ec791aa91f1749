/** Administration of an organisation by its administrators: today secure e-mail (forwarding, mail system certificates). */
export { requireAdmin, type Actor } from './access.ts';
export * from './secure-mail/forwarding.ts';
export * from './secure-mail/certificates.ts';
export type { CertificateView, DeadLetter, SecureMailView, ForwardingStatus } from '../contract/index.ts';
