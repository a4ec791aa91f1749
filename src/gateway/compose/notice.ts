import { quotedPrintable } from './body-encoding.ts';
import { toWire } from './entity.ts';
import { messageHeaderFields } from './header-fields.ts';
import type { NoticeInput } from './types.ts';

/** A short text/plain entity (confirmation link, certificate expiry warning) to be signed and encrypted. */
export function noticeEntity(input: NoticeInput): Buffer {
  const headers = [
    ...messageHeaderFields(input),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
  ];
  return toWire(`${headers.join('\r\n')}\r\n\r\n${quotedPrintable(input.text.replace(/\s+$/, ''))}\r\n`);
}
