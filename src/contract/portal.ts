/** `/api`, the portal's JSON API for logged-in people (docs/portal.md); the web app reads these types. */
import Type, { type Static } from 'typebox';
import { DateTime, Id, Nullable, StringEnum, UuidInput } from './common.ts';

// --- paths -----------------------------------------------------------------------------------------

export const MailboxParams = Type.Object({ mailboxId: UuidInput() });
export type MailboxParams = Static<typeof MailboxParams>;

export const FolderParams = Type.Object({ mailboxId: UuidInput(), folderId: UuidInput() });
export type FolderParams = Static<typeof FolderParams>;

export const MessageParams = Type.Object({ mailboxId: UuidInput(), messageId: UuidInput() });
export type MessageParams = Static<typeof MessageParams>;

export const FileParams = Type.Object({
  mailboxId: UuidInput(),
  messageId: UuidInput(),
  fileId: Type.String({
    pattern: '^(m[0-9]{1,4}|[at][0-9]{1,4}\\.[0-9]{1,4})$',
    description: '`m0` = main document file 0, `a1.0` = additional document 1 file 0, `t0.0` = technical document 0 file 0',
  }),
});
export type FileParams = Static<typeof FileParams>;

export const ActionParams = Type.Object({
  mailboxId: UuidInput(),
  messageId: UuidInput(),
  n: Type.Integer({ minimum: 0, maximum: 9999, description: 'the action\'s `n` in the message detail' }),
});
export type ActionParams = Static<typeof ActionParams>;

// --- the session -----------------------------------------------------------------------------------

export const UserKind = StringEnum(['citizen', 'employee']);
export type UserKind = Static<typeof UserKind>;

export const OwnerKind = StringEnum(['citizen', 'organisation']);
export type OwnerKind = Static<typeof OwnerKind>;

export const MailboxLevel = StringEnum(['standard', 'extended']);
export type MailboxLevel = Static<typeof MailboxLevel>;

/**
 * A member's role in an organisation (docs/admin.md): `super-admin` everything, `admin` people, folders
 * and contact points, `writer` read, reply and write, `reader` read and move. Writers and readers may be
 * limited to some folders (`folderLimited`).
 */
export const MemberRole = StringEnum(['super-admin', 'admin', 'writer', 'reader']);
export type MemberRole = Static<typeof MemberRole>;

/** A mailbox the user may open: their own (a citizen), or an organisation's they are a member of. */
export const MailboxInfo = Type.Object({
  id: Id(),
  ownerName: Type.String(),
  ownerKind: OwnerKind,
  cvr: Type.Optional(Type.String({ description: 'an organisation\'s mailbox' })),
  level: MailboxLevel,
  role: Type.Optional(MemberRole),
  folderLimited: Type.Optional(Type.Boolean({ description: 'a writer or reader who sees only some folders' })),
  organisationId: Type.Optional(Id({ description: 'the organisation of a membership: names it in `/api/organisations/…`' })),
});
export type MailboxInfo = Static<typeof MailboxInfo>;

export const Session = Type.Object({
  user: Type.Object({ id: Id(), name: Type.String(), kind: UserKind }),
  csrfToken: Type.String({ description: 'send it as `x-csrf-token` with every state-changing call' }),
  mailboxes: Type.Array(MailboxInfo),
  expiresIn: Type.Integer({ description: 'seconds until the session ends unless used (idle timeout or lifetime); also the header x-session-expires-in of every /api answer' }),
  idleSeconds: Type.Integer({ description: 'the idle timeout: each use of the session extends it to this many seconds, up to its lifetime' }),
});
export type Session = Static<typeof Session>;

/** `GET /api/session/expiry` (does not extend the session) and `POST /api/session/extend`. */
export const SessionExpiry = Type.Object({
  expiresIn: Type.Integer({ description: 'seconds until the session ends unless used' }),
});
export type SessionExpiry = Static<typeof SessionExpiry>;

// --- folders ---------------------------------------------------------------------------------------

export const FolderKind = StringEnum(['INBOX', 'SENT', 'DRAFTS', 'DELETED', 'USER']);
export type FolderKind = Static<typeof FolderKind>;

export const Folder = Type.Object({
  id: Id(),
  kind: FolderKind,
  name: Type.String(),
  total: Type.Integer({ description: 'messages in the folder' }),
  unread: Type.Integer(),
});
export type Folder = Static<typeof Folder>;

export const FolderList = Type.Object({ folders: Type.Array(Folder) });
export type FolderList = Static<typeof FolderList>;

/** The body of creating and renaming a folder. */
export const FolderName = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export type FolderName = Static<typeof FolderName>;

// --- messages --------------------------------------------------------------------------------------

