import { buildHeaderValue, detectExtension, parseHeaderValue } from 'nodemailer/lib/mime-funcs';
import { base64Lines } from './body-encoding.ts';
import type { MimePart } from './entity.ts';
import { headerField, singleLine } from './header-fields.ts';

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
const FILENAME_FORBIDDEN = /[\u0000-\u001f\u007f\\/:*?"<>|]+/g;
const MAX_FILENAME = 200;

/** A content type fit for a base64 leaf part: multipart and message types cannot be, and become octet-stream. */
export function leafContentType(contentType: string): { value: string; params: Record<string, string> } {
  const parsed = parseHeaderValue(contentType, { stripComments: true });
  const value = parsed.value.trim().toLowerCase();
  if (!MEDIA_TYPE.test(value) || value.startsWith('multipart/') || value.startsWith('message/')) return { value: 'application/octet-stream', params: {} };
  const params = Object.fromEntries(Object.entries(parsed.params).filter(([key]) => !/^(?:name|filename)(?:\*|$)/i.test(key)));
  return { value, params };
}

/** A file name without path separators or characters file systems refuse, never empty. */
export function cleanFilename(filename: string, fallbackStem: string, contentType: string): string {
  const cleaned = singleLine(filename.normalize('NFC').replace(FILENAME_FORBIDDEN, '_')).replace(/^[.\s]+/, '');
  return [...cleaned].slice(0, MAX_FILENAME).join('') || `${fallbackStem}.${detectExtension(contentType)}`;
}

/** `name` made unique against `taken` (compared case-insensitively) by numbering it: "brev (2).pdf". */
export function uniqueFilename(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${extension}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

export function attachmentPart(filename: string, contentType: string, content: Uint8Array): MimePart {
  const type = leafContentType(contentType);
  return {
    headers: [
      headerField('Content-Type', buildHeaderValue({ value: type.value, params: { ...type.params, name: filename } })),
      'Content-Transfer-Encoding: base64',
      headerField('Content-Disposition', buildHeaderValue({ value: 'attachment', params: { filename } })),
    ],
    body: base64Lines(content),
  };
}
