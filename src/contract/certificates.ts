/**
 * Certificates in one place (docs/certificates.md): every certificate of an organisation, by expiry,
 * with what depends on each, at `/api/admin/organisations/:organisationId/certificates`; systems'
 * client certificates (mutual TLS) registered at `…/systems/:systemId/certificates`, and by operators
 * at `/api/operator/systems/:id/certificates`.
 */
import Type, { type Static } from 'typebox';
import { DateTime, Id, Nullable, StringEnum, UuidInput } from './common.ts';

// --- paths and bodies ------------------------------------------------------------------------------

export const SystemCertificateParams = Type.Object({ organisationId: UuidInput(), systemId: UuidInput(), certificateId: UuidInput() });
export type SystemCertificateParams = Static<typeof SystemCertificateParams>;

/** An uploaded client certificate: PEM (DER files are armoured as PEM by the portal). */
export const SystemCertificateUpload = Type.Object({
  certificate: Type.String({ minLength: 1, maxLength: 64 * 1024, description: 'the client certificate, PEM; the first certificate in it is the one registered' }),
}, { additionalProperties: false });
export type SystemCertificateUpload = Static<typeof SystemCertificateUpload>;

export const OperatorSystemCertificateParams = Type.Object({
  id: Type.String({ maxLength: 100, description: 'the system\'s id' }),
  certificate: Type.String({ maxLength: 100, description: 'the certificate\'s id, or its SHA-256 fingerprint (hex)' }),
});
export type OperatorSystemCertificateParams = Static<typeof OperatorSystemCertificateParams>;

// --- what is shown -------------------------------------------------------------------------------

const describedFields = {
  subject: Type.String({ description: 'RFC 4514-style, e.g. `CN=Sagssystem, O=Kommunen`' }),
  issuer: Type.String(),
  serialNumber: Type.String({ description: 'hex, lower case, without leading zeros' }),
  notBefore: DateTime(),
  notAfter: DateTime(),
  daysLeft: Type.Integer({ description: 'whole days until notAfter (negative: expired)' }),
  fingerprintSha256: Type.String({ description: 'hex, lower case, over the DER: what a system\'s certificate is pinned by' }),
};

/** A client certificate as read from an upload, before anything is stored (the portal's "check" step). */
export const SystemCertificateCheck = Type.Object({
  ...describedFields,
  keyAlgorithm: Type.String({ description: '`RSA`, `EC`, `Ed25519`, …' }),
  keyBits: Type.Optional(Type.Integer()),
  systemId: Id(),
  systemName: Type.String(),
});
export type SystemCertificateCheck = Static<typeof SystemCertificateCheck>;

export const CertificateState = StringEnum(['valid', 'expiring', 'expired', 'not-yet-valid'], {
  description: '`expiring`: 30 days or fewer left; `expired`: notAfter has passed; `not-yet-valid`: notBefore is still to come',
});
export type CertificateState = Static<typeof CertificateState>;

/** A system's registered client certificate. */
export const SystemCertificateView = Type.Object({
  id: Id(),
  systemId: Id(),
  systemName: Type.String(),
  ...describedFields,
  state: CertificateState,
  createdAt: DateTime(),
});
export type SystemCertificateView = Static<typeof SystemCertificateView>;

export const CertificateKind = StringEnum(['system-client', 'mail-signing', 'forwarding-receiving'], {
  description: '`system-client`: a system presents it over mutual TLS at /apis/v1; `mail-signing`: the organisation\'s mail system signs with it; `forwarding-receiving`: forwarded mail is encrypted to it',
});
export type CertificateKind = Static<typeof CertificateKind>;

/** What stops when a certificate expires. */
export const CertificateDependent = Type.Object({
  kind: StringEnum(['system', 'mail-system', 'forwarding']),
  /** the system's name, or the forwarding address; null for the mail system */
  name: Nullable(Type.String()),
  /** the system's id, or the forwarding's */
  id: Nullable(Id()),
  /** the system's status (`active`, `disabled`), or the forwarding's (`pending`, `active`, `paused`); null for the mail system */
  status: Nullable(Type.String()),
});
export type CertificateDependent = Static<typeof CertificateDependent>;

/** One certificate of the organisation, as the overview lists it. */
export const OrganisationCertificate = Type.Object({
  kind: CertificateKind,
  /** the registered certificate's id (a system's or a mail signing certificate); the forwarding's id for a receiving certificate */
  id: Id(),
  ...describedFields,
  state: CertificateState,
  dependents: Type.Array(CertificateDependent),
  /** the warnings already given (days before expiry, of 30, 14, 7, 1), largest first */
  warned: Type.Array(Type.Integer()),
  /** the portal page where it is renewed (a path) */
  renewPath: Type.String(),
});
export type OrganisationCertificate = Static<typeof OrganisationCertificate>;

export const CertificateOverview = Type.Object({
  /** every certificate, soonest expiry first */
  certificates: Type.Array(OrganisationCertificate),
  /** the thresholds (days before expiry) at which Kuvert warns */
  warningDays: Type.Array(Type.Integer()),
  /** the organisation's systems, for registering a client certificate */
  systems: Type.Array(Type.Object({ id: Id(), name: Type.String(), kind: StringEnum(['sender', 'recipient']), status: StringEnum(['active', 'disabled']) })),
  /** whether the caller may register and remove systems' certificates (super-administrators) */
  mayRegister: Type.Boolean(),
});
export type CertificateOverview = Static<typeof CertificateOverview>;

export const OperatorSystemCertificateRemoved = Type.Object({ id: Id(), fingerprintSha256: Type.String(), subject: Type.String(), serialNumber: Type.String() });
export type OperatorSystemCertificateRemoved = Static<typeof OperatorSystemCertificateRemoved>;
