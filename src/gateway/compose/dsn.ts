import { buildHeaderValue, foldLines } from 'nodemailer/lib/mime-funcs';
import { crlf, quotedPrintable } from './body-encoding.ts';
import { boundaryFor } from './boundary.ts';
import { multipartBody, renderPart, toWire, type MimePart } from './entity.ts';
import { headerBlockBounds } from './header-block.ts';
import {
  addrSpec, displayName, headerField, hostname, MAX_LINE_OCTETS, msgId, rfc5322Date, singleLine, unstructured,
} from './header-fields.ts';
import { textPart } from './text-part.ts';
import type { DsnInput, DsnRecipient } from './types.ts';

const STATUS = /^[45]\.\d{1,3}\.\d{1,3}$/;
const MAX_DIAGNOSTIC = 500;
const CPR_LIKE = /(?<!\d)\d{6}-?\d{4}(?!\d)/g;
const DANISH_LETTERS: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', Æ: 'Ae', Ø: 'Oe', Å: 'Aa' };

/** Text for a delivery-status field, which is US-ASCII: Danish letters spelled out, other non-ASCII as "?". */
function asciiText(text: string): string {
  return singleLine(text)
    .replace(/[æøåÆØÅ]/g, (c) => DANISH_LETTERS[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
}

function statusField(name: string, value: string): string {
  return foldLines(`${name}: ${value}`, 76);
}

function recipientFields(r: DsnRecipient): string {
  if (!STATUS.test(r.status)) throw new RangeError(`not a DSN status code: ${JSON.stringify(r.status)}`);
  return [
    statusField('Final-Recipient', `rfc822; ${addrSpec(r.address)}`),
    'Action: failed',
    `Status: ${r.status}`,
    statusField('Diagnostic-Code', `smtp; ${asciiText(r.diagnostic).slice(0, MAX_DIAGNOSTIC)}`),
  ].join('\r\n');
}

function deliveryStatusPart(input: DsnInput): MimePart {
  const perMessage = [
    statusField('Reporting-MTA', `dns; ${hostname(input.reportingMta, 'reporting MTA')}`),
    `Arrival-Date: ${rfc5322Date(input.arrivalDate)}`,
  ].join('\r\n');
  return {
    headers: ['Content-Type: message/delivery-status', 'Content-Transfer-Encoding: 7bit'],
    body: [perMessage, ...input.recipients.map(recipientFields)].join('\r\n\r\n'),
  };
}

/** The original header block only (never its body), 7-bit when it already is, else quoted-printable. */
function originalHeadersPart(originalHeaders: string): MimePart {
  const bytes = Buffer.from(crlf(originalHeaders), 'utf8');
  const block = bytes.subarray(0, headerBlockBounds(bytes).headerEnd).toString('utf8').replace(/\r\n$/, '');
  const sevenBit = /^[\x01-\x7f]*$/.test(block) && block.split('\r\n').every((line) => line.length <= MAX_LINE_OCTETS);
  return sevenBit
    ? { headers: ['Content-Type: text/rfc822-headers', 'Content-Transfer-Encoding: 7bit'], body: block }
    : { headers: ['Content-Type: text/rfc822-headers; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'], body: quotedPrintable(block) };
}

function humanText(input: DsnInput): string {
  const reason = singleLine(input.reason);
  const recipients = input.recipients.map((r) => `  ${r.address} (${r.status}: ${singleLine(r.diagnostic)})`);
  return [
    `This is the Kuvert Digital Post gateway at ${input.domain}. Your message could not be delivered as Digital Post.`,
    '',
    `Reason: ${reason}`,
    '',
    input.humanText.trim(),
    '',
    'Not delivered to:',
    ...recipients,
    '',
    'The header fields of your message are attached. Nothing was delivered to the recipients above.',
    '',
    '---',
    '',
    `Dette er Kuvert Digital Post-gatewayen på ${input.domain}. Din besked kunne ikke leveres som Digital Post.`,
    '',
    `Årsag (på engelsk): ${reason}`,
    '',
    input.humanTextDa?.trim() || 'Forklaringen og hvad der skal rettes står på engelsk ovenfor.',
    '',
    'Ikke leveret til:',
    ...recipients,
    '',
    'Din beskeds header-felter er vedhæftet. Intet blev leveret til modtagerne ovenfor.',
    '',
  ].join('\r\n');
}

/** The reason as it may appear in a subject: one line, anything shaped like a CPR number masked. */
function subjectReason(reason: string): string {
  return singleLine(reason).replace(CPR_LIKE, 'xxxxxx-xxxx');
}

/** An RFC 3464 delivery status notification for Digital Post that could not be delivered. */
export function deliveryStatusNotification(input: DsnInput): Buffer {
  if (input.recipients.length === 0) throw new RangeError('a delivery status notification needs at least one recipient');
  const domain = hostname(input.domain);
  const parts = [
    textPart(humanText({ ...input, domain }), 'en, da'),
    deliveryStatusPart(input),
    originalHeadersPart(input.originalHeaders),
  ].map(renderPart);
  const boundary = boundaryFor(input.boundarySeed, 'report', parts);
  const headers = [
    headerField('From', `${displayName('Kuvert Mail Delivery System')} <MAILER-DAEMON@${domain}>`),
    headerField('To', addrSpec(input.to)),
    headerField('Subject', unstructured(`Undelivered Digital Post: ${subjectReason(input.reason)}`)),
    headerField('Date', rfc5322Date(input.date)),
    headerField('Message-ID', msgId(input.messageId)),
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    headerField('Content-Type', buildHeaderValue({ value: 'multipart/report', params: { 'report-type': 'delivery-status', boundary } })),
  ];
  return toWire(`${headers.join('\r\n')}\r\n\r\n${multipartBody(boundary, parts)}`);
}