const summaryProperties = {
  id: Id({ description: 'the message (same in every mailbox that has it)' }),
  messageUUID: Id({ description: 'MeMo MessageHeader/messageUUID' }),
  label: Type.String(),
  senderName: Type.String({ description: 'the verified sender from the registry: the organisation, or the citizen, owning the sending mailbox (never the letter\'s own Sender/label)' }),
  senderLabel: Nullable(Type.String(), { description: 'the letter\'s own Sender/label when it differs from senderName ("Afsenderens betegnelse")' }),
  recipientName: Type.String({ description: 'the verified recipient from the registry' }),
  sent: Type.Boolean({ description: 'this mailbox sent it (receivedAt is then when it was sent)' }),
  answered: Type.Boolean({ description: 'received here, and this mailbox has written in its thread since ("Besvaret")' }),
  replyId: Nullable(Id(), { description: 'that answer, when the principal may open it here' }),
  receivedAt: DateTime({ description: 'when it came into this mailbox (the list is sorted by it)' }),
  read: Type.Boolean(),
  flagged: Type.Boolean(),
  folderId: Id(),
  attachmentCount: Type.Integer(),
  replyAllowed: Type.Boolean(),
  replyBy: Nullable(DateTime()),
  pNumber: Nullable(Type.String()),
  pUnitName: Nullable(Type.String(), { description: 'the name of the P-unit `pNumber` names, from the registry (null: not a known P-unit)' }),
  attentionPerson: Nullable(Type.String()),
  threadId: Id({ description: 'the first message of the conversation; replies share it' }),
  handled: Type.Boolean({ description: 'someone marked it handled (apart from read; docs/emptying.md)' }),
};

/** A message as listed. */
export const Summary = Type.Object(summaryProperties);
export type Summary = Static<typeof Summary>;

export const MessageQuery = Type.Object({
  folderId: Type.Optional(UuidInput()),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  handled: Type.Optional(StringEnum(['true', 'false'], { description: '`false`: only messages not handled ("ikke behandlet"); `true`: only handled ones' })),
  pNumber: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{9}$', description: 'only letters received for this P-unit (a company\'s mailbox)' })),
  person: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'only letters received for the attention of this person (AttentionPerson/label, exactly)' })),
}, { additionalProperties: false });
export type MessageQuery = Static<typeof MessageQuery>;

/** What an organisation's message list can be narrowed to (`GET …/message-filters`). */
export const MessageFilters = Type.Object({
  productionUnits: Type.Array(Type.Object({ pNumber: Type.String(), name: Type.String() }), { description: 'the organisation\'s P-units, by number' }),
  attentionPersons: Type.Array(Type.String(), { description: 'attention persons of letters in the folders you see (at most 200, alphabetically)' }),
});
export type MessageFilters = Static<typeof MessageFilters>;

export const MessagePage = Type.Object({
  messages: Type.Array(Summary),
  nextCursor: Nullable(Type.String(), { description: 'pass it as `cursor` for the next page; null: no more' }),
});
export type MessagePage = Static<typeof MessagePage>;

/** The recipient's attention data as the letter gave it (a P-number is kept even where it does not route, e.g. for a citizen). */
export const AttentionView = Type.Object({
  productionUnit: Type.Optional(Type.String()),
  person: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
});
export type AttentionView = Static<typeof AttentionView>;

export const DocumentRole = StringEnum(['main', 'additional', 'technical']);
export type DocumentRole = Static<typeof DocumentRole>;

export const DocumentView = Type.Object({
  id: Type.String({ description: 'for …/files/{fileId}: `m0` (main document file 0), `a1.0` (additional document 1, file 0), `t0.0` (technical)' }),
  role: DocumentRole,
  label: Type.String(),
  filename: Type.String(),
  encodingFormat: Type.String(),
  size: Type.Integer({ description: 'bytes of the decoded file' }),
});
export type DocumentView = Static<typeof DocumentView>;

export const ActionView = Type.Object({
  n: Type.Integer({ description: 'position among all actions of the message (main document first), stable' }),
  label: Type.String(),
  kind: StringEnum(['link', 'reservation']),
  url: Type.Optional(Type.String({ description: 'link: an https URL' })),
  start: Type.Optional(DateTime()),
  end: Type.Optional(DateTime()),
  location: Type.Optional(Type.String()),
});
export type ActionView = Static<typeof ActionView>;

/** Where a reply goes. */
export const ReplyTo = Type.Object({
  organisationName: Type.String({ description: 'who the reply goes to: the organisation that sent the letter, or (an authority answering) the citizen or company that wrote' }),
  contactPointId: Nullable(Type.String(), { description: 'the contact point the letter came from, when it named one' }),
}, { description: 'where a reply goes (only when canReply)' });
export type ReplyTo = Static<typeof ReplyTo>;

/** Another message of the same thread, as the mailbox holds it. */
export const ThreadEntry = Type.Object({
  id: Id(),
  label: Type.String(),
  senderName: Type.String({ description: 'verified, as Summary.senderName' }),
  sent: Type.Boolean({ description: 'this mailbox sent it' }),
  at: DateTime({ description: 'when it came into (or was sent from) this mailbox' }),
});
export type ThreadEntry = Static<typeof ThreadEntry>;

