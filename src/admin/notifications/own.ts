import type { NotificationAddressInput, NotificationAddressView, NotificationSettings } from '../../contract/index.ts';
import { Refusal, type Principal } from '../../domain/index.ts';
import { notifiedMailboxes } from '../../store/index.ts';
import { actorOf } from '../access.ts';
import type { AdminContext } from '../context.ts';
import { addAddress, removeAddress, resendConfirmation, settingsOf, type NotificationScope } from './settings.ts';

/**
 * A citizen's notifications of new mail in their own mailbox (docs/notifications.md): e-mail addresses,
 * each confirmed by a link, each told of every new letter. Employees have no mailbox of their own (404).
 */

const noOwnMailbox = () => new Refusal('not-found', 'MAILBOX_NOT_FOUND', 'You have no mailbox of your own in Kuvert.');

async function ownScope(ctx: AdminContext, principal: Principal): Promise<NotificationScope> {
  if (!principal.citizenMailboxId) throw noOwnMailbox();
  const mailbox = (await notifiedMailboxes(ctx.db, [principal.citizenMailboxId])).get(principal.citizenMailboxId);
  if (!mailbox || mailbox.organisationId !== null) throw noOwnMailbox();
  return { mailboxId: mailbox.id, organisation: null, level: 'standard', actor: actorOf(principal) };
}

export async function ownNotifications(ctx: AdminContext, principal: Principal): Promise<NotificationSettings> {
  return settingsOf(ctx.db, await ownScope(ctx, principal));
}

export async function addOwnNotificationAddress(ctx: AdminContext, principal: Principal, input: NotificationAddressInput): Promise<NotificationAddressView> {
  return addAddress(ctx, await ownScope(ctx, principal), input);
}

export async function resendOwnNotificationLink(ctx: AdminContext, principal: Principal, addressId: string): Promise<void> {
  await resendConfirmation(ctx, await ownScope(ctx, principal), addressId);
}

export async function removeOwnNotificationAddress(ctx: AdminContext, principal: Principal, addressId: string): Promise<void> {
  await removeAddress(ctx, await ownScope(ctx, principal), addressId);
}
