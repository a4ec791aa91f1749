import { parseMailTarget } from '../../domain/index.ts';
import type { SendContext } from '../../delivery/index.ts';
import { appendEvents, countRejectedFrom, enqueueJobs, findInboundMail, markInboundProcessed, type Job } from '../../store/index.ts';
import type { GatewayKeys } from '../identity.ts';
import { deliverToTarget, type Delivered } from './deliver.ts';
import { mailParts } from './mail-parts.ts';
import { MailRejection, type DsnStatus } from './rejections.ts';
import { trustedSigner } from './trust.ts';
import { unwrap } from './unwrap.ts';

export const DSN_JOB = 'mail.dsn';
/** Envelope senders can be forged: at most this many DSNs per sender address and hour, so Kuvert is no source of backscatter. */
export const DSN_PER_SENDER_HOURLY = 20;

export interface DsnJob {
  inboundId: string;
  reason: string;
  recipients: Array<{ address: string; status: DsnStatus; diagnostic: string; code: string }>;
}

export interface InboundDeps {
  ctx: SendContext;
  keys(): Promise<GatewayKeys>;
  domain: string;
}

type Outcome = { address: string; delivered: Delivered } | { address: string; rejection: MailRejection };

/**
 * Job handler for a stored inbound mail: decrypt, verify the signature and the signer, then deliver to
 * each recipient address through the MeMo pipeline. What cannot be delivered is answered with a DSN
 * (a job written in the same transaction as the verdict). Database trouble throws, so the job retries.
 */
export function inboundHandler(deps: InboundDeps) {
  return async (job: Job): Promise<void> => {
    const { db, eventChains } = deps.ctx;
    const { inboundId } = job.payload as { inboundId: string };
    const mail = await findInboundMail(db, inboundId);
    if (!mail || mail.status !== 'received') return;
    const raw = Buffer.from(mail.raw);
    const outcomes: Outcome[] = [];
    try {
      const keys = await deps.keys();
      const unwrapped = await unwrap(raw, keys.smime);
      const signer = await trustedSigner(db, unwrapped, keys.trustAnchors);
      const parts = await mailParts(raw, unwrapped.content);
      if (signer.emails.length > 0 && (!parts.fromAddress || !signer.emails.includes(parts.fromAddress))) {
        throw new MailRejection('SENDER_MISMATCH', `From is not one of ${signer.emails.join(', ')}`);
      }
      for (const address of mail.rcpt_to) {
        const target = parseMailTarget(address, deps.domain);
        try {
          if (!target) throw new MailRejection('RECIPIENT_NOT_ALLOWED', 'not a Kuvert address');
          outcomes.push({ address, delivered: await deliverToTarget(deps.ctx, { inboundId: mail.id, receivedAt: new Date(mail.received_at), address }, signer, parts, target) });
        } catch (err) {
          if (!(err instanceof MailRejection)) throw err;
          outcomes.push({ address, rejection: err });
        }
      }
    } catch (err) {
      if (!(err instanceof MailRejection)) throw err;
      for (const address of mail.rcpt_to) if (!outcomes.some((o) => o.address === address)) outcomes.push({ address, rejection: err });
    }
    await record(deps, mail, outcomes);
  };
}

async function record(deps: InboundDeps, mail: { id: string; mail_from: string }, outcomes: Outcome[]): Promise<void> {
  const delivered = outcomes.flatMap((o) => 'delivered' in o ? [o.delivered] : []);
  const rejected = outcomes.flatMap((o) => 'rejection' in o ? [{ address: o.address, rejection: o.rejection }] : []);
  const first = rejected[0]?.rejection;
  await deps.ctx.db.transaction().execute(async (trx) => {
    await markInboundProcessed(trx, mail.id, {
      status: delivered.length > 0 ? 'delivered' : 'rejected',
      errorCode: first?.code ?? null,
      errorMessage: first?.message ?? null,
      messageIds: delivered.map((d) => d.messageId),
    });
    const recentlyRejected = rejected.length > 0 && mail.mail_from !== ''
      ? await countRejectedFrom(trx, mail.mail_from, mail.id, new Date(Date.now() - 3600_000))
      : 0;
    if (rejected.length > 0 && mail.mail_from !== '' && recentlyRejected < DSN_PER_SENDER_HOURLY) {
      const payload: DsnJob = {
        inboundId: mail.id,
        reason: first!.code,
        recipients: rejected.map((r) => ({ address: r.address, status: r.rejection.status, diagnostic: r.rejection.message, code: r.rejection.code })),
      };
      await enqueueJobs(trx, [{ kind: DSN_JOB, payload }]);
    }
    await appendEvents(trx, deps.ctx.eventChains, [
      ...delivered.map((d) => ({
        type: 'MAIL_DELIVERED' as const, actor: 'smtp', messageId: d.messageId,
        data: { inboundId: mail.id, ...(d.threadedVia ? { threadedVia: d.threadedVia } : {}) },
      })),
      ...rejected.map((r) => ({ type: 'MAIL_REJECTED' as const, actor: 'smtp', data: { inboundId: mail.id, code: r.rejection.code } })),
    ]);
  });
}
