import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { maxAttachmentBytes, messageTooLarge, tooManyAttachments, type AttachmentInput, type Limits } from '../../portal/attachments.ts';
import { ApiError } from '../errors.ts';

/** The name of every file part of a message form. */
const ATTACHMENTS = 'attachments';

/** A text field of the form; every field is required. */
export interface FieldRule {
  minLength?: number;
  /** in characters (code points) */
  maxLength: number;
  pattern?: RegExp;
}

export type FieldRules<F extends string> = Record<F, FieldRule>;

export interface MessageForm<F extends string> {
  fields: Record<F, string>;
  attachments: AttachmentInput[];
}

/** The recipient's limits, asked for when the first attachment arrives (with the fields sent before it). */
export type LimitsFor<F extends string> = (fields: Partial<Record<F, string>>) => Promise<Limits>;

/** A text field is at most this many bytes: 100,000 characters of four bytes each. */
const FIELD_BYTES = 400_000;
/** Parts a form may have besides its fields, whatever the limits: a bound on parts the parser skips. */
const MAX_OTHER_PARTS = 1000;

export const formInvalid = (path: string, message: string) =>
  new ApiError(400, 'REQUEST_INVALID', `The request is not valid: ${path} ${message}`, [{ path, message }]);

/**
 * Reads a message written in the portal from a multipart/form-data body while it streams: the text
 * fields, then each file part named `attachments` (its filename and Content-Type as the sender gave
 * them). The recipient's limits are applied as the files arrive: one file too many is refused with
 * 400 TOO_MANY_ATTACHMENTS before its content is read, and 413 MESSAGE_TOO_LARGE comes at the first
 * byte over the size limit. What was not read of a refused body flows on unread; nothing is kept.
 */
export async function readMessageForm<F extends string>(request: FastifyRequest, rules: FieldRules<F>, limitsFor: LimitsFor<F>): Promise<MessageForm<F>> {
  if (!request.isMultipart()) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send a message as multipart/form-data.');
  const fieldCount = Object.keys(rules).length;
  const parts = request.parts({
    // names are checked, not cut to their last path segment
    preservePath: true,
    // a part that is not plain text is a file: never parsed (the plugin would parse a JSON field)
    isPartAFile: (_name, contentType, filename) => filename !== undefined || contentType !== 'text/plain',
    // one field and one file beyond what is allowed reach the checks below, which refuse them
    limits: { fieldSize: FIELD_BYTES, fields: fieldCount + 1, fileSize: Infinity, parts: fieldCount + 1 + MAX_OTHER_PARTS },
  });
  const fields: Partial<Record<F, string>> = {};
  const attachments: AttachmentInput[] = [];
  let limits: Limits | undefined;
  let total = 0;
  try {
    for (let part = await nextPart(parts); part; part = await nextPart(parts)) {
      if (part.type === 'field') {
        takeField(fields, rules, part.fieldname, part.value, part.valueTruncated);
        continue;
      }
      if (part.fieldname !== ATTACHMENTS) throw formInvalid(`/${part.fieldname}`, `must be a text field; files go in "${ATTACHMENTS}"`);
      limits ??= await limitsFor(fields);
      const index = attachments.length;
      if (index >= limits.allowedAttachments) throw tooManyAttachments(limits, index, part.filename);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of readFile(part)) {
        size += chunk.length;
        total += chunk.length;
        if (total > maxAttachmentBytes(limits)) throw messageTooLarge(limits, index, part.filename);
        chunks.push(chunk);
      }
      attachments.push({ filename: part.filename, contentType: part.mimetype, content: Buffer.concat(chunks, size) });
    }
    if (request.raw.readableAborted) throw new ApiError(400, 'REQUEST_INVALID', 'The request body was cut off.');
  } catch (error) {
    request.raw.unpipe();
    request.raw.resume();
    throw error;
  }
  for (const name of Object.keys(rules)) {
    if (fields[name as F] === undefined) throw formInvalid(`/${name}`, 'is required');
  }
  return { fields: fields as Record<F, string>, attachments };
}

function takeField<F extends string>(fields: Partial<Record<F, string>>, rules: FieldRules<F>, name: string, value: unknown, truncated: boolean): void {
  const rule: FieldRule | undefined = Object.hasOwn(rules, name) ? rules[name as F] : undefined;
  if (!rule) throw formInvalid(`/${name}`, 'is not a field of this form');
  if (fields[name as F] !== undefined) throw formInvalid(`/${name}`, 'is given more than once');
  // the form encoding sends every line break as CRLF
  const text = String(value).replaceAll('\r\n', '\n');
  const length = truncated ? Infinity : [...text].length;
  if (length > rule.maxLength) throw formInvalid(`/${name}`, `must NOT have more than ${rule.maxLength} characters`);
  if (length < (rule.minLength ?? 0)) throw formInvalid(`/${name}`, `must NOT have fewer than ${rule.minLength} characters`);
  if (rule.pattern && !rule.pattern.test(text)) throw formInvalid(`/${name}`, `must match pattern "${rule.pattern.source}"`);
  fields[name as F] = text;
}

/** The next part; a malformed body or a parser limit is the client's error (400). */
async function nextPart(parts: AsyncIterableIterator<Multipart>): Promise<Multipart | undefined> {
  try {
    return (await parts.next()).value ?? undefined;
  } catch (error) {
    throw malformed(error);
  }
}

async function* readFile(part: MultipartFile): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of part.file) yield chunk as Buffer;
  } catch (error) {
    throw malformed(error);
  }
}

function malformed(error: unknown): ApiError {
  return new ApiError(400, 'REQUEST_INVALID', `The multipart/form-data body cannot be read: ${(error as Error).message}`);
}
