/**
 * `/api/organisations/:organisationId/secure-mail…`: an organisation's administrators set up forwarding
 * to their secure mail system and register their mail system's signing certificates.
 */
import Type, { type Static } from 'typebox';
import { DateTime, Id, Nullable, StringEnum, UuidInput } from './common.ts';

// --- paths and bodies ------------------------------------------------------------------------------

export const OrganisationParams = Type.Object({ organisationId: UuidInput() });
export type OrganisationParams = Static<typeof OrganisationParams>;

export const DeadLetterParams = Type.Object({ organisationId: UuidInput(), jobId: Type.Integer({ minimum: 1 }) });
export type DeadLetterParams = Static<typeof DeadLetterParams>;

export const SigningCertificateParams = Type.Object({ organisationId: UuidInput(), certificateId: UuidInput() });
export type SigningCertificateParams = Static<typeof SigningCertificateParams>;

/** An uploaded certificate (preview, signing certificate). */
export const CertificateUpload = Type.Object({
  certificate: Type.String({ minLength: 1, maxLength: 64 * 1024, description: 'PEM' }),
}, { additionalProperties: false });
export type CertificateUpload = Static<typeof CertificateUpload>;

export const ForwardingField = StringEnum(['pNumber', 'senderCvr', 'attentionEmail', 'attentionPerson']);
export type ForwardingField = Static<typeof ForwardingField>;

/**
 * Forwarding as an administrator sets it up. The rules are checked and normalised by the service
 * (`parseForwardingRules`, 400 RULES_INVALID), so their shape is only sketched here.
 */
export const ForwardingInput = Type.Object({
  address: Type.String({ minLength: 3, maxLength: 254 }),
  certificate: Type.String({ minLength: 1, maxLength: 64 * 1024, description: 'the receiving certificate, PEM' }),
  scope: StringEnum(['all', 'rules']),
  rules: Type.Optional(Type.Array(Type.Object({
    name: Type.String(),
    conditions: Type.Array(Type.Object({
      field: ForwardingField,
      equals: Type.Optional(Type.String()),
      contains: Type.Optional(Type.String()),
    })),
  }), { maxItems: 50 })),
}, { additionalProperties: false });
export type ForwardingInput = Static<typeof ForwardingInput>;

/** The token of a single-use link Kuvert mailed (confirming forwarding or an e-mail address, accepting an invitation). */
export const ConfirmationInput = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 100 }),
}, { additionalProperties: false });
export type ConfirmationInput = Static<typeof ConfirmationInput>;

// --- what the administration shows -----------------------------------------------------------------

export const CertificateView = Type.Object({
  subject: Type.String({ description: 'RFC 4514-style, e.g. `CN=Kommunen mail, E=post@kommunen.example`' }),
  issuer: Type.String(),
  serialNumber: Type.String({ description: 'hex, lower case' }),
  notBefore: DateTime(),
  notAfter: DateTime(),
  daysLeft: Type.Integer({ description: 'whole days until notAfter (negative: expired)' }),
  fingerprintSha256: Type.String({ description: 'hex, lower case, over the DER' }),
  emailAddresses: Type.Array(Type.String()),
  isCa: Type.Boolean(),
  canSign: Type.Boolean(),
  canEncrypt: Type.Boolean(),
  keyAlgorithm: Type.String({ description: '`RSA`, `RSA-PSS`, `EC`, `Ed25519`, …' }),
  keyBits: Type.Optional(Type.Integer()),
});
export type CertificateView = Static<typeof CertificateView>;

/** One condition of a forwarding rule; a message is forwarded when every condition of some rule holds. */
export const ForwardingCondition = Type.Union([
  Type.Object({ field: Type.Literal('pNumber'), equals: Type.String() }),
  Type.Object({ field: Type.Literal('senderCvr'), equals: Type.String() }),
  Type.Object({ field: Type.Literal('attentionEmail'), equals: Type.String() }),
  Type.Object({ field: Type.Literal('attentionPerson'), contains: Type.String() }),
]);
export type ForwardingCondition = Static<typeof ForwardingCondition>;

export const ForwardingRule = Type.Object({ name: Type.String(), conditions: Type.Array(ForwardingCondition) });
export type ForwardingRule = Static<typeof ForwardingRule>;

/** A forwarding that failed for good (a dead job), which an administrator can try again. */
export const DeadLetter = Type.Object({
  jobId: Type.Integer(),
  messageId: Id(),
  label: Type.String(),
  receivedAt: DateTime(),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  failedAt: DateTime(),
});
export type DeadLetter = Static<typeof DeadLetter>;

export const ForwardingStatus = StringEnum(['pending', 'active', 'paused', 'disabled']);
export type ForwardingStatus = Static<typeof ForwardingStatus>;

/** The mail with the confirmation link, as the outgoing mail queue knows it (only while forwarding waits for confirmation). */
export const ConfirmationMail = Type.Object({
  state: StringEnum(['queued', 'sent', 'retrying', 'failed'], {
    description: '`queued`: not tried yet; `sent`: handed to the mail server; `retrying`: an attempt failed, another follows at `nextAttemptAt`; `failed`: given up (send it again)',
  }),
  at: DateTime({ description: 'when it was queued, sent, or last failed' }),
  lastError: Nullable(Type.String(), { description: 'why the last attempt failed' }),
  nextAttemptAt: Nullable(DateTime()),
});
export type ConfirmationMail = Static<typeof ConfirmationMail>;

export const Forwarding = Type.Object({
  address: Type.String(),
  status: ForwardingStatus,
  statusReason: Nullable(Type.String(), { description: 'why it is paused, e.g. CERTIFICATE_EXPIRED' }),
  scope: StringEnum(['all', 'rules']),
  rules: Type.Array(ForwardingRule),
  certificate: CertificateView,
  confirmedAt: Nullable(DateTime()),
  confirmation: Nullable(ConfirmationMail, { description: 'while `pending`: whether the confirmation link was mailed' }),
  waiting: Type.Integer({ description: 'messages waiting to be forwarded' }),
  deadLetters: Type.Array(DeadLetter),
});
export type Forwarding = Static<typeof Forwarding>;

export const SigningCertificate = Type.Object({ id: Id(), ...CertificateView.properties });
export type SigningCertificate = Static<typeof SigningCertificate>;

/** A certificate that expires within 30 days (or has). */
export const CertificateWarning = Type.Object({
  certificate: StringEnum(['receiving', 'signing']),
  fingerprintSha256: Type.String(),
  subject: Type.String(),
  notAfter: DateTime(),
  daysLeft: Type.Integer(),
});
export type CertificateWarning = Static<typeof CertificateWarning>;

export const SecureMailView = Type.Object({
  forwarding: Nullable(Forwarding, { description: 'null: not set up' }),
  signingCertificates: Type.Array(SigningCertificate),
  warnings: Type.Array(CertificateWarning),
  gatewayAddress: Type.String({ description: 'Kuvert\'s mail address, which the organisation\'s mail system sends to' }),
});
export type SecureMailView = Static<typeof SecureMailView>;

export const SigningCertificateCreated = Type.Object({ id: Id() });
export type SigningCertificateCreated = Static<typeof SigningCertificateCreated>;
