import { randomUUID } from 'node:crypto';
import { serializeMemo, type MemoMessage, type MemoReplyData, type MemoSender } from '../memo/index.ts';

/** Who writes: a citizen (by CPR) or an organisation (by CVR), possibly naming the person who wrote. */
export type DraftAuthor =
  | { kind: 'citizen'; cpr: string; name: string }
  | { kind: 'organisation'; cvr: string; name: string; personName?: string; contactPoint?: { contactPointID: string; label?: string } };

export type DraftRecipient = { name: string } & (
  | { idType: 'CVR'; id: string; pNumber?: string; contactPoint?: { contactPointID: string; label?: string; contactGroup?: string } }
  | { idType: 'CPR'; id: string }
);

export interface DraftAttachment {
  filename: string;
  /** a media type such as application/pdf */
  contentType: string;
  content: Uint8Array;
}

/** What a reply refers to (becomes MessageHeader/ReplyData). */
export interface DraftReplyTo {
  messageUUID: string;
  messageID?: string;
  contactPointID?: string;
  caseID?: string;
}

export interface Draft {
  author: DraftAuthor;
  recipient: DraftRecipient;
  label: string;
  /** the message text: the main document, `besked.txt` (text/plain, UTF-8) */
  text: string;
  attachments: DraftAttachment[];
  replyTo?: DraftReplyTo;
  /** a fixed messageUUID (v4 form) when the same draft may be composed again, e.g. a retried mail; else a random one */
  messageUUID?: string;
  /** MessageHeader/reply: the recipient may answer (letters from authorities) */
  replyAllowed?: boolean;
  language?: string;
}

export interface Composed {
  memo: MemoMessage;
  xml: string;
  raw: Buffer;
  messageUUID: string;
}

const LABEL_MAX = 256;

/** `Re: <label>`, cut to MeMo's 256 characters (not doubling an existing `Re: `). */
export function replyLabel(original: string): string {
  const label = /^re:\s/i.test(original) ? original : `Re: ${original}`;
  return [...label].slice(0, LABEL_MAX).join('');
}

function senderOf(author: DraftAuthor): MemoSender {
  if (author.kind === 'citizen') return { senderID: author.cpr, idType: 'CPR', label: author.name };
  return {
    senderID: author.cvr, idType: 'CVR', label: author.name,
    ...(author.personName ? { attentionData: { attentionPerson: { label: [...author.personName].slice(0, LABEL_MAX).join('') } } } : {}),
    ...(author.contactPoint ? { contactPoint: author.contactPoint } : {}),
  };
}

/**
 * A MeMo 1.2 message written by a person in the portal: a new random messageUUID, the text as
 * the main document and the attachments as additional documents. Built with serializeMemo, so
 * it is valid MeMo by construction (MemoValidationError otherwise).
 */
export function composeMemo(draft: Draft, now = new Date()): Composed {
  const messageUUID = draft.messageUUID ?? randomUUID();
  const language = draft.language ?? 'da';
  const replyData: MemoReplyData | undefined = draft.replyTo && {
    messageUUID: draft.replyTo.messageUUID,
    ...(draft.replyTo.messageID ? { messageID: draft.replyTo.messageID } : {}),
    ...(draft.replyTo.caseID ? { caseID: draft.replyTo.caseID } : {}),
    ...(draft.replyTo.contactPointID ? { contactPointID: draft.replyTo.contactPointID } : {}),
  };
  const recipient = draft.recipient;
  const contactPoint = recipient.idType === 'CVR' ? recipient.contactPoint : undefined;
  const pNumber = recipient.idType === 'CVR' ? recipient.pNumber : undefined;
  const label = [...draft.label].slice(0, LABEL_MAX).join('');
  const memo: MemoMessage = {
    version: '1.2',
    header: {
      messageType: 'DIGITALPOST',
      messageUUID,
      label,
      sender: senderOf(draft.author),
      recipient: {
        recipientID: recipient.id,
        idType: recipient.idType,
        label: recipient.name,
        ...(contactPoint ? {
          contactPoint: {
            ...(contactPoint.contactGroup ? { contactGroup: contactPoint.contactGroup } : {}),
            contactPointID: contactPoint.contactPointID,
            ...(contactPoint.label ? { label: contactPoint.label } : {}),
          },
        } : {}),
        ...(pNumber ? { attentionData: { productionUnit: { productionUnitNumber: Number(pNumber) } } } : {}),
      },
      ...(draft.replyAllowed ? { reply: true } : {}),
      ...(replyData ? { replyData: [replyData] } : {}),
    },
    body: {
      createdDateTime: now.toISOString().replace(/\.[0-9]{3}Z$/, 'Z'),
      mainDocument: {
        label,
        file: [{ encodingFormat: 'text/plain', filename: 'besked.txt', language, content: Buffer.from(draft.text, 'utf8').toString('base64') }],
      },
      ...(draft.attachments.length > 0 ? {
        additionalDocument: draft.attachments.map((a) => ({
          label: a.filename,
          file: [{ encodingFormat: a.contentType, filename: a.filename, language, content: Buffer.from(a.content).toString('base64') }],
        })),
      } : {}),
    },
  };
  const xml = serializeMemo(memo);
  return { memo, xml, raw: Buffer.from(xml, 'utf8'), messageUUID };
}
