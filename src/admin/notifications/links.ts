import { Refusal } from '../../domain/index.ts';
import {
  appendEvents, confirmNotificationAddress, isUnsubscribed, notificationAddressByToken, notificationMailByToken, notifiedMailboxes, unsubscribeAddress,
  type Executor, type NotificationAddressRow,
} from '../../store/index.ts';
import type { AdminContext } from '../context.ts';
import { tokenHash } from '../people/grants.ts';

/**
 * The links in notification mail, opened by whoever holds them, without logging in: the single-use
 * link that confirms an address, and the unsubscribe link in every notice. Opening a link (GET) only
 * shows what it would do; the button on that page (POST) does it, so that a mail scanner following
 * links changes nothing. The event's actor is `notification-link`; its data names ids, never the address.
 */

const LINK_ACTOR = 'notification-link';

const unknownLink = () => new Refusal('not-found', 'NOTIFICATION_LINK_UNKNOWN', 'This link is not known. Open the newest link you were mailed.');
const usedLink = () => new Refusal('conflict', 'NOTIFICATION_LINK_USED', 'This link has been used already; the address is confirmed.');
const expiredLink = () => new Refusal('conflict', 'NOTIFICATION_LINK_EXPIRED', 'This link has expired. Ask for a new one where the address was added.');

/** What a link is about, for its page: the address, and the organisation whose mailbox it is (null: a citizen's, never named). */
export interface NotificationLinkInfo {
  email: string;
  organisationName: string | null;
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

async function organisationNameOf(db: Executor, mailboxId: string): Promise<string | null> {
  return (await notifiedMailboxes(db, [mailboxId])).get(mailboxId)?.organisationName ?? null;
}

/** The address a confirmation link is for, if it may still be used (unknown: 404, used or expired: 409). */
async function usableAddress(db: Executor, token: string, now: Date): Promise<NotificationAddressRow> {
  const row = TOKEN.test(token) ? await notificationAddressByToken(db, tokenHash(token)) : undefined;
  if (!row) throw unknownLink();
  if (row.token_used_at !== null) throw usedLink();
  if (!row.token_expires_at || new Date(row.token_expires_at) <= now) throw expiredLink();
  return row;
}

/** What the confirmation link would confirm (the page before the button). */
export async function notificationConfirmationInfo(ctx: AdminContext, token: string): Promise<NotificationLinkInfo> {
  const row = await usableAddress(ctx.db, token, new Date());
  return { email: row.email, organisationName: await organisationNameOf(ctx.db, row.mailbox_id) };
}

/** The address is confirmed: from now on it is told of new mail. Once only; not after the link expired. */
export async function confirmNotificationLink(ctx: AdminContext, token: string): Promise<NotificationLinkInfo> {
  const row = await ctx.db.transaction().execute(async (trx) => {
    const now = new Date();
    const address = await usableAddress(trx, token, now);
    await confirmNotificationAddress(trx, address, now);
    await appendEvents(trx, ctx.eventChains, [{ type: 'NOTIFICATION_ADDRESS_CONFIRMED', actor: LINK_ACTOR, mailboxId: address.mailbox_id, data: { addressId: address.id } }]);
    return address;
  });
  return { email: row.email, organisationName: await organisationNameOf(ctx.db, row.mailbox_id) };
}

async function noticeOf(db: Executor, token: string) {
  const mail = TOKEN.test(token) ? await notificationMailByToken(db, tokenHash(token)) : undefined;
  if (!mail) throw unknownLink();
  return mail;
}

/** What the unsubscribe link would stop (the page before the button), and whether it has been stopped already. */
export async function unsubscribeInfo(ctx: AdminContext, token: string): Promise<NotificationLinkInfo & { unsubscribed: boolean }> {
  const mail = await noticeOf(ctx.db, token);
  return { email: mail.email_key, organisationName: await organisationNameOf(ctx.db, mail.mailbox_id), unsubscribed: await isUnsubscribed(ctx.db, mail.mailbox_id, mail.email_key) };
}

/**
 * Nothing more is mailed to the notice's address for its mailbox (also not as a chosen person's
 * address, nor when a rule names it), until the address is added and confirmed again. Using the link
 * again changes nothing.
 */
export async function unsubscribeByLink(ctx: AdminContext, token: string): Promise<NotificationLinkInfo> {
  const mail = await ctx.db.transaction().execute(async (trx) => {
    const notice = await noticeOf(trx, token);
    const { added, addressIds } = await unsubscribeAddress(trx, notice.mailbox_id, notice.email_key, new Date());
    if (added || addressIds.length > 0) {
      await appendEvents(trx, ctx.eventChains, [{
        type: 'NOTIFICATION_UNSUBSCRIBED', actor: LINK_ACTOR, mailboxId: notice.mailbox_id,
        data: { notificationId: notice.id, addressIds, ...(notice.user_id ? { userId: notice.user_id } : {}) },
      }]);
    }
    return notice;
  });
  return { email: mail.email_key, organisationName: await organisationNameOf(ctx.db, mail.mailbox_id) };
}
