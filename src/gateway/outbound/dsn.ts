import { randomUUID } from 'node:crypto';
import { appendEvents, findInboundMailHead, type Db, type Job } from '../../store/index.ts';
import { deliveryStatusNotification, splitHeaderBlock } from '../compose/index.ts';
import type { DsnJob } from '../inbound/process.ts';
import type { OutboundDeps } from './deps.ts';

const REASON: Record<string, string> = {
  NOT_SIGNED: 'not signed', SIGNATURE_INVALID: 'signature invalid', UNKNOWN_SIGNER: 'unknown signer', CERTIFICATE_EXPIRED: 'certificate expired',
  DECRYPT_FAILED: 'could not decrypt', NOT_FOR_US: 'not encrypted to Kuvert', SENDER_MISMATCH: 'sender does not match certificate',
};

/**
 * Job handler: the delivery-status notification (RFC 3464) for mail Kuvert did not deliver, sent to the
 * envelope sender. Sent unsigned, as a top-level multipart/report, so that mail systems recognise it;
 * it names the problem and the fix, never the letter's content.
 */
export function dsnHandler(deps: OutboundDeps) {
  return async (job: Job, db: Db): Promise<void> => {
    const payload = job.payload as DsnJob;
    // the original's header block is all a DSN quotes: read the head of the stored mail, not all of it
    const mail = await findInboundMailHead(db, payload.inboundId);
    if (!mail || mail.mail_from === '') return;
    const reason = REASON[payload.reason] ?? payload.reason.toLowerCase().replace(/_/g, ' ');
    const humanText = payload.recipients.map((r) => `${r.address}: ${r.diagnostic}`).join('\n\n');
    const raw = deliveryStatusNotification({
      domain: deps.domain,
      reportingMta: deps.domain,
      to: mail.mail_from,
      date: new Date(),
      messageId: `${randomUUID()}@${deps.domain}`,
      arrivalDate: new Date(mail.received_at),
      recipients: payload.recipients.map((r) => ({ address: r.address, status: r.status, diagnostic: `${r.code}: ${r.diagnostic}` })),
      reason,
      humanText,
      originalHeaders: splitHeaderBlock(Buffer.from(mail.head)).headers,
      boundarySeed: `${mail.id}.${job.id}`,
    });
    await deps.transport.send({ from: '', to: [mail.mail_from] }, raw);
    await appendEvents(db, deps.eventChains, [{ type: 'MAIL_DSN_SENT', actor: 'kuvert', data: { inboundId: mail.id, code: payload.reason } }]);
  };
}
