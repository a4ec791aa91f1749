import { MAX_LINE_OCTETS } from './header-fields.ts';

/** A body part: folded header fields, and a body already in its transfer encoding without a final line break. */
export interface MimePart {
  readonly headers: readonly string[];
  readonly body: string;
}

export function renderPart(part: MimePart): string {
  return `${part.headers.join('\r\n')}\r\n\r\n${part.body}`;
}

export function multipartBody(boundary: string, renderedParts: readonly string[]): string {
  return `${renderedParts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--\r\n`;
}

/** The finished entity as bytes, after checking it is 7-bit, CRLF-only and within the line limit. */
export function toWire(entity: string): Buffer {
  if (/[^\x00-\x7f]/.test(entity)) throw new Error('composed entity is not 7-bit');
  if (/\r(?!\n)|(?<!\r)\n/.test(entity)) throw new Error('composed entity has a bare CR or LF');
  let start = 0;
  for (let end = entity.indexOf('\r\n'); end >= 0; start = end + 2, end = entity.indexOf('\r\n', start)) {
    if (end - start > MAX_LINE_OCTETS) throw new Error(`composed entity has a line longer than ${MAX_LINE_OCTETS} octets`);
  }
  if (entity.length - start > MAX_LINE_OCTETS) throw new Error(`composed entity has a line longer than ${MAX_LINE_OCTETS} octets`);
  return Buffer.from(entity, 'latin1');
}
