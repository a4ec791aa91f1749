import type {
  FolderRef, NotificationAddressInput, NotificationAddressView, NotificationPersonView, NotificationSettings,
} from '../../contract/index.ts';
import { parseUuid, Refusal, type MailboxLevel } from '../../domain/index.ts';
import {
  appendEvents, arrivalFoldersOf, countNotificationAddresses, deleteNotificationAddress, deleteNotificationRecipient, insertNotificationAddress,
  membershipOfUser, notificationAddressByEmail, notificationAddressesOfMailbox, notificationAddressOfMailbox, notificationRecipientsOfMailbox,
  notifiedPeopleOfMailbox, queueMail, renewNotificationToken, setNotificationRecipient, uniqueViolationAs, unsubscribedAddresses,
  type Executor, type NotificationAddressRow, type NotificationRecipientRow,
} from '../../store/index.ts';
import { notifiedFoldersOf } from '../../store/index.ts';
import type { ActorName, AdminContext } from '../context.ts';
import { emailAddress, newToken } from '../people/grants.ts';
import { notificationConfirmationMail } from './mails.ts';

/** How long the link that confirms a notification address works. */
export const NOTIFICATION_TOKEN_HOURS = 72;
/** A new link for the same address at most this often (the mail goes to someone who may not want it). */
const RESEND_AFTER_MS = 60_000;
/** Addresses a mailbox may have: confirmation links are mail to anyone, so their number is bounded. */
const MAX_ADDRESSES = { citizen: 10, organisation: 50 } as const;

/** The confirmation page (src/api/notifications.ts). */
export const CONFIRM_PATH = '/notifications/confirm';

/** Whose notifications are set up: a citizen's own mailbox, or an organisation's, by whom. */
export interface NotificationScope {
  mailboxId: string;
  /** null: a citizen's own mailbox */
  organisation: { id: string; name: string } | null;
  /** a citizen's mailbox counts as standard: its addresses are told of every letter */
  level: MailboxLevel;
  actor: ActorName;
}

export const addressNotFound = () => new Refusal('not-found', 'NOTIFICATION_ADDRESS_NOT_FOUND', 'The mailbox has no notification address with this id.');
const personNotFound = () => new Refusal('not-found', 'PERSON_NOT_FOUND', 'The organisation has no member with this id.');
const addressExists = () => new Refusal('conflict', 'NOTIFICATION_ADDRESS_EXISTS', 'The mailbox already has this address; send its link again if it is not confirmed.');
const extendedRequired = () => new Refusal('not-allowed', 'EXTENDED_REQUIRED', 'Notices per folder and to chosen people are part of extended functionality.');

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Folders of the recipient rows of one target: null when it is told of the whole mailbox. */
function foldersOfTarget(rows: readonly NotificationRecipientRow[], folders: ReadonlyMap<string, FolderRef>): FolderRef[] | null {
  if (rows.some((r) => r.folder_id === null)) return null;
  return rows.map((r) => folders.get(r.folder_id!)).filter((f): f is FolderRef => f !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name, 'da'));
}

function addressView(row: NotificationAddressRow, recipients: readonly NotificationRecipientRow[], folders: ReadonlyMap<string, FolderRef>): NotificationAddressView {
  return {
    id: row.id,
    email: row.email,
    status: row.status,
    folders: foldersOfTarget(recipients.filter((r) => r.address_id === row.id), folders),
    createdAt: new Date(row.created_at).toISOString(),
    confirmedAt: row.status === 'confirmed' ? iso(row.confirmed_at) : null,
    linkExpiresAt: row.status === 'pending' ? iso(row.token_expires_at) : null,
  };
}

/** Who is told of new mail in the mailbox: its addresses and (organisations) people, and the folders letters arrive in. */
export async function settingsOf(db: Executor, scope: NotificationScope): Promise<NotificationSettings> {
  const [folderRows, addresses, recipients] = await Promise.all([
    arrivalFoldersOf(db, scope.mailboxId), notificationAddressesOfMailbox(db, scope.mailboxId), notificationRecipientsOfMailbox(db, scope.mailboxId),
  ]);
  const folders = new Map(folderRows.map((f) => [f.id, { id: f.id, name: f.name }]));
  let people: NotificationPersonView[] = [];
  if (scope.organisation) {
    const [rows, unsubscribed] = await Promise.all([notifiedPeopleOfMailbox(db, scope.mailboxId, scope.organisation.id), unsubscribedAddresses(db, scope.mailboxId)]);
    people = rows.map((p) => {
      const email = p.email_confirmed_at ? p.email : null;
      return {
        userId: p.id,
        name: p.name,
        email,
        folders: foldersOfTarget(recipients.filter((r) => r.user_id === p.id), folders),
        member: p.role !== null,
        unsubscribed: email !== null && unsubscribed.has(email.toLowerCase()),
      };
    }).sort((a, b) => a.name.localeCompare(b.name, 'da'));
  }
  return {
    mailbox: { id: scope.mailboxId, owner: scope.organisation ? 'organisation' : 'citizen', level: scope.level },
    folders: [...folders.values()],
    addresses: addresses.map((a) => addressView(a, recipients, folders)),
    people,
  };
}

