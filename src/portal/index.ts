/**
 * The portal's operations on mailboxes, for logged-in people; every one checks src/domain/permissions.ts first.
 * What they answer is shaped by the wire contract (src/contract/portal.ts).
 */
export { actorOf, type PortalContext } from './access.ts';
export { mailboxesOf } from './mailboxes.ts';
export { listFolders, createFolder, renameFolder, deleteFolder } from './folders.ts';
export { listMessages, type ListOptions } from './list.ts';
export { openMessage } from './detail.ts';
export { messageFilters, type MessageFilters } from './production-units.ts';
export { messageFile, actionCalendar, contentDisposition, HTML_CSP, type FileResponse } from './files.ts';
export { updateMessage, type MessageChange } from './update.ts';
export { deleteMessage } from './delete.ts';
export { restoreMessage } from './restore.ts';
export { listDrafts, draftCount, openDraft, createDraft, saveDraft, discardDraft, MAX_DRAFTS } from './drafts.ts';
export { replyToMessage, type ReplyInput } from './reply.ts';
export { listContactPoints, writeToContactPoint, type NewMessageInput } from './contact-points.ts';
export { ATTACHMENT_TYPES, type AttachmentInput } from './attachments.ts';
export { replyLimits, writeLimits } from './limits.ts';
