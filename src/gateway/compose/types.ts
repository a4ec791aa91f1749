export interface MailAddress {
  name?: string;
  address: string;
}

/** The header fields of a message Kuvert sends; ids are given without angle brackets. */
export interface MessageHeaders {
  from: MailAddress;
  to: string;
  subject: string;
  date: Date;
  messageId: string;
  replyTo?: string;
  inReplyTo?: string;
  references?: string[];
}

export interface ForwardDocument {
  filename: string;
  contentType: string;
  content: Uint8Array;
  role: 'main' | 'additional';
}

export interface ForwardInput extends MessageHeaders {
  replyTo: string;
  senderName: string;
  receivedAt: Date;
  /** Main documents go first whatever their order here. */
  documents: ForwardDocument[];
  memoHeaderXml: string;
  attentionXml: string;
  threadXml: string;
  letterXml: string;
  boundarySeed: string;
}

/** letter.xml: the sender's material and subscription group, the folder the letter is in. */
export interface LetterFields {
  material?: { code: string; name: string } | undefined;
  subscriptionGroup?: string | undefined;
  folder?: string | undefined;
}

export interface NoticeInput {
  from: MailAddress;
  to: string;
  subject: string;
  date: Date;
  messageId: string;
  text: string;
  /** Accepted for symmetry with the other builders; a single text/plain entity has no boundary. */
  boundarySeed?: string;
}

export type DsnStatus = `${4 | 5}.${number}.${number}`;

export interface DsnRecipient {
  address: string;
  status: DsnStatus;
  diagnostic: string;
}

export interface DsnInput {
  domain: string;
  reportingMta: string;
  to: string;
  date: Date;
  messageId: string;
  arrivalDate: Date;
  recipients: DsnRecipient[];
  /** Short, for the subject: no letter content, no personal data. */
  reason: string;
  /** English: exactly what went wrong and what to fix. */
  humanText: string;
  /** The same in Danish; without it the Danish section points to the English one. */
  humanTextDa?: string;
  /** The original message's header block; anything after its first blank line is dropped. */
  originalHeaders: string;
  boundarySeed: string;
}

export interface AttentionInput {
  pNumber?: string;
  personName?: string;
  personId?: string;
  email?: string;
  unitName?: string;
  unitId?: string;
  contentResponsible?: string;
}

export interface ThreadFields {
  token: string;
  replyAddress: string;
  threadId: string;
  messageUUID: string;
  messageId: string;
}
