import { createHash, randomBytes } from 'node:crypto';
import { letter } from '../../test/helpers/memo.ts';

export const COMPANY_CVR = '29876543';
export const COMPANY_P_NUMBER = '1012345678';

export interface BenchMessage {
  uuid: string;
  /** the request body: MeMo XML as UTF-8 */
  body: Buffer;
  label: string;
  recipient: { idType: 'CPR' | 'CVR'; id: string; pNumber?: string };
}

/** test/helpers/memo.ts letter()'s default label */
const LETTER_LABEL = 'Afgørelse om byggetilladelse';

export interface MessageSet {
  messages: BenchMessage[];
  /** decoded attachment bytes per message */
  attachmentBytes: number;
  /** bulk only: the one attachment every message carries */
  shared?: { sha256: string; bytes: number };
}

/** A PDF-looking file: the `%PDF-1.4` header, then random (incompressible) bytes. */
export function fakePdf(bytes: number): Buffer {
  const header = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  return Buffer.concat([header, randomBytes(Math.max(0, bytes - header.length))]);
}

/**
 * The i-th synthetic CPR number: DDMM01SSSS with day 01-28 and month 01-12, so it is well-formed,
 * and year 01, so it never collides with the demo citizens. Unique for i < 3,360,000.
 */
export function cprOf(i: number): string {
  const day = 1 + (i % 28);
  const month = 1 + (Math.floor(i / 28) % 12);
  const serial = Math.floor(i / 336);
  if (serial > 9999) throw new Error('too many synthetic CPR numbers');
  return `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}01${String(serial).padStart(4, '0')}`;
}

/**
 * Builds every request body up front. Single mode: each letter goes to the demo company (CVR 29876543,
 * P-unit 1012345678, which has a recipient system, so it is queued) with its own random PDF. Bulk mode:
 * one PDF, letter j goes to citizen j mod `recipients`.
 */
export function buildMessages(options: { count: number; sizeKb: number; bulk: boolean; recipients: number }): MessageSet {
  const bytes = options.sizeKb * 1024;
  const messages: BenchMessage[] = [];
  if (options.bulk) {
    const pdf = fakePdf(bytes);
    for (let j = 0; j < options.count; j++) {
      const recipient = { idType: 'CPR' as const, id: cprOf(j % options.recipients) };
      const label = `Bulkbrev ${j}`;
      const { uuid, xml } = letter({ recipientId: recipient.id, recipientType: 'CPR', content: pdf, label });
      messages.push({ uuid, body: Buffer.from(xml, 'utf8'), label, recipient });
    }
    return { messages, attachmentBytes: bytes, shared: { sha256: createHash('sha256').update(pdf).digest('hex'), bytes } };
  }
  for (let j = 0; j < options.count; j++) {
    const recipient = { idType: 'CVR' as const, id: COMPANY_CVR, pNumber: COMPANY_P_NUMBER };
    const { uuid, xml } = letter({ recipientId: COMPANY_CVR, recipientType: 'CVR', pNumber: COMPANY_P_NUMBER, content: fakePdf(bytes), label: LETTER_LABEL });
    messages.push({ uuid, body: Buffer.from(xml, 'utf8'), label: LETTER_LABEL, recipient });
  }
  return { messages, attachmentBytes: bytes };
}
