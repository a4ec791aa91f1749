/** The mails of bench/smtp.ts: S/MIME-signed letters as an authority's mail system sends them, built before timing. */
import { randomBytes } from 'node:crypto';
import { signMime, type Identity } from '../../src/gateway/smime/index.ts';
import { fakePdf } from './messages.ts';

/** RFC 2045 base64: 76 characters a line, CRLF. */
export function base64Body(data: Buffer): string {
  return data.toString('base64').replace(/.{76}/g, '$&\r\n').replace(/\r\n$/, '');
}

/** Room left for the headers, the text part and the signature part (about 2 KB of base64) in a mail of a given size. */
const OVERHEAD_BYTES = 3600;

export interface SignedMails {
  /** complete RFC 5322 messages, CRLF */
  mails: Buffer[];
  /** decoded size of each mail's PDF attachment */
  attachmentBytes: number;
  meanBytes: number;
  /** the token in every Message-ID: `<kuvert-bench-<runId>-<i>@…>` */
  runId: string;
}

/**
 * `count` letters from `from` to `to`, each about `sizeKb` KB on the wire: a multipart/mixed entity with a
 * short Danish text (base64, UTF-8) and its own random PDF attachment (base64), signed with signMime
 * (multipart/signed, detached CMS, SHA-256/RSA), under outer From/To/Subject/Date/Message-ID headers.
 * Not encrypted: the gateway takes signed-only mail, and both sides of the comparison get the same bytes.
 */
export async function buildSignedMails(options: { count: number; sizeKb: number; signer: Identity; from: string; to: string }): Promise<SignedMails> {
  const runId = randomBytes(4).toString('hex');
  const attachmentBytes = Math.max(1024, Math.floor(((options.sizeKb * 1024 - OVERHEAD_BYTES) * 57) / 78));
  const mails: Buffer[] = [];
  let total = 0;
  const date = new Date().toUTCString().replace('GMT', '+0000');
  for (let i = 0; i < options.count; i++) {
    const boundary = `b_kuvert_bench_${runId}_${i}`;
    const text = `Kære modtager.\r\n\r\nHermed afgørelse nr. ${i} om byggetilladelse. Se det vedhæftede brev.\r\n\r\nMed venlig hilsen\r\nKommunen, Byggesager\r\n`;
    const entity = Buffer.from(
      `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n`
      + `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Body(Buffer.from(text, 'utf8'))}\r\n`
      + `--${boundary}\r\nContent-Type: application/pdf; name="afgoerelse-${i}.pdf"\r\nContent-Disposition: attachment; filename="afgoerelse-${i}.pdf"\r\n`
      + `Content-Transfer-Encoding: base64\r\n\r\n${base64Body(fakePdf(attachmentBytes))}\r\n`
      + `--${boundary}--\r\n`,
      'latin1');
    const signed = await signMime(entity, options.signer);
    const mail = Buffer.concat([
      Buffer.from(
        `From: Kommunen <${options.from}>\r\nTo: <${options.to}>\r\nSubject: =?utf-8?q?Afg=C3=B8relse_om_byggetilladelse_${i}?=\r\n`
        + `Date: ${date}\r\nMessage-ID: <kuvert-bench-${runId}-${i}@kommunen.example>\r\nMIME-Version: 1.0\r\n`,
        'latin1'),
      signed,
    ]);
    mails.push(mail);
    total += mail.length;
  }
  return { mails, attachmentBytes, meanBytes: total / Math.max(1, options.count), runId };
}

/** The index in a Message-ID written by buildSignedMails, read from a delivered file's header; undefined if absent. */
export function mailIndexOf(head: string, runId: string): number | undefined {
  const match = new RegExp(`^Message-ID:\\s*<kuvert-bench-${runId}-(\\d+)@`, 'im').exec(head);
  return match ? Number(match[1]) : undefined;
}

/** A MIME entity of about `bytes` bytes: a random application/octet-stream body in base64 lines (CRLF), as a big attachment is. */
export function largeEntity(bytes: number): Buffer {
  const raw = randomBytes(Math.floor((bytes * 57) / 78));
  return Buffer.from(
    'Content-Type: application/octet-stream; name="bilag.bin"\r\nContent-Transfer-Encoding: base64\r\n'
    + 'Content-Disposition: attachment; filename="bilag.bin"\r\n\r\n'
    + `${base64Body(raw)}\r\n`,
    'latin1');
}
