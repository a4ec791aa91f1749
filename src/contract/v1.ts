/** `/apis/v1`, the system API: shaped like the national NgDP REST API where they overlap. */
import Type, { type Static } from 'typebox';
import { DateTime, Id, Nullable, StringEnum, UUID_PATTERN } from './common.ts';

// --- sending: the receipt -------------------------------------------------------------------------

export const ReceiptStatus = StringEnum(['RECEIVED', 'INVALID', 'NOT_ALLOWED']);
export type ReceiptStatus = Static<typeof ReceiptStatus>;

/** One problem of a document that is not MeMo. */
export const ReceiptIssue = Type.Object({
  path: Type.String({ description: 'element path below `Message`, e.g. `MessageHeader/Recipient/recipientID`; empty for the document' }),
  code: Type.String(),
  message: Type.String(),
});
export type ReceiptIssue = Static<typeof ReceiptIssue>;

/** The technical receipt of a send (NgDP `Receipt`): every answer of `POST /memos`, accepted or refused. */
export const Receipt = Type.Object({
  transmissionId: Nullable(Id()),
  messageUUID: Nullable(Id()),
  messageId: Nullable(Type.String()),
  receiptStatus: ReceiptStatus,
  errorCode: Nullable(Type.String()),
  errorMessage: Nullable(Type.String()),
  timeStamp: DateTime(),
  details: Type.Optional(Type.Array(ReceiptIssue, { description: 'every problem of a document that is not MeMo (MEMO_INVALID)' })),
}, { description: 'Technical receipt of a send (NgDP `Receipt`).' });
export type Receipt = Static<typeof Receipt>;

export const SendQuery = Type.Object({
  'memo-message-uuid': Type.Optional(Type.String({ description: 'must equal MessageHeader/messageUUID when given' })),
});
export type SendQuery = Static<typeof SendQuery>;

/** The MeMo document of `GET /memos/{uuid}`, exactly as the sender sent it. */
export const MemoXml = Type.String({ description: 'MeMo XML' });

// --- the queue: paging -----------------------------------------------------------------------------

export const PagingQuery = Type.Object({
  page: Type.Integer({ minimum: 0, default: 0 }),
  size: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
}, { additionalProperties: false });
export type PagingQuery = Static<typeof PagingQuery>;

/** Where the previous or the next page is; null when there is none. */
export const PagingArguments = Nullable(Type.Object({ page: Type.Integer(), size: Type.Integer() }));
export type PagingArguments = Static<typeof PagingArguments>;

export const PagingResultUUID = Type.Object({
  content: Type.Array(Id()),
  number: Type.Integer({ description: 'this page, from 0' }),
  size: Type.Integer(),
  totalElements: Type.Integer(),
  totalPages: Type.Integer(),
  previous: PagingArguments,
  next: PagingArguments,
}, { description: 'A page of message UUIDs (NgDP `PagingResultUUID`).' });
export type PagingResultUUID = Static<typeof PagingResultUUID>;

export const UuidParams = Type.Object({ uuid: Type.String({ pattern: UUID_PATTERN }) });
export type UuidParams = Static<typeof UuidParams>;

// --- business receipts -----------------------------------------------------------------------------

export const BusinessReceiptStatus = StringEnum(['COMPLETED', 'FAILED']);
export type BusinessReceiptStatus = Static<typeof BusinessReceiptStatus>;

/** The body of `POST /memos/{uuid}/receipt`; optional (without it COMPLETED is recorded). */
export const BusinessReceiptInput = Nullable(Type.Object({
  receiptStatus: Type.Optional(StringEnum(['COMPLETED', 'FAILED'], { default: 'COMPLETED' })),
  errorCode: Type.Optional(Type.String({ maxLength: 256 })),
  errorMessage: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false }));
export type BusinessReceiptInput = Static<typeof BusinessReceiptInput>;

export const BusinessReceipt = Type.Object({
  id: Id(),
  messageUUID: Id(),
  receiptStatus: BusinessReceiptStatus,
  timeStamp: DateTime(),
});
export type BusinessReceipt = Static<typeof BusinessReceipt>;

// --- the directory: contacts and contact points ----------------------------------------------------

/** A CPR or a CVR number to look up: exactly one of them. */
export const ContactLookup = Type.Object({
  cprNumber: Type.Optional(Type.String()),
  cvrNumber: Type.Optional(Type.String()),
}, { additionalProperties: false });
export type ContactLookup = Static<typeof ContactLookup>;

export const RegistrationStatus = StringEnum(['REGISTERED', 'EXEMPT', 'CLOSED']);
export type RegistrationStatus = Static<typeof RegistrationStatus>;

/** A recipient as a sender system may see it before sending: NgDP's `Contact`. */
export const Contact = Type.Object({
  type: StringEnum(['CITIZEN', 'COMPANY']),
  cprNumber: Type.Optional(Type.String()),
  cvrNumber: Type.Optional(Type.String()),
  productionUnits: Type.Optional(Type.Array(Type.String(), { description: 'a company\'s P-numbers' })),
  mailboxSubscription: Type.Object({ publicRegistrationStatus: RegistrationStatus }),
});
export type Contact = Static<typeof Contact>;

/** How NgDP's search results count their pages. */
const PageCounts = {
  currentPage: Type.Integer(),
  totalPages: Type.Integer(),
  elementsOnPage: Type.Integer(),
  totalElements: Type.Integer(),
};

export const ContactSearchResult = Type.Object({
  contacts: Type.Array(Contact),
  ...PageCounts,
}, { description: 'NgDP `ContactSearchResult`: empty when nobody with that number has a mailbox.' });
export type ContactSearchResult = Static<typeof ContactSearchResult>;

export const ContactPointQuery = Type.Object({
  page: Type.Integer({ minimum: 0, default: 0 }),
  size: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  organisationCvr: Type.Optional(Type.String({ pattern: '^[0-9]{8}$' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'words in the name or description' })),
}, { additionalProperties: false });
export type ContactPointQuery = Static<typeof ContactPointQuery>;

/** An active, visible contact point of an organisation: where citizens and companies write to. */
export const PublicContactPoint = Type.Object({
  id: Id(),
  name: Type.String(),
  description: Type.String(),
  organisationId: Id(),
  organisationCvr: Type.String(),
  organisationName: Type.String(),
  contactGroups: Type.Array(Type.String()),
  memoSizeThresholdMB: Type.Number(),
  allowedNumberOfAttachments: Type.Integer(),
  parentId: Nullable(Id(), { description: 'the contact point it is grouped under (a hierarchy); null at the top or when that one is not listed' }),
});
export type PublicContactPoint = Static<typeof PublicContactPoint>;

export const ContactPointPage = Type.Object({
  contactPoints: Type.Array(PublicContactPoint),
  ...PageCounts,
});
export type ContactPointPage = Static<typeof ContactPointPage>;

/**
 * What Kuvert knows of a waiting message beside its MeMo document (a Kuvert extension of the NgDP API):
 * the sender's material and subscription group as they were when it was sent (docs/admin.md,
 * "Materials and subscription groups"), and the folder the recipient's rules filed it in.
 */
export const MemoMetadata = Type.Object({
  messageUUID: Id(),
  receivedAt: DateTime(),
  material: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  subscriptionGroup: Nullable(Type.String()),
  /** the folder of the recipient's mailbox the letter is in (Indbakke, or where a rule filed it) */
  folder: Nullable(Type.String()),
});
export type MemoMetadata = Static<typeof MemoMetadata>;
