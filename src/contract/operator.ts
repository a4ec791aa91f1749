/**
 * The operator API, `/api/operator/…` (docs/admin.md, "The operator API"): what the `kuvert registry`,
 * `kuvert system` and `kuvert org` commands do, for the people who run Kuvert, with an operator key.
 * Inputs are checked by the services (the same codes as on the command line), so the schemas here
 * take plain strings where a service gives the precise refusal.
 */
import Type, { type Static } from 'typebox';
import { SystemFields, SystemKind } from './admin.ts';
import { DateTime, Id, Nullable, StringEnum } from './common.ts';

// --- registry ---------------------------------------------------------------------------------------

export const RegistryImportQuery = Type.Object({
  dryRun: Type.Optional(Type.Boolean({ description: 'check and report, write nothing' })),
});
export type RegistryImportQuery = Static<typeof RegistryImportQuery>;

const RegistryCounts = Type.Object({
  created: Type.Integer({ minimum: 0 }),
  changed: Type.Integer({ minimum: 0 }),
  closed: Type.Integer({ minimum: 0 }),
  unchanged: Type.Integer({ minimum: 0 }),
});

export const RegistryImportResult = Type.Object({
  dryRun: Type.Boolean(),
  organisations: RegistryCounts,
  citizens: RegistryCounts,
  parties: Type.Array(Type.Object({
    party: StringEnum(['organisation', 'citizen']),
    label: Type.String({ description: 'an organisation\'s CVR number; a citizen\'s CPR number masked (`221177-****`)' }),
    outcome: StringEnum(['created', 'changed', 'closed', 'unchanged']),
    changes: Type.Array(Type.String()),
  })),
});
export type RegistryImportResult = Static<typeof RegistryImportResult>;

// --- systems ----------------------------------------------------------------------------------------

export const OperatorSystemsQuery = Type.Object({
  cvr: Type.Optional(Type.String({ maxLength: 20, description: 'only this organisation\'s systems' })),
});
export type OperatorSystemsQuery = Static<typeof OperatorSystemsQuery>;

export const OperatorSystemParams = Type.Object({ id: Type.String({ maxLength: 100, description: 'the system\'s id' }) });
export type OperatorSystemParams = Static<typeof OperatorSystemParams>;

export const OperatorSystemView = Type.Object({
  ...SystemFields.properties,
  organisationCvr: Type.String(),
  organisationName: Type.String(),
});
export type OperatorSystemView = Static<typeof OperatorSystemView>;

export const OperatorSystemInput = Type.Object({
  cvr: Type.String({ maxLength: 20 }),
  kind: Type.String({ maxLength: 20, description: '`sender` or `recipient`' }),
  name: Type.String({ maxLength: 1000, description: '1 to 200 characters, unique within the organisation' }),
}, { additionalProperties: false });
export type OperatorSystemInput = Static<typeof OperatorSystemInput>;

/** The only time a system's secret is shown. */
export const OperatorCreatedSystem = Type.Object({
  id: Id(),
  secret: Type.String(),
  name: Type.String(),
  kind: SystemKind,
  organisationCvr: Type.String(),
});
export type OperatorCreatedSystem = Static<typeof OperatorCreatedSystem>;

export const OperatorRotateInput = Type.Object({
  graceHours: Type.Optional(Type.Number({ description: 'how long the old secret keeps working, 0 to 720; default 24' })),
}, { additionalProperties: false });
export type OperatorRotateInput = Static<typeof OperatorRotateInput>;

export const OperatorRotatedSecret = Type.Object({
  id: Id(),
  secret: Type.String(),
  previousSecretValidUntil: Nullable(DateTime()),
});
export type OperatorRotatedSecret = Static<typeof OperatorRotatedSecret>;

export const OperatorSystemDisabled = Type.Object({
  id: Id(),
  disabled: Type.Boolean({ description: 'false when it already was' }),
});
export type OperatorSystemDisabled = Static<typeof OperatorSystemDisabled>;

// --- an organisation's first administrator -----------------------------------------------------------

export const OperatorOrganisationParams = Type.Object({ cvr: Type.String({ maxLength: 20 }) });
export type OperatorOrganisationParams = Static<typeof OperatorOrganisationParams>;

export const OperatorInvitationInput = Type.Object({
  email: Type.String({ maxLength: 320 }),
}, { additionalProperties: false });
export type OperatorInvitationInput = Static<typeof OperatorInvitationInput>;

export const OperatorInvitation = Type.Object({
  id: Id(),
  link: Type.String({ description: 'single use; also mailed to the address' }),
  expiresAt: DateTime(),
});
export type OperatorInvitation = Static<typeof OperatorInvitation>;

// --- the development outbox (/dev/outbox.json) ----------------------------------------------------------

export const OutboxMail = Type.Object({
  id: Id(),
  kind: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  status: StringEnum(['outbox', 'sent']),
  createdAt: DateTime(),
  sentAt: Nullable(DateTime()),
});
export type OutboxMail = Static<typeof OutboxMail>;

export const OutboxList = Type.Object({ mails: Type.Array(OutboxMail) });
export type OutboxList = Static<typeof OutboxList>;
