import { Refusal } from '../domain/index.ts';
import { isUtf8 } from 'node:buffer';
import type { DraftAttachment } from '../delivery/index.ts';

/** What people may attach in the portal: type, file name endings, and how the content starts. */
export const ATTACHMENT_TYPES: ReadonlyArray<{ contentType: string; extensions: readonly string[]; looksRight(bytes: Buffer): boolean }> = [
  { contentType: 'application/pdf', extensions: ['pdf'], looksRight: (b) => b.subarray(0, 1024).includes('%PDF-') },
  { contentType: 'image/png', extensions: ['png'], looksRight: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], looksRight: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { contentType: 'text/plain', extensions: ['txt'], looksRight: (b) => isUtf8(b) },
  { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], looksRight: isZip },
  { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], looksRight: isZip },
];

function isZip(b: Buffer): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/** A file as uploaded: its name and media type as the sender gave them, and its bytes. */
export interface AttachmentInput {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface Limits {
  /** largest MeMo document, in MB */
  memoSizeThresholdMB: number;
  allowedAttachments: number;
}

/** The limits of a message to an organisation without a contact point. */
export const DEFAULT_LIMITS: Limits = { memoSizeThresholdMB: 50, allowedAttachments: 10 };

export const maxAttachmentBytes = (limits: Limits) => limits.memoSizeThresholdMB * 1024 * 1024;

const FORBIDDEN_IN_FILENAME = /[\u0000-\u001f\u007f\\/:*?"<>|]/;

/** A refused attachment: `details` names it by its place and file name (and the limit, where one was passed), for the person's own words. */
const invalid = (kind: 'invalid' | 'too-large', code: string, message: string, index?: number, filename?: string, limit?: Record<string, number>) =>
  new Refusal(kind, code, message, index === undefined ? undefined : [{ path: `/attachments/${index}`, message, ...(filename !== undefined ? { filename } : {}), ...limit }]);

/** The attachment at `index` (named `filename`) is one too many. */
export const tooManyAttachments = (limits: Limits, index?: number, filename?: string) =>
  invalid('invalid', 'TOO_MANY_ATTACHMENTS', `At most ${limits.allowedAttachments} attachments may be sent to this recipient.`, index, filename, { max: limits.allowedAttachments });

/** The attachments (the one at `index` and those before it) are larger than the recipient takes. */
export const messageTooLarge = (limits: Limits, index: number, filename?: string) =>
  invalid('too-large', 'MESSAGE_TOO_LARGE', `The message may be at most ${limits.memoSizeThresholdMB} MB for this recipient.`, index, filename, { maxMB: limits.memoSizeThresholdMB });

/** Checks the attachments of a message written in the portal (400/413 with the attachment's path). */
export function checkAttachments(inputs: readonly AttachmentInput[], limits: Limits): DraftAttachment[] {
  if (inputs.length > limits.allowedAttachments) throw tooManyAttachments(limits, limits.allowedAttachments, inputs[limits.allowedAttachments]?.filename);
  const maxBytes = maxAttachmentBytes(limits);
  let total = 0;
  return inputs.map((input, index) => {
    const filename = input.filename.normalize('NFC').trim();
    if (filename.length === 0 || [...filename].length > 256 || FORBIDDEN_IN_FILENAME.test(filename)) {
      throw invalid('invalid', 'ATTACHMENT_FILENAME_INVALID', 'A file name has 1 to 256 characters and none of \\ / : * ? " < > | or control characters.', index, input.filename);
    }
    const contentType = input.contentType.split(';')[0]!.trim().toLowerCase();
    const type = ATTACHMENT_TYPES.find((t) => t.contentType === contentType);
    const extension = filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1).toLowerCase() : '';
    if (!type || !type.extensions.includes(extension)) {
      throw invalid('invalid', 'ATTACHMENT_TYPE_NOT_ALLOWED',
        'Attachments may be PDF (.pdf), PNG (.png), JPEG (.jpg), text (.txt), Word (.docx) or Excel (.xlsx), with a matching file name.', index, filename);
    }
    const { content } = input;
    if (content.length === 0) throw invalid('invalid', 'ATTACHMENT_INVALID', 'The attachment is empty.', index, filename);
    total += content.length;
    if (total > maxBytes) throw messageTooLarge(limits, index, filename);
    if (!type.looksRight(content)) {
      throw invalid('invalid', 'ATTACHMENT_CONTENT_MISMATCH', `The content is not ${type.extensions[0]!.toUpperCase()}, as its type says.`, index, filename);
    }
    return { filename, contentType, content };
  });
}
