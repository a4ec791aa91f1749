import { Refusal, type Principal } from '../domain/index.ts';
import { findVisibleMessage, requireMailbox, type PortalContext } from './access.ts';
import { reservationIcs } from './calendar.ts';
import { findFile, loadMemo, reservationOf } from './documents.ts';
import { sanitizeHtml } from './sanitize.ts';

/** What the HTTP layer sends: the bytes and every header that goes with them. */
export interface FileResponse {
  body: Buffer;
  headers: Record<string, string>;
}

export const HTML_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
/** for everything else that is not a PDF: nothing runs, nothing loads */
const STRICT_CSP = "sandbox; default-src 'none'";

/** `Content-Disposition` with an ASCII fallback and the real name in RFC 5987 `filename*`. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const clean = filename.replace(/[\u0000-\u001f\u007f]/g, '').replace(/[\\/]/g, '_').trim() || 'dokument';
  const ascii = clean.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const TOKEN = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

function mediaType(encodingFormat: string): { type: string; charset: string | undefined } {
  const [first, ...params] = encodingFormat.split(';');
  const type = (first ?? '').trim().toLowerCase();
  const charset = params.map((p) => p.trim().match(/^charset\s*=\s*"?([^"]+)"?$/i)?.[1]).find(Boolean);
  return { type: TOKEN.test(type) ? type : 'application/octet-stream', charset };
}

function decodeText(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

const common = { 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store', 'cross-origin-resource-policy': 'same-origin' };

/**
 * One document of a message, ready to send: PDF inline, HTML sanitised under a strict CSP, plain
 * text as UTF-8, anything else (and everything with `download`) as an attachment.
 */
export async function messageFile(
  ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string, fileId: string, download: boolean,
): Promise<FileResponse> {
  const access = requireMailbox(principal, mailboxId);
  const message = await findVisibleMessage(ctx.db, access, mailboxId, messageId);
  const memo = await loadMemo(ctx.db, message);
  const located = findFile(memo, fileId);
  if (!located) throw new Refusal('not-found', 'FILE_NOT_FOUND', 'This message has no document with that id.');
  const { file, view } = located;
  const bytes = Buffer.from(file.content, 'base64');
  const { type, charset } = mediaType(file.encodingFormat);

  if (download) {
    return { body: bytes, headers: { ...common, 'content-type': type, 'content-disposition': contentDisposition('attachment', view.filename), 'content-security-policy': STRICT_CSP } };
  }
  if (type === 'application/pdf') {
    return { body: bytes, headers: { ...common, 'content-type': 'application/pdf', 'content-disposition': contentDisposition('inline', view.filename) } };
  }
  if (type === 'text/html' || type === 'application/xhtml+xml') {
    const html = sanitizeHtml(decodeText(bytes, charset));
    return {
      body: Buffer.from(html, 'utf8'),
      headers: { ...common, 'content-type': 'text/html; charset=utf-8', 'content-disposition': contentDisposition('inline', view.filename), 'content-security-policy': HTML_CSP },
    };
  }
  if (type === 'text/plain') {
    return {
      body: Buffer.from(decodeText(bytes, charset), 'utf8'),
      headers: { ...common, 'content-type': 'text/plain; charset=utf-8', 'content-disposition': contentDisposition('inline', view.filename), 'content-security-policy': STRICT_CSP },
    };
  }
  return { body: bytes, headers: { ...common, 'content-type': type, 'content-disposition': contentDisposition('attachment', view.filename), 'content-security-policy': STRICT_CSP } };
}

/** A Reservation action as a downloadable iCalendar file. */
export async function actionCalendar(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string, n: number): Promise<FileResponse> {
  const access = requireMailbox(principal, mailboxId);
  const message = await findVisibleMessage(ctx.db, access, mailboxId, messageId);
  const memo = await loadMemo(ctx.db, message);
  const found = reservationOf(memo, n);
  const ics = found ? reservationIcs(found.reservation, found.label) : undefined;
  if (!found || ics === undefined) throw new Refusal('not-found', 'ACTION_NOT_FOUND', 'This message has no reservation with that number.');
  return {
    body: Buffer.from(ics, 'utf8'),
    headers: { ...common, 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': contentDisposition('attachment', `${found.label || 'aftale'}.ics`) },
  };
}
