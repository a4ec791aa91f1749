import { createHash } from 'node:crypto';
import type { BlobRef } from './schema.ts';

/** Attachments smaller than this stay inside the stored document text. */
const MIN_BLOB_BYTES = 1024;
const CONTENT_ELEMENT = /<((?:[A-Za-z_][\w.-]*:)?content)(?:\s[^>]*)?>([^<]*)<\/\1\s*>/g;

export interface SplitDocument {
  /** the document with the base64 text of each large attachment cut out */
  text: string;
  refs: BlobRef[];
  blobs: Map<string, Buffer>;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function wrap(base64: string, width: number, eol: string): string {
  if (width === 0 || base64.length <= width) return base64;
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += width) lines.push(base64.slice(i, i + width));
  return lines.join(eol);
}

/**
 * Cuts the base64 text of every large attachment out of a MeMo document, so that the same file sent
 * to many recipients is stored once. Only text that re-encodes to exactly the same characters is cut,
 * so `joinDocument` gives back the document byte for byte.
 */
export function splitDocument(xml: string): SplitDocument {
  const refs: BlobRef[] = [];
  const blobs = new Map<string, Buffer>();
  let text = '';
  let last = 0;
  for (const match of xml.matchAll(CONTENT_ELEMENT)) {
    const inner = match[2]!;
    const innerStart = match.index! + match[0].indexOf('>') + 1;
    const lead = inner.length - inner.trimStart().length;
    const core = inner.trim();
    if (core.length < (MIN_BLOB_BYTES * 4) / 3) continue;
    const eol = core.includes('\r\n') ? '\r\n' : '\n';
    const firstBreak = core.indexOf(eol === '\r\n' ? '\r\n' : '\n');
    const width = firstBreak === -1 ? 0 : firstBreak;
    const bytes = Buffer.from(core, 'base64');
    const canonical = bytes.toString('base64');
    if (wrap(canonical, width, eol) !== core) continue;
    const sha256 = sha256Hex(bytes);
    blobs.set(sha256, bytes);
    const coreStart = innerStart + lead;
    text += xml.slice(last, coreStart);
    refs.push({ at: text.length, sha256, wrap: width, eol });
    last = coreStart + core.length;
  }
  text += xml.slice(last);
  return { text, refs, blobs };
}

export function joinDocument(text: string, refs: readonly BlobRef[], blobs: ReadonlyMap<string, Uint8Array>): string {
  let out = '';
  let last = 0;
  for (const ref of refs) {
    const bytes = blobs.get(ref.sha256);
    if (!bytes) throw new Error(`blob ${ref.sha256} is missing`);
    out += text.slice(last, ref.at) + wrap(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), ref.wrap, ref.eol);
    last = ref.at;
  }
  return out + text.slice(last);
}
