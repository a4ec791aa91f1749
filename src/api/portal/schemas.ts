/** JSON schemas of the portal API (validation at the edge, and the OpenAPI description at /docs). */

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const uuid = { type: 'string', pattern: UUID_PATTERN } as const;
const id = { type: 'string', format: 'uuid' } as const;
const nullableString = { type: ['string', 'null'] } as const;

export const mailboxParams = {
  type: 'object', properties: { mailboxId: uuid }, required: ['mailboxId'],
} as const;

export const folderParams = {
  type: 'object', properties: { mailboxId: uuid, folderId: uuid }, required: ['mailboxId', 'folderId'],
} as const;

export const messageParams = {
  type: 'object', properties: { mailboxId: uuid, messageId: uuid }, required: ['mailboxId', 'messageId'],
} as const;

export const fileParams = {
  type: 'object',
  properties: {
    mailboxId: uuid, messageId: uuid,
    fileId: { type: 'string', pattern: '^(m[0-9]{1,4}|[at][0-9]{1,4}\\.[0-9]{1,4})$', description: '`m0` = main document file 0, `a1.0` = additional document 1 file 0, `t0.0` = technical document 0 file 0' },
  },
  required: ['mailboxId', 'messageId', 'fileId'],
} as const;

export const actionParams = {
  type: 'object',
  properties: { mailboxId: uuid, messageId: uuid, n: { type: 'integer', minimum: 0, maximum: 9999, description: 'the action\'s `n` in the message detail' } },
  required: ['mailboxId', 'messageId', 'n'],
} as const;

export const folderSchema = {
  type: 'object',
  properties: {
    id,
    kind: { type: 'string', enum: ['INBOX', 'SENT', 'DRAFTS', 'DELETED', 'USER'] },
    name: { type: 'string' },
    total: { type: 'integer', description: 'messages in the folder' },
    unread: { type: 'integer' },
  },
  required: ['id', 'kind', 'name', 'total', 'unread'],
} as const;

const summaryProperties = {
  id: { ...id, description: 'the message (same in every mailbox that has it)' },
  messageUUID: { ...id, description: 'MeMo MessageHeader/messageUUID' },
  label: { type: 'string' },
  senderName: { type: 'string' },
  receivedAt: { type: 'string', format: 'date-time', description: 'when it came into this mailbox (the list is sorted by it)' },
  read: { type: 'boolean' },
  flagged: { type: 'boolean' },
  folderId: id,
  attachmentCount: { type: 'integer' },
  replyAllowed: { type: 'boolean' },
  replyBy: { type: ['string', 'null'], format: 'date-time' },
  pNumber: nullableString,
  attentionPerson: nullableString,
  threadId: { ...id, description: 'the first message of the conversation; replies share it' },
} as const;

export const summarySchema = {
  type: 'object',
  properties: summaryProperties,
  required: Object.keys(summaryProperties),
} as const;

export const detailSchema = {
  type: 'object',
  properties: {
    ...summaryProperties,
    recipientName: { type: 'string' },
    documents: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', description: 'for …/files/{fileId}' },
          role: { type: 'string', enum: ['main', 'additional', 'technical'] },
          label: { type: 'string' },
          filename: { type: 'string' },
          encodingFormat: { type: 'string' },
          size: { type: 'integer', description: 'bytes' },
        },
        required: ['id', 'role', 'label', 'filename', 'encodingFormat', 'size'],
      },
    },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          n: { type: 'integer' },
          label: { type: 'string' },
          kind: { type: 'string', enum: ['link', 'reservation'] },
          url: { type: 'string', description: 'link: an https URL' },
          start: { type: 'string', format: 'date-time' },
          end: { type: 'string', format: 'date-time' },
          location: { type: 'string' },
        },
        required: ['n', 'label', 'kind'],
      },
    },
    canReply: { type: 'boolean' },
    replyTo: {
      type: 'object',
      description: 'where a reply goes (only when canReply)',
      properties: { organisationName: { type: 'string' }, contactPointId: nullableString },
    },
  },
  required: [...Object.keys(summaryProperties), 'recipientName', 'documents', 'actions', 'canReply'],
} as const;

export const attachmentsSchema = {
  type: 'array',
  maxItems: 100,
  default: [],
  description: 'PDF, PNG, JPEG, plain text, Word (.docx) or Excel (.xlsx); limits per contact point (see GET /api/contact-points)',
  items: {
    type: 'object',
    properties: {
      filename: { type: 'string', minLength: 1, maxLength: 1024 },
      contentType: { type: 'string', minLength: 1, maxLength: 255 },
      contentBase64: { type: 'string' },
    },
    required: ['filename', 'contentType', 'contentBase64'],
    additionalProperties: false,
  },
} as const;

export const sentSchema = {
  type: 'object',
  properties: {
    messageId: id,
    messageUUID: id,
    folderId: { ...id, description: 'Sendt, where the message now is' },
  },
  required: ['messageId', 'messageUUID', 'folderId'],
} as const;

export const contactPointSchema = {
  type: 'object',
  properties: {
    id,
    name: { type: 'string' },
    description: { type: 'string' },
    contactGroup: nullableString,
    organisationId: id,
    organisationName: { type: 'string' },
    organisationCvr: { type: 'string' },
    memoSizeThresholdMB: { type: 'number', description: 'largest message, attachments included' },
    allowedNumberOfAttachments: { type: 'integer' },
    allowedContentTypes: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** Largest JSON body of a message with attachments: 50 MB of files as base64, and some room. */
export const WRITE_BODY_LIMIT = 70 * 1024 * 1024;

export const fileResponse = {
  description: 'the document (binary; headers as described)',
  type: 'string',
  format: 'binary',
} as const;
