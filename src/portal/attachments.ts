import { isUtf8 } from 'node:buffer';
import { ApiError } from '../api/errors.ts';
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

export interface AttachmentInput {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export interface Limits {
  /** largest MeMo document, in MB */
  memoSizeThresholdMB: number;
  allowedAttachments: number;
}

const FORBIDDEN_IN_FILENAME = /[\u0000-\u001f\u007f\\/:*?"<>|]/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const invalid = (status: number, code: string, message: string, index?: number) =>
  new ApiError(status, code, message, index === undefined ? undefined : [{ path: `/attachments/${index}`, message }]);

/** Checks and decodes the attachments of a message written in the portal (400/413 with the attachment's path). */
export function checkAttachments(inputs: readonly AttachmentInput[], limits: Limits): DraftAttachment[] {
  if (inputs.length > limits.allowedAttachments) {
    throw invalid(400, 'TOO_MANY_ATTACHMENTS', `At most ${limits.allowedAttachments} attachments may be sent to this recipient.`);
  }
  const maxBytes = limits.memoSizeThresholdMB * 1024 * 1024;
  let total = 0;
  return inputs.map((input, index) => {
    const filename = input.filename.normalize('NFC').trim();
    if (filename.length === 0 || [...filename].length > 256 || FORBIDDEN_IN_FILENAME.test(filename)) {
      throw invalid(400, 'ATTACHMENT_FILENAME_INVALID', 'A file name has 1 to 256 characters and none of \\ / : * ? " < > | or control characters.', index);
    }
    const contentType = input.contentType.split(';')[0]!.trim().toLowerCase();
    const type = ATTACHMENT_TYPES.find((t) => t.contentType === contentType);
    const extension = filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1).toLowerCase() : '';
    if (!type || !type.extensions.includes(extension)) {
      throw invalid(400, 'ATTACHMENT_TYPE_NOT_ALLOWED',
        'Attachments may be PDF (.pdf), PNG (.png), JPEG (.jpg), text (.txt), Word (.docx) or Excel (.xlsx), with a matching file name.', index);
    }
    const base64 = input.contentBase64.replace(/\s+/g, '');
    if (base64.length % 4 !== 0 || !BASE64.test(base64)) throw invalid(400, 'ATTACHMENT_INVALID', 'contentBase64 is not base64.', index);
    const content = Buffer.from(base64, 'base64');
    if (content.length === 0) throw invalid(400, 'ATTACHMENT_INVALID', 'The attachment is empty.', index);
    total += content.length;
    if (total > maxBytes) throw invalid(413, 'MESSAGE_TOO_LARGE', `The message may be at most ${limits.memoSizeThresholdMB} MB for this recipient.`, index);
    if (!type.looksRight(content)) {
      throw invalid(400, 'ATTACHMENT_CONTENT_MISMATCH', `The content is not ${type.extensions[0]!.toUpperCase()}, as its type says.`, index);
    }
    return { filename, contentType, content };
  });
}
