/** Administration of Kuvert: the registry import and systems (operators), secure e-mail (an organisation's administrators). */
export type { AdminContext, ActorName } from './context.ts';
export { requireAdmin, requireRole, organisationNotFound, type Actor } from './access.ts';
export * from './secure-mail/forwarding.ts';
export * from './secure-mail/certificates.ts';
export type { CertificateView, DeadLetter, SecureMailView, ForwardingStatus } from '../contract/index.ts';
export * from './systems.ts';
export * from './organisation.ts';
export * from './contact-points.ts';
export * from './registry.ts';
export * from './operator-keys.ts';
export * from './local-operator.ts';
export * from './people/index.ts';
export * from './materials.ts';
export * from './rules/index.ts';
export * from './notifications/index.ts';
export * from './emptying.ts';
export * from './statistics.ts';
