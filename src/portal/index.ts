/** The portal's operations on mailboxes, for logged-in people; every one checks src/domain/permissions.ts first. */
export { actorOf, type PortalContext } from './access.ts';
export { listFolders, createFolder, renameFolder, deleteFolder, type FolderView } from './folders.ts';
export { listMessages, type ListOptions, type MessagePage } from './list.ts';
export { openMessage, type Detail } from './detail.ts';
export { messageFile, actionCalendar, contentDisposition, HTML_CSP, type FileResponse } from './files.ts';
export { updateMessage, type MessageChange } from './update.ts';
export { deleteMessage, type DeleteOutcome } from './delete.ts';
export { replyToMessage, type ReplyInput } from './reply.ts';
export { listContactPoints, writeToContactPoint, type ContactPointView, type NewMessageInput } from './contact-points.ts';
export { ATTACHMENT_TYPES, type AttachmentInput } from './attachments.ts';
export type { Summary } from './summary.ts';
export type { DocumentView, ActionView } from './documents.ts';
export type { Sent } from './write.ts';
