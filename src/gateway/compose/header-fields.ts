import { domainToASCII } from 'node:url';
import { encodeWord, encodeWords, foldLines, quoteString } from 'nodemailer/lib/mime-funcs';
import type { MailAddress, MessageHeaders } from './types.ts';

export const MAX_LINE_OCTETS = 998;
const FOLD_AT = 76;
const MAX_MESSAGE_ID = 250;

const ATEXT = "A-Za-z0-9!#$%&'*+/=?^_`{|}~-";
const DOT_ATOM = new RegExp(`^[${ATEXT}]+(?:\\.[${ATEXT}]+)*$`);
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const CONTROLS = /[\u0000-\u001f\u007f]+/g;

/** One header field, folded at white space, refusing any line over 998 octets. */
export function headerField(name: string, value: string): string {
  const folded = foldLines(`${name}: ${value}`, FOLD_AT);
  for (const line of folded.split('\r\n')) {
    if (Buffer.byteLength(line) > MAX_LINE_OCTETS) throw new RangeError(`${name}: a line of the header field exceeds ${MAX_LINE_OCTETS} octets`);
  }
  return folded;
}

/** Text on one line: control characters become spaces, runs of white space one space. */
export function singleLine(text: string): string {
  return text.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

/** An unstructured field body (RFC 5322 §3.2.5), non-ASCII as RFC 2047 encoded words. */
export function unstructured(text: string): string {
  const line = singleLine(text);
  return /\S{60,}/.test(line) ? encodeWord(line, 'Q', 52) : encodeWords(line, 'Q', 52);
}

/** A host name in A-labels (UTS #46), e.g. "ærø.dk" → "xn--r-3fa9c.dk". */
export function hostname(name: string, what = 'domain'): string {
  const ascii = domainToASCII(name.trim());
  if (!HOSTNAME.test(ascii)) throw new RangeError(`${what} is not a host name: ${JSON.stringify(name)}`);
  return ascii;
}

/** An addr-spec with a dot-atom local part; an internationalised domain goes out as A-labels. */
export function addrSpec(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  if (at < 1 || address.length > 254 || !DOT_ATOM.test(local)) throw new RangeError(`not a plain e-mail address: ${JSON.stringify(address)}`);
  return `${local}@${hostname(address.slice(at + 1), 'e-mail domain')}`;
}

export function displayName(name: string): string {
  const clean = singleLine(name);
  return /^[\x20-\x7e]*$/.test(clean) && !/\S{60,}/.test(clean) ? quoteString(clean) : encodeWord(clean, 'Q', 52);
}

export function mailbox(address: MailAddress): string {
  const spec = addrSpec(address.address);
  const name = address.name === undefined ? '' : singleLine(address.name);
  return name ? `${displayName(name)} <${spec}>` : spec;
}

/** A msg-id in angle brackets; the id may be given with or without them. */
export function msgId(id: string): string {
  const bare = id.trim().replace(/^<(.*)>$/, '$1');
  const at = bare.lastIndexOf('@');
  if (bare.length > MAX_MESSAGE_ID || at < 1 || !DOT_ATOM.test(bare.slice(0, at)) || !DOT_ATOM.test(bare.slice(at + 1))) {
    throw new RangeError(`not a message id: ${JSON.stringify(id)}`);
  }
  return `<${bare}>`;
}

/** RFC 5322 date-time in UTC, e.g. "Fri, 03 May 2024 12:00:00 +0000". */
export function rfc5322Date(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export function messageHeaderFields(h: MessageHeaders): string[] {
  const fields = [
    headerField('From', mailbox(h.from)),
    headerField('To', addrSpec(h.to)),
  ];
  if (h.replyTo !== undefined) fields.push(headerField('Reply-To', addrSpec(h.replyTo)));
  fields.push(
    headerField('Subject', unstructured(h.subject)),
    headerField('Date', rfc5322Date(h.date)),
    headerField('Message-ID', msgId(h.messageId)),
  );
  if (h.inReplyTo !== undefined) fields.push(headerField('In-Reply-To', msgId(h.inReplyTo)));
  if (h.references !== undefined && h.references.length > 0) fields.push(headerField('References', h.references.map(msgId).join(' ')));
  return fields;
}
