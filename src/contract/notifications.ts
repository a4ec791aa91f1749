/**
 * Notifications of new mail (docs/notifications.md): an organisation's administrators at
 * `/api/admin/organisations/:organisationId/notifications…`, a citizen for their own mailbox at
 * `/api/notifications…`.
 */
import Type, { type Static } from 'typebox';
import { FolderRef } from './admin.ts';
import { DateTime, Id, Nullable, StringEnum, UuidInput } from './common.ts';
import { MailboxLevel } from './portal.ts';

export const NotificationAddressParams = Type.Object({ organisationId: UuidInput(), addressId: UuidInput() });
export type NotificationAddressParams = Static<typeof NotificationAddressParams>;

export const NotificationPersonParams = Type.Object({ organisationId: UuidInput(), userId: UuidInput() });
export type NotificationPersonParams = Static<typeof NotificationPersonParams>;

export const OwnNotificationAddressParams = Type.Object({ addressId: UuidInput() });
export type OwnNotificationAddressParams = Static<typeof OwnNotificationAddressParams>;

export const NotificationAddressStatus = StringEnum(['pending', 'confirmed', 'unsubscribed'], {
  description: 'pending: the link mailed to it has not been opened (nothing is sent to it); unsubscribed: by the link in a notification',
});
export type NotificationAddressStatus = Static<typeof NotificationAddressStatus>;

export const NotificationAddressView = Type.Object({
  id: Id(),
  email: Type.String(),
  status: NotificationAddressStatus,
  folders: Nullable(Type.Array(FolderRef), { description: 'the folders it is told of; null = every folder (always so in standard and citizens\' mailboxes)' }),
  createdAt: DateTime(),
  confirmedAt: Nullable(DateTime()),
  /** when the newest confirmation link stops working (pending addresses) */
  linkExpiresAt: Nullable(DateTime()),
});
export type NotificationAddressView = Static<typeof NotificationAddressView>;

export const NotificationPersonView = Type.Object({
  userId: Id(),
  name: Type.String(),
  email: Nullable(Type.String(), { description: 'the person\'s confirmed e-mail address; null: none, so nothing is sent' }),
  folders: Nullable(Type.Array(FolderRef), { description: 'null = every folder the person may see' }),
  member: Type.Boolean({ description: 'false: the person no longer has access, so nothing is sent' }),
  unsubscribed: Type.Boolean({ description: 'the person\'s address unsubscribed from the mailbox by the link in a notification' }),
});
export type NotificationPersonView = Static<typeof NotificationPersonView>;

export const NotificationSettings = Type.Object({
  mailbox: Type.Object({
    id: Id(),
    owner: StringEnum(['citizen', 'organisation']),
    level: MailboxLevel,
  }),
  folders: Type.Array(FolderRef, { description: 'the folders letters arrive in: Indbakke and own folders' }),
  addresses: Type.Array(NotificationAddressView),
  people: Type.Array(NotificationPersonView, { description: 'extended mailboxes: members told of new mail in chosen folders' }),
});
export type NotificationSettings = Static<typeof NotificationSettings>;

export const NotificationAddressInput = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  folderIds: Type.Optional(Nullable(Type.Array(UuidInput(), { minItems: 1, maxItems: 200 }), {
    description: 'extended mailboxes: the folders it is told of; null or left out = every folder',
  })),
}, { additionalProperties: false });
export type NotificationAddressInput = Static<typeof NotificationAddressInput>;

export const NotificationFoldersInput = Type.Object({
  folderIds: Nullable(Type.Array(UuidInput(), { minItems: 1, maxItems: 200 }), { description: 'null = every folder' }),
}, { additionalProperties: false });
export type NotificationFoldersInput = Static<typeof NotificationFoldersInput>;

export const NotificationMailState = StringEnum(['queued', 'retrying', 'sent', 'outbox', 'failed'], {
  description: 'queued: not tried yet (or waiting for a relay); retrying: the relay failed, tried again with backoff; '
    + 'outbox: kept in the development outbox (no SMTP_URL); failed: refused for good or out of attempts',
});
export type NotificationMailState = Static<typeof NotificationMailState>;

export const NotificationMailView = Type.Object({
  id: Id(),
  kind: StringEnum(['notification', 'confirmation']),
  to: Type.String(),
  subject: Type.String(),
  state: NotificationMailState,
  attempts: Type.Integer({ minimum: 0 }),
  reason: Nullable(Type.String(), { description: 'the relay\'s answer to the last attempt, or why it waits' }),
  createdAt: DateTime(),
  sentAt: Nullable(DateTime()),
});
export type NotificationMailView = Static<typeof NotificationMailView>;

export const NotificationMailList = Type.Array(NotificationMailView);
export type NotificationMailList = Static<typeof NotificationMailList>;
