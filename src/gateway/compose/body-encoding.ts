import { wrap as wrapBase64 } from 'nodemailer/lib/base64';
import { encode as encodeQuotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';

export function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '\r\n');
}

/** UTF-8 text as quoted-printable, lines of at most 76 characters. */
export function quotedPrintable(text: string): string {
  return wrapQuotedPrintable(encodeQuotedPrintable(Buffer.from(crlf(text), 'utf8')), 76);
}

/** Bytes as base64 in lines of 76 characters. */
export function base64Lines(bytes: Uint8Array): string {
  return wrapBase64(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), 76);
}