/**
 * The folders asked for, checked against the mailbox: null (every folder) anywhere; a list only in an
 * extended mailbox, and only folders letters arrive in (Indbakke and own folders).
 */
async function checkedFolders(db: Executor, scope: NotificationScope, folderIds: readonly string[] | null | undefined): Promise<string[] | null> {
  if (folderIds === null || folderIds === undefined) return null;
  if (scope.level !== 'extended') throw extendedRequired();
  const known = new Set((await arrivalFoldersOf(db, scope.mailboxId)).map((f) => f.id));
  const ids = [...new Set(folderIds.map((id) => parseUuid(id) ?? id))];
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new Refusal('not-allowed', 'FOLDER_NOT_FOUND', 'The mailbox has no folder with this id that letters arrive in.', unknown.map((id) => ({ folderId: id })));
  }
  if (ids.length === 0) throw new Refusal('not-allowed', 'FOLDERS_EMPTY', 'Choose at least one folder, or every folder (folderIds null).');
  return ids;
}

/** Mails the address a new single-use link (the old one stops working). */
async function sendNewLink(ctx: AdminContext, trx: Executor, scope: NotificationScope, address: { id: string; email: string }): Promise<void> {
  const { token, sha256 } = newToken();
  const sentAt = new Date();
  await renewNotificationToken(trx, address.id, { tokenSha256: sha256, sentAt, expiresAt: new Date(sentAt.getTime() + NOTIFICATION_TOKEN_HOURS * 3600_000) });
  await queueMail(trx, notificationConfirmationMail(address.email, {
    organisation: scope.organisation, link: `${ctx.publicUrl}${CONFIRM_PATH}?token=${token}`, hours: NOTIFICATION_TOKEN_HOURS,
  }));
}

/**
 * Adds an address (told of the folders given, else of every letter); it is mailed a single-use link and
 * gets nothing until the link is opened. An address that unsubscribed may be added again: it is
 * mailed a new link.
 */
export async function addAddress(ctx: AdminContext, scope: NotificationScope, input: NotificationAddressInput): Promise<NotificationAddressView> {
  const email = emailAddress(input.email);
  const folderIds = await checkedFolders(ctx.db, scope, input.folderIds);
  const addressId = await uniqueViolationAs(addressExists, ctx.db.transaction().execute(async (trx) => {
    const existing = await notificationAddressByEmail(trx, scope.mailboxId, email);
    if (existing && existing.status !== 'unsubscribed') throw addressExists();
    if (existing) {
      // it unsubscribed: it is pending again, with a new link
      await setNotificationRecipient(trx, scope.mailboxId, { addressId: existing.id }, folderIds, scope.actor);
      await sendNewLink(ctx, trx, scope, existing);
      await appendEvents(trx, ctx.eventChains, [{
        type: 'NOTIFICATION_ADDRESS_ADDED', actor: scope.actor, mailboxId: scope.mailboxId, data: { addressId: existing.id, folderIds, again: true },
      }]);
      return existing.id;
    }
    const limit = scope.organisation ? MAX_ADDRESSES.organisation : MAX_ADDRESSES.citizen;
    if (await countNotificationAddresses(trx, scope.mailboxId) >= limit) {
      throw new Refusal('conflict', 'NOTIFICATION_ADDRESSES_LIMIT', `A mailbox has at most ${limit} notification addresses; remove one first.`);
    }
    const { token, sha256 } = newToken();
    const sentAt = new Date();
    const id = await insertNotificationAddress(trx, {
      mailboxId: scope.mailboxId, organisationId: scope.organisation?.id ?? null, email, createdBy: scope.actor,
      tokenSha256: sha256, sentAt, expiresAt: new Date(sentAt.getTime() + NOTIFICATION_TOKEN_HOURS * 3600_000),
    });
    await setNotificationRecipient(trx, scope.mailboxId, { addressId: id }, folderIds, scope.actor);
    await queueMail(trx, notificationConfirmationMail(email, {
      organisation: scope.organisation, link: `${ctx.publicUrl}${CONFIRM_PATH}?token=${token}`, hours: NOTIFICATION_TOKEN_HOURS,
    }));
    await appendEvents(trx, ctx.eventChains, [{
      type: 'NOTIFICATION_ADDRESS_ADDED', actor: scope.actor, mailboxId: scope.mailboxId, data: { addressId: id, folderIds },
    }]);
    return id;
  }));
  return (await settingsOf(ctx.db, scope)).addresses.find((a) => a.id === addressId)!;
}

async function existingAddress(trx: Executor, scope: NotificationScope, addressIdGiven: string, forUpdate = false): Promise<NotificationAddressRow> {
  const id = parseUuid(addressIdGiven);
  const row = id ? await notificationAddressOfMailbox(trx, scope.mailboxId, id, forUpdate) : undefined;
  if (!row) throw addressNotFound();
  return row;
}

