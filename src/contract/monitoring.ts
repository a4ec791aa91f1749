/**
 * The sender's error view (docs/monitoring.md): for each system, its sends per Danish day by receipt
 * status and error code, its last refusals with the reason in plain words and what to change, letters
 * it sent whose recipient became exempt or closed; for a recipient system the letters waiting and the
 * FAILED business receipts. `GET /apis/v1/monitoring` (the system's own), and
 * `GET /api/admin/organisations/:organisationId/monitoring` (every system of the organisation).
 */
import Type, { type Static } from 'typebox';
import { DateTime, Id, Nullable, StringEnum } from './common.ts';

export const MONITORING_DEFAULT_DAYS = 30;
export const MONITORING_MAX_DAYS = 90;

export const MonitoringQuery = Type.Object({
  days: Type.Optional(Type.Integer({ description: `the period: this many Danish days up to today, 1 to ${MONITORING_MAX_DAYS}; default ${MONITORING_DEFAULT_DAYS}` })),
}, { additionalProperties: false });
export type MonitoringQuery = Static<typeof MonitoringQuery>;

/** A text in Danish and English. */
export const MonitoringTexts = Type.Object({ da: Type.String(), en: Type.String() });
export type MonitoringTexts = Static<typeof MonitoringTexts>;

/** Why, in plain words, and what to change. */
export const MonitoringExplanation = Type.Object({
  reason: MonitoringTexts,
  change: MonitoringTexts,
});
export type MonitoringExplanation = Static<typeof MonitoringExplanation>;

export const MonitoredSendStatus = StringEnum(['RECEIVED', 'INVALID', 'NOT_ALLOWED'], {
  description: 'the receipt\'s status: RECEIVED (accepted), INVALID or NOT_ALLOWED',
});
export type MonitoredSendStatus = Static<typeof MonitoredSendStatus>;

/** One Danish day's sends of a system. */
export const SendDay = Type.Object({
  day: Type.String({ format: 'date' }),
  received: Type.Integer(),
  invalid: Type.Integer(),
  notAllowed: Type.Integer(),
  codes: Type.Array(Type.Object({ status: MonitoredSendStatus, errorCode: Type.String(), count: Type.Integer() }), {
    description: 'the refusals of the day by status and error code, most first',
  }),
});
export type SendDay = Static<typeof SendDay>;

/** A status and error code over the whole period. */
export const SendCodeTotal = Type.Object({
  status: MonitoredSendStatus,
  errorCode: Nullable(Type.String(), { description: 'null for RECEIVED' }),
  count: Type.Integer(),
  explanation: Nullable(MonitoringExplanation, { description: 'for an error code' }),
});
export type SendCodeTotal = Static<typeof SendCodeTotal>;

export const RefusalView = Type.Object({
  at: DateTime(),
  status: StringEnum(['INVALID', 'NOT_ALLOWED']),
  errorCode: Type.String(),
  messageUUID: Nullable(Id(), { description: 'the letter\'s MessageHeader/messageUUID, when the document could be read' }),
  firstIssue: Nullable(Type.Object({
    code: Type.String(),
    path: Type.String({ description: 'element path below Message, e.g. MessageHeader/Recipient/recipientID' }),
    explanation: Nullable(MonitoringExplanation),
  }), { description: 'MEMO_INVALID: the first problem of the document' }),
  issues: Type.Integer({ description: 'MEMO_INVALID: how many problems the receipt named' }),
  explanation: MonitoringExplanation,
});
export type RefusalView = Static<typeof RefusalView>;

/** A letter the system sent (accepted) whose recipient is now exempt or closed. */
export const UnreachableLetter = Type.Object({
  messageUUID: Id(),
  messageId: Nullable(Type.String(), { description: 'MessageHeader/messageID: the sender\'s own id of the letter' }),
  receivedAt: DateTime(),
  recipient: Type.Object({
    idType: StringEnum(['CPR', 'CVR']),
    id: Type.String({ description: 'a CVR number, or a CPR number masked: 221177-****' }),
    name: Nullable(Type.String(), { description: 'an organisation\'s name; never a citizen\'s' }),
  }),
  reason: StringEnum(['exempt', 'closed']),
  since: Nullable(Type.String({ format: 'date' }), { description: 'the first day of the exemption, or the day the status changed' }),
  explanation: MonitoringExplanation,
});
export type UnreachableLetter = Static<typeof UnreachableLetter>;

export const SenderMonitoring = Type.Object({
  days: Type.Array(SendDay, { description: 'every day of the period, newest first' }),
  totals: Type.Array(SendCodeTotal, { description: 'the period by status and error code, RECEIVED first, then most first' }),
  refusals: Type.Array(RefusalView, { description: 'the last refusals in the period, newest first' }),
  unreachable: Type.Array(UnreachableLetter, { description: 'letters sent in the period whose recipient is exempt or closed now, newest first' }),
  unreachableTotal: Type.Integer(),
});
export type SenderMonitoring = Static<typeof SenderMonitoring>;

export const FailedReceiptView = Type.Object({
  at: DateTime(),
  messageUUID: Id(),
  errorCode: Nullable(Type.String()),
  errorMessage: Nullable(Type.String(), { description: 'as the recipient system gave it, anything shaped like a CPR number masked' }),
});
export type FailedReceiptView = Static<typeof FailedReceiptView>;

export const QueueMonitoring = Type.Object({
  waiting: Type.Integer({ description: 'letters available and not fetched' }),
  oldestWaitingAt: Nullable(DateTime()),
  oldestWaitingMinutes: Nullable(Type.Integer(), { description: 'how long the oldest waiting letter has waited' }),
  lastFetchedAt: Nullable(DateTime()),
  failedInARow: Type.Integer({ description: 'FAILED receipts since the last other one' }),
  failedTotal: Type.Integer({ description: 'FAILED receipts in the period' }),
  failed: Type.Array(FailedReceiptView, { description: 'the latest FAILED receipts in the period, newest first' }),
});
export type QueueMonitoring = Static<typeof QueueMonitoring>;

export const SystemMonitoring = Type.Object({
  id: Id(),
  name: Type.String(),
  kind: StringEnum(['sender', 'recipient']),
  status: StringEnum(['active', 'disabled']),
  sends: Nullable(SenderMonitoring, { description: 'a sender system; a recipient system only when it tried to send' }),
  queue: Nullable(QueueMonitoring, { description: 'a recipient system' }),
});
export type SystemMonitoring = Static<typeof SystemMonitoring>;

const Period = {
  from: Type.String({ format: 'date', description: 'the first Danish day of the period' }),
  to: Type.String({ format: 'date', description: 'today (Danish time)' }),
  generatedAt: DateTime(),
};

/** `GET /api/admin/organisations/:organisationId/monitoring`: every system of the organisation. */
export const MonitoringView = Type.Object({
  ...Period,
  organisation: Type.Object({ id: Id(), name: Type.String(), cvr: Type.String() }),
  systems: Type.Array(SystemMonitoring),
});
export type MonitoringView = Static<typeof MonitoringView>;

/** `GET /apis/v1/monitoring`: the authenticated system's own. */
export const SystemMonitoringView = Type.Object({
  ...Period,
  system: SystemMonitoring,
});
export type SystemMonitoringView = Static<typeof SystemMonitoringView>;
