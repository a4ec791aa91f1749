import type { Principal } from '../domain/index.ts';
import type { ContactPointLimits } from '../store/index.ts';
import { requireMailbox, requireWrite, type PortalContext } from './access.ts';
import { DEFAULT_LIMITS, type Limits } from './attachments.ts';
import { writableContactPoint } from './contact-points.ts';
import { planReply } from './reply.ts';

/*
 * The attachment limits a portal message will be held to, known before its body is read, so that an
 * upload can be refused while it streams. The whole message is checked again when it is sent.
 */

const limitsOf = (contactPoint: Pick<ContactPointLimits, 'memo_size_threshold_mb' | 'allowed_attachments'> | undefined): Limits => contactPoint
  ? { memoSizeThresholdMB: contactPoint.memo_size_threshold_mb, allowedAttachments: contactPoint.allowed_attachments }
  : DEFAULT_LIMITS;

/** A reply's: those of the contact point it goes to (refused at once when it may not be sent). */
export async function replyLimits(ctx: PortalContext, principal: Principal, mailboxId: string, messageId: string): Promise<Limits> {
  return limitsOf((await planReply(ctx, principal, mailboxId, messageId)).contactPoint);
}

/**
 * A new message's: whether the principal may write from the mailbox is checked at once (as writing
 * itself refuses it); the limits are those of the contact point it is written to.
 */
export function writeLimits(ctx: PortalContext, principal: Principal, mailboxId: string): (contactPointId: string) => Promise<Limits> {
  requireWrite(requireMailbox(principal, mailboxId));
  return async (contactPointId) => limitsOf(await writableContactPoint(ctx, contactPointId));
}