/** An opened message: the summary, its documents and actions, and whether you may reply. */
export const Detail = Type.Object({
  ...summaryProperties,
  recipientContactPoint: Nullable(Type.Object({ id: Id(), name: Type.String() }), { description: 'the recipient organisation\'s contact point it came to' }),
  thread: Type.Array(ThreadEntry, { description: 'every message of its thread the principal may see in this mailbox, oldest first, this one included' }),
  attention: Nullable(AttentionView, { description: 'the recipient\'s attention data as the letter gave it; a P-number is kept even where it does not route (a citizen)' }),
  documents: Type.Array(DocumentView),
  actions: Type.Array(ActionView),
  canReply: Type.Boolean(),
  replyTo: Type.Optional(ReplyTo),
  material: Type.Optional(Type.Object({ code: Type.String(), name: Type.String() }, { description: 'the sender\'s material the letter was sent as' })),
  subscriptionGroup: Type.Optional(Type.Object({ name: Type.String() }, { description: 'the subscription group of its material, e.g. "BBR"' })),
  handledAt: Nullable(DateTime(), { description: 'when it was marked handled; null: not handled' }),
  handledBy: Nullable(Type.Object({ userId: Id(), name: Type.String() }), { description: 'who marked it handled' }),
});
export type Detail = Static<typeof Detail>;

/** The body of `PATCH …/messages/:messageId`: at least one change. */
export const MessageChange = Type.Object({
  folderId: Type.Optional(UuidInput()),
  read: Type.Optional(Type.Boolean()),
  flagged: Type.Optional(Type.Boolean()),
  handled: Type.Optional(Type.Boolean({ description: 'mark it handled or not handled (an organisation\'s mailbox; docs/emptying.md)' })),
}, { additionalProperties: false, minProperties: 1 });
export type MessageChange = Static<typeof MessageChange>;

export const DeleteOutcome = Type.Object({
  permanent: Type.Boolean({ description: 'true: removed from the mailbox for good; false: moved to Slettet' }),
  folderId: Nullable(Type.String(), { description: 'Slettet, unless deleted for good' }),
});
export type DeleteOutcome = Static<typeof DeleteOutcome>;

/** A message put back from Slettet (`POST …/restore`). */
export const Restored = Type.Object({
  folderId: Id({ description: 'the folder it is in again: the one it was deleted from, else Indbakke or the first folder you see' }),
});
export type Restored = Static<typeof Restored>;

export const FileQuery = Type.Object({
  download: Type.Optional(StringEnum(['0', '1', 'true', 'false'])),
}, { additionalProperties: false });
export type FileQuery = Static<typeof FileQuery>;

/** A document or a calendar file (binary; the headers say what it is). */
export const FileBody = Type.String({ format: 'binary', description: 'the document (binary; headers as described)' });

// --- writing ---------------------------------------------------------------------------------------

/**
 * A new message, as multipart/form-data: the text fields (plain text parts, `contactPointId` before the
 * files), then one file part per attachment. Not validated as a body: the form is read as it streams,
 * with these fields' limits (src/api/portal/message-form.ts).
 */
export const MessageForm = Type.Object({
  contactPointId: UuidInput({ maxLength: 36, description: 'before the attachments: its limits apply to them' }),
  label: Type.String({ minLength: 1, maxLength: 256, description: 'the title' }),
  text: Type.String({ maxLength: 100_000, description: 'the message text (becomes besked.txt, text/plain UTF-8)' }),
  attachments: Type.Optional(Type.Array(Type.String({ format: 'binary' }), {
    description: 'one file part per attachment, with its filename and Content-Type: PDF, PNG, JPEG, plain text, Word (.docx) or Excel (.xlsx); '
      + 'as many and as large as the contact point takes (see GET /api/contact-points), else 400 TOO_MANY_ATTACHMENTS or 413 MESSAGE_TOO_LARGE as they arrive',
  })),
});

/** A reply, as multipart/form-data: the text, then the files. */
export const ReplyForm = Type.Object({ text: MessageForm.properties.text, attachments: MessageForm.properties.attachments });

/** A reply or new message, now in Sendt. */
export const Sent = Type.Object({
  messageId: Id(),
  messageUUID: Id(),
  folderId: Id({ description: 'Sendt, where the message now is' }),
});
export type Sent = Static<typeof Sent>;

export const ContactPointSearch = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'words in the name, description, group or organisation' })),
  mailboxId: Type.Optional(UuidInput({ description: 'only contact points this mailbox (one you may write from) may write to' })),
}, { additionalProperties: false });
export type ContactPointSearch = Static<typeof ContactPointSearch>;

/** A contact point people can write to, with its limits. */
export const ContactPoint = Type.Object({
  id: Id(),
  name: Type.String(),
  description: Type.String(),
  contactGroup: Nullable(Type.String()),
  parentId: Nullable(Id({ description: 'the contact point it is grouped under' })),
  organisationId: Id(),
  organisationName: Type.String(),
  organisationCvr: Type.String(),
  memoSizeThresholdMB: Type.Number({ description: 'largest message, attachments included' }),
  allowedNumberOfAttachments: Type.Integer(),
  allowedContentTypes: Type.Array(Type.String()),
});
export type ContactPoint = Static<typeof ContactPoint>;

export const ContactPointList = Type.Object({ contactPoints: Type.Array(ContactPoint) });
export type ContactPointList = Static<typeof ContactPointList>;
