/**
 * The JSON shapes of `/api` that the web app reads too (it imports these types, nothing else, from the
 * server side). Pure types.
 */

/** A message as listed: `Summary` in docs/portal.md. */
export interface Summary {
  id: string;
  messageUUID: string;
  label: string;
  senderName: string;
  receivedAt: string;
  read: boolean;
  flagged: boolean;
  folderId: string;
  attachmentCount: number;
  replyAllowed: boolean;
  replyBy: string | null;
  pNumber: string | null;
  attentionPerson: string | null;
  threadId: string;
}

export type DocumentRole = 'main' | 'additional' | 'technical';

export interface DocumentView {
  /** stable within the message: `m0` (main document file 0), `a1.0` (additional document 1, file 0), `t0.0` (technical) */
  id: string;
  role: DocumentRole;
  label: string;
  filename: string;
  encodingFormat: string;
  /** bytes of the decoded file */
  size: number;
}

export interface ActionView {
  /** position among all actions of the message (main document first), stable */
  n: number;
  label: string;
  kind: 'link' | 'reservation';
  url?: string;
  start?: string;
  end?: string;
  location?: string;
}
