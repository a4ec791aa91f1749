import { randomBytes } from 'node:crypto';
import { malformed, SmimeError } from './errors.ts';

const CR = 0x0d;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export interface HeaderField {
  /** lowercase */
  name: string;
  /** unfolded, trimmed */
  value: string;
}

export interface MimeEntity {
  headers: HeaderField[];
  body: Buffer;
}

export interface ContentType {
  /** lowercase `type/subtype` */
  mediaType: string;
  /** parameter names lowercase, values unquoted */
  params: ReadonlyMap<string, string>;
}

/** Bare LF line endings become CRLF; input that already uses CRLF is returned as is. */
export function toCrlf(data: Buffer): Buffer {
  let bare = data.indexOf(LF);
  while (bare > 0 && data[bare - 1] === CR) bare = data.indexOf(LF, bare + 1);
  if (bare === -1) return data;
  const pieces: Buffer[] = [];
  let start = 0;
  for (let at = data.indexOf(LF); at !== -1; at = data.indexOf(LF, at + 1)) {
    if (at > 0 && data[at - 1] === CR) continue;
    pieces.push(data.subarray(start, at), CRLF);
    start = at + 1;
  }
  pieces.push(data.subarray(start));
  return Buffer.concat(pieces);
}

/** Splits a CRLF entity at the first empty line; headers are unfolded. */
export function readEntity(entity: Buffer): MimeEntity {
  if (entity.subarray(0, 2).equals(CRLF)) return { headers: [], body: entity.subarray(2) };
  const end = entity.indexOf(HEADER_END);
  const headerBytes = end === -1 ? entity : entity.subarray(0, end);
  const body = end === -1 ? Buffer.alloc(0) : entity.subarray(end + HEADER_END.length);
  const headers: HeaderField[] = [];
  for (const line of headerBytes.toString('latin1').replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || !/^[!-9;-~]+$/.test(line.slice(0, colon).trimEnd())) throw malformed('The MIME header section contains a line that is not a header field.');
    headers.push({ name: line.slice(0, colon).trimEnd().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return { headers, body };
}

export function header(entity: MimeEntity, name: string): string | undefined {
  return entity.headers.find((field) => field.name === name)?.value;
}

/** Splits at `;` outside quoted strings and drops (comments); quoted strings stay quoted. */
function segments(value: string): string[] {
  const found: string[] = [];
  let current = '';
  let quoted = false;
  let comment = 0;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (quoted) {
      current += char;
      if (char === '\\') current += value[++i] ?? '';
      else if (char === '"') quoted = false;
    } else if (comment > 0) {
      if (char === '\\') i++;
      else if (char === '(') comment++;
      else if (char === ')') comment--;
    } else if (char === '"') {
      quoted = true;
      current += char;
    } else if (char === '(') {
      comment = 1;
    } else if (char === ';') {
      found.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  found.push(current);
  return found;
}

function unquote(raw: string): string {
  const value = raw.trim();
  if (!value.startsWith('"')) return value;
  return value.slice(1, value.length > 1 && value.endsWith('"') ? -1 : undefined).replace(/\\(.)/g, '$1');
}

/** RFC 2045 Content-Type; a missing header means text/plain. */
export function parseContentType(value: string | undefined): ContentType {
  const params = new Map<string, string>();
  if (value === undefined) return { mediaType: 'text/plain', params };
  const [mediaType = '', ...rest] = segments(value);
  for (const segment of rest) {
    const eq = segment.indexOf('=');
    if (eq === -1) continue;
    const name = segment.slice(0, eq).trim().toLowerCase();
    if (name && !params.has(name)) params.set(name, unquote(segment.slice(eq + 1)));
  }
  return { mediaType: mediaType.trim().toLowerCase(), params };
}

/** The body parts of a multipart body (RFC 2046): each part's exact bytes between the delimiters. */
export function multipartParts(body: Buffer, boundary: string): Buffer[] {
  const dash = Buffer.from(`--${boundary}`, 'latin1');
  const parts: Buffer[] = [];
  let partStart = -1;
  let from = 0;
  for (;;) {
    const at = body.indexOf(dash, from);
    if (at === -1) throw malformed('The multipart body has no closing boundary.');
    from = at + dash.length;
    if (at !== 0 && (body[at - 2] !== CR || body[at - 1] !== LF)) continue;
    const closing = body[from] === 0x2d && body[from + 1] === 0x2d;
    let lineEnd = closing ? from + 2 : from;
    while (body[lineEnd] === 0x20 || body[lineEnd] === 0x09) lineEnd++;
    const atEnd = lineEnd === body.length;
    if (!atEnd && (body[lineEnd] !== CR || body[lineEnd + 1] !== LF)) continue;
    if (partStart !== -1) parts.push(body.subarray(partStart, Math.max(partStart, at - 2)));
    if (closing) return parts;
    if (atEnd) throw malformed('The multipart body has no closing boundary.');
    partStart = lineEnd + 2;
    from = partStart;
  }
}

export function decodeBody(entity: MimeEntity): Buffer {
  const encoding = (header(entity, 'content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(entity.body.toString('latin1'), 'base64');
  if (encoding === '7bit' || encoding === '8bit' || encoding === 'binary') return entity.body;
  throw new SmimeError('MALFORMED', `The Content-Transfer-Encoding "${encoding}" is not supported for S/MIME data. Send it as base64.`);
}

export function base64Lines(data: Buffer, width = 76): string {
  const text = data.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join('\r\n');
}

export function newBoundary(avoid: Buffer): string {
  for (;;) {
    const boundary = `----=_kuvert_${randomBytes(12).toString('hex')}`;
    if (!avoid.includes(boundary, 0, 'latin1')) return boundary;
  }
}

/** Whether data starts like a MIME entity: a header field, or an empty header section. */
export function startsLikeEntity(data: Buffer): boolean {
  const firstLine = data.subarray(0, 1000).toString('latin1').split(/\r?\n/, 1)[0] ?? '';
  return firstLine === '' || /^[!-9;-~]+[ \t]*:/.test(firstLine);
}
