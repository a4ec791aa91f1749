import { simpleParser, type ParsedMail } from 'mailparser';
import type { DraftAttachment } from '../../delivery/index.ts';
import { METADATA_FILENAMES, parseThreadXml, splitHeaderBlock } from '../compose/index.ts';

/** What Kuvert takes from a mail to write a MeMo message. */
export interface MailParts {
  fromAddress: string | undefined;
  subject: string;
  text: string;
  attachments: DraftAttachment[];
  messageIdHeader: string | undefined;
  /** In-Reply-To, then References from the newest */
  referencedIds: string[];
  threadFileToken: string | undefined;
}

const METADATA_FILES = new Set<string>(METADATA_FILENAMES);
const FORBIDDEN_IN_FILENAME = /[\u0000-\u001f\u007f\\/:*?"<>|]/g;

function ids(value: string | string[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/);
  return list.map((id) => id.trim().replace(/^<|>$/g, '')).filter((id) => id.length > 0 && id.length <= 250);
}

function cleanFilename(name: string | undefined, index: number): string {
  const cleaned = (name ?? '').normalize('NFC').replace(FORBIDDEN_IN_FILENAME, '_').trim().slice(0, 200);
  return cleaned.length > 0 ? cleaned : `bilag-${index + 1}`;
}

/**
 * Reads the signed content for text, attachments and thread clues, and the outer header for what the
 * S/MIME layers did not protect. Headers inside the signed content (RFC 8551 header protection) win.
 */
export async function mailParts(outerRaw: Buffer, signedContent: Buffer): Promise<MailParts> {
  const outer: ParsedMail = await simpleParser(`${splitHeaderBlock(outerRaw).headers}\r\n\r\n`, { skipHtmlToText: true, skipTextLinks: true });
  const inner: ParsedMail = await simpleParser(signedContent, { skipTextLinks: true });
  const innerHas = (name: string) => inner.headers.has(name);
  const pick = <T>(name: string, fromInner: T, fromOuter: T) => innerHas(name) ? fromInner : fromOuter;

  let threadFileToken: string | undefined;
  const attachments: DraftAttachment[] = [];
  for (const [i, a] of inner.attachments.entries()) {
    const filename = a.filename?.toLowerCase();
    if (filename && METADATA_FILES.has(filename)) {
      if (filename === 'thread.xml') threadFileToken ??= parseThreadXml(a.content.toString('utf8'))?.token;
      continue;
    }
    if (a.contentType === 'application/pkcs7-signature' || a.contentType === 'application/x-pkcs7-signature') continue;
    attachments.push({ filename: cleanFilename(a.filename, i), contentType: a.contentType || 'application/octet-stream', content: a.content });
  }
  const from = pick('from', inner.from, outer.from)?.value[0]?.address?.toLowerCase();
  return {
    fromAddress: from,
    subject: (pick('subject', inner.subject, outer.subject) ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim(),
    text: (inner.text ?? '').replace(/\r\n/g, '\n').trim(),
    attachments,
    messageIdHeader: ids(pick('message-id', inner.messageId, outer.messageId))[0],
    referencedIds: [...ids(pick('in-reply-to', inner.inReplyTo, outer.inReplyTo)), ...ids(pick('references', inner.references, outer.references)).reverse()],
    threadFileToken,
  };
}