/** Mails a new link to an address not confirmed (the old link stops working); at most once a minute. */
export async function resendConfirmation(ctx: AdminContext, scope: NotificationScope, addressId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await existingAddress(trx, scope, addressId, true);
    if (row.status === 'confirmed') throw new Refusal('conflict', 'NOTIFICATION_ADDRESS_CONFIRMED', 'The address is confirmed already.');
    if (row.token_sent_at && Date.now() - new Date(row.token_sent_at).getTime() < RESEND_AFTER_MS) {
      throw new Refusal('too-many-attempts', 'CONFIRMATION_RECENTLY_SENT', 'A link was mailed to this address less than a minute ago; wait a little.');
    }
    await sendNewLink(ctx, trx, scope, row);
    await appendEvents(trx, ctx.eventChains, [{ type: 'NOTIFICATION_CONFIRMATION_SENT', actor: scope.actor, mailboxId: scope.mailboxId, data: { addressId: row.id } }]);
  });
}

/** Which folders an address is told of (extended mailboxes; null: every folder). */
export async function setAddressFolders(ctx: AdminContext, scope: NotificationScope, addressId: string, folderIdsGiven: readonly string[] | null): Promise<NotificationAddressView> {
  const folderIds = await checkedFolders(ctx.db, scope, folderIdsGiven);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await existingAddress(trx, scope, addressId, true);
    const before = await notifiedFoldersOf(trx, scope.mailboxId, { addressId: row.id });
    await setNotificationRecipient(trx, scope.mailboxId, { addressId: row.id }, folderIds, scope.actor);
    await appendEvents(trx, ctx.eventChains, [{
      type: 'NOTIFICATION_RECIPIENTS_CHANGED', actor: scope.actor, mailboxId: scope.mailboxId,
      data: { addressId: row.id, folderIds, before: { folderIds: before }, after: { folderIds } },
    }]);
  });
  return (await settingsOf(ctx.db, scope)).addresses.find((a) => a.id === addressId.toLowerCase())!;
}

/** Removes an address: nothing more is sent to it (what waited for its next notice is dropped). */
export async function removeAddress(ctx: AdminContext, scope: NotificationScope, addressId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await existingAddress(trx, scope, addressId, true);
    await deleteNotificationAddress(trx, row.id);
    await appendEvents(trx, ctx.eventChains, [{ type: 'NOTIFICATION_ADDRESS_REMOVED', actor: scope.actor, mailboxId: scope.mailboxId, data: { addressId: row.id } }]);
  });
}

/**
 * A member to tell of new mail in these folders (null: every folder they may see), at their confirmed
 * profile address. Extended mailboxes only; a member limited to some folders can be told only of those.
 */
export async function setPerson(ctx: AdminContext, scope: NotificationScope & { organisation: { id: string; name: string } }, userIdGiven: string, folderIdsGiven: readonly string[] | null): Promise<NotificationPersonView> {
  if (scope.level !== 'extended') throw extendedRequired();
  const userId = parseUuid(userIdGiven);
  if (!userId) throw personNotFound();
  const folderIds = await checkedFolders(ctx.db, scope, folderIdsGiven);
  await ctx.db.transaction().execute(async (trx) => {
    const membership = await membershipOfUser(trx, userId, scope.organisation.id);
    if (!membership) throw personNotFound();
    if (membership.folder_ids !== null && folderIds !== null) {
      const visible = new Set(membership.folder_ids);
      const hidden = folderIds.filter((id) => !visible.has(id));
      if (hidden.length > 0) {
        throw new Refusal('not-allowed', 'FOLDER_NOT_VISIBLE', 'The person may not see this folder, so cannot be told of its mail.', hidden.map((id) => ({ folderId: id })));
      }
    }
    const before = await notifiedFoldersOf(trx, scope.mailboxId, { userId });
    await setNotificationRecipient(trx, scope.mailboxId, { userId }, folderIds, scope.actor);
    await appendEvents(trx, ctx.eventChains, [{
      type: 'NOTIFICATION_RECIPIENTS_CHANGED', actor: scope.actor, mailboxId: scope.mailboxId,
      data: { userId, folderIds, before: { folderIds: before }, after: { folderIds } },
    }]);
  });
  return (await settingsOf(ctx.db, scope)).people.find((p) => p.userId === userId)!;
}

/** The person is told of nothing in the mailbox any more. */
export async function removePerson(ctx: AdminContext, scope: NotificationScope, userIdGiven: string): Promise<void> {
  const userId = parseUuid(userIdGiven);
  if (!userId) throw personNotFound();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await notifiedFoldersOf(trx, scope.mailboxId, { userId });
    if (!(await deleteNotificationRecipient(trx, scope.mailboxId, { userId }))) throw personNotFound();
    await appendEvents(trx, ctx.eventChains, [{
      type: 'NOTIFICATION_RECIPIENTS_CHANGED', actor: scope.actor, mailboxId: scope.mailboxId,
      data: { userId, folderIds: [], before: { folderIds: before }, after: { folderIds: [] } },
    }]);
  });
}
