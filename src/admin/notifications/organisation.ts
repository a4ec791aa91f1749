import type {
  NotificationAddressInput, NotificationAddressView, NotificationMailList, NotificationMailView, NotificationPersonView, NotificationSettings,
} from '../../contract/index.ts';
import type { Principal } from '../../domain/index.ts';
import { NOTIFICATION_MAIL_KIND, notificationMailsOfOrganisation, notifiedMailboxes, type NotificationMailLogRow } from '../../store/index.ts';
import { actorOf, organisationNotFound, requireRole } from '../access.ts';
import type { AdminContext } from '../context.ts';
import {
  addAddress, removeAddress, removePerson, resendConfirmation, setAddressFolders, setPerson, settingsOf, type NotificationScope,
} from './settings.ts';

/**
 * An organisation's notifications of new mail, for its administrators (docs/notifications.md): the
 * mailbox's addresses, in an extended mailbox the folders each is told of and the people told of
 * folders, and the mail log. Another organisation's ids answer 404.
 */

const MAIL_LOG_LIMIT = 100;

async function organisationScope(ctx: AdminContext, principal: Principal, organisationId: string): Promise<NotificationScope & { organisation: { id: string; name: string } }> {
  const membership = requireRole(principal, organisationId, 'notifications');
  const mailbox = (await notifiedMailboxes(ctx.db, [membership.mailboxId])).get(membership.mailboxId);
  if (!mailbox?.organisationId || mailbox.organisationId !== organisationId) throw organisationNotFound();
  return {
    mailboxId: mailbox.id, organisation: { id: organisationId, name: mailbox.organisationName ?? '' }, level: mailbox.level, actor: actorOf(principal),
  };
}

export async function organisationNotifications(ctx: AdminContext, principal: Principal, organisationId: string): Promise<NotificationSettings> {
  return settingsOf(ctx.db, await organisationScope(ctx, principal, organisationId));
}

export async function addOrganisationNotificationAddress(ctx: AdminContext, principal: Principal, organisationId: string, input: NotificationAddressInput): Promise<NotificationAddressView> {
  return addAddress(ctx, await organisationScope(ctx, principal, organisationId), input);
}

export async function resendOrganisationNotificationLink(ctx: AdminContext, principal: Principal, organisationId: string, addressId: string): Promise<void> {
  await resendConfirmation(ctx, await organisationScope(ctx, principal, organisationId), addressId);
}

export async function setOrganisationNotificationFolders(
  ctx: AdminContext, principal: Principal, organisationId: string, addressId: string, folderIds: readonly string[] | null,
): Promise<NotificationAddressView> {
  return setAddressFolders(ctx, await organisationScope(ctx, principal, organisationId), addressId, folderIds);
}

export async function removeOrganisationNotificationAddress(ctx: AdminContext, principal: Principal, organisationId: string, addressId: string): Promise<void> {
  await removeAddress(ctx, await organisationScope(ctx, principal, organisationId), addressId);
}

export async function setNotifiedPerson(
  ctx: AdminContext, principal: Principal, organisationId: string, userId: string, folderIds: readonly string[] | null,
): Promise<NotificationPersonView> {
  return setPerson(ctx, await organisationScope(ctx, principal, organisationId), userId, folderIds);
}

export async function removeNotifiedPerson(ctx: AdminContext, principal: Principal, organisationId: string, userId: string): Promise<void> {
  await removePerson(ctx, await organisationScope(ctx, principal, organisationId), userId);
}

/** A row of outgoing_mail as the mail log shows it: its state in words an administrator reads. */
export function notificationMailView(row: NotificationMailLogRow): NotificationMailView {
  const state: NotificationMailView['state'] = row.status === 'pending' ? (row.attempts > 0 ? 'retrying' : 'queued') : row.status;
  return {
    id: row.id,
    kind: row.kind === NOTIFICATION_MAIL_KIND ? 'notification' : 'confirmation',
    to: row.recipient,
    subject: row.subject,
    state,
    attempts: row.attempts,
    reason: row.status === 'sent' || row.status === 'outbox' ? null : row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
  };
}

/** The organisation's notification mails (notices and confirmation links), newest first, with their state. */
export async function organisationNotificationMails(ctx: AdminContext, principal: Principal, organisationId: string): Promise<NotificationMailList> {
  await organisationScope(ctx, principal, organisationId);
  return (await notificationMailsOfOrganisation(ctx.db, organisationId, MAIL_LOG_LIMIT)).map(notificationMailView);
}
