import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingMail } from '../store/index.ts';

export interface ComposedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

/**
 * One plain mail to a person as RFC 5322 text: UTF-8 text/plain, marked as sent by a machine
 * (Auto-Submitted) so that out-of-office replies stay away. Message-ID and Date come from the row, so
 * a retry after a send whose outcome was lost is recognisably the same mail. A notification of new
 * mail carries its unsubscribe link as List-Unsubscribe too.
 */
export async function composeMail(
  mail: Pick<OutgoingMail, 'id' | 'recipient' | 'subject' | 'text' | 'createdAt'> & { listUnsubscribe?: string | null },
  from: string, domain: string,
): Promise<ComposedMail> {
  const node = new MailComposer({
    from,
    to: mail.recipient,
    subject: mail.subject,
    text: mail.text,
    date: mail.createdAt,
    messageId: `<${mail.id}@${domain}>`,
    headers: {
      'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All',
      // notifications: unsubscribing from the mail program, with one click (RFC 2369, RFC 8058)
      ...(mail.listUnsubscribe ? { 'List-Unsubscribe': `<${mail.listUnsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
    },
  }).compile();
  const envelope = node.getEnvelope();
  return { envelope: { from: envelope.from || '', to: envelope.to }, raw: await node.build() };
}
