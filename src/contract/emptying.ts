/**
 * Is the mailbox emptied? (docs/emptying.md): the administrators' page "Tømning" at
 * `/api/admin/organisations/:organisationId/emptying`, and the responsible person's notice at
 * `/api/mailboxes/:mailboxId/emptying`. Whether a letter is handled is in the portal's Summary and
 * Detail and changed with `PATCH …/messages/:messageId {handled}` (src/contract/portal.ts).
 */
import Type, { type Static } from 'typebox';
import { ActorRef } from './admin.ts';
import { DateTime, Id, Nullable, StringEnum, UuidInput } from './common.ts';

export const EmptyingFolderParams = Type.Object({ organisationId: UuidInput(), folderId: UuidInput() });
export type EmptyingFolderParams = Static<typeof EmptyingFolderParams>;

/** A folder's watch as an administrator sets it: who empties it and after how long a letter is overdue. */
export const FolderWatchInput = Type.Object({
  responsibleUserId: Type.Optional(Nullable(UuidInput(), {
    description: 'a member of the organisation who can see the folder; none: the administrators are mailed the alerts',
  })),
  responsibleUnit: Type.Optional(Nullable(Type.String({ maxLength: 1000 }), { description: 'a unit by name, e.g. "Løn" (1 to 100 characters, one line)' })),
  thresholdHours: Type.Integer({ description: 'a letter not handled this many hours after it came is overdue: 1 hour to 90 days (2160 hours)' }),
}, { additionalProperties: false });
export type FolderWatchInput = Static<typeof FolderWatchInput>;

export const FolderWatchView = Type.Object({
  responsible: Nullable(Type.Object({
    userId: Id(),
    name: Type.String(),
    hasAccess: Type.Boolean({ description: 'false: the person no longer sees the folder (access changed or ended); the administrators are mailed instead' }),
  })),
  responsibleUnit: Nullable(Type.String()),
  thresholdHours: Type.Integer(),
  updatedAt: DateTime(),
  updatedBy: ActorRef,
});
export type FolderWatchView = Static<typeof FolderWatchView>;

/** A folder of the organisation's mailbox, how it is emptied, and its watch. */
export const EmptyingFolder = Type.Object({
  id: Id(),
  kind: StringEnum(['INBOX', 'USER']),
  name: Type.String(),
  unhandled: Type.Integer({ description: 'letters not handled' }),
  oldestUnhandledAt: Nullable(DateTime(), { description: 'when the oldest letter not handled came into the mailbox' }),
  overdue: Type.Integer({ description: 'letters not handled and older than the threshold' }),
  openAlerts: Type.Integer({ description: 'letters alerted at the current threshold that are still here and not handled' }),
  watch: Nullable(FolderWatchView),
});
export type EmptyingFolder = Static<typeof EmptyingFolder>;

export const SystemAlertView = Type.Object({
  kind: StringEnum(['not-fetching', 'failed-receipts']),
  raisedAt: DateTime(),
  waiting: Type.Optional(Type.Integer({ description: 'not-fetching: letters waiting when it was raised' })),
  failed: Type.Optional(Type.Integer({ description: 'failed-receipts: FAILED receipts in a row when it was raised' })),
});
export type SystemAlertView = Static<typeof SystemAlertView>;

/** A recipient system and how it fetches. */
export const EmptyingSystem = Type.Object({
  id: Id(),
  name: Type.String(),
  status: StringEnum(['active', 'disabled']),
  waiting: Type.Integer({ description: 'letters available and not fetched (nor removed)' }),
  oldestWaitingAt: Nullable(DateTime()),
  lastFetchedAt: Nullable(DateTime()),
  latestReceipt: Nullable(Type.Object({ status: Type.String(), at: DateTime() })),
  fetchAlertHours: Type.Integer({ description: 'hours without a fetch, with letters waiting, after which it is alerted' }),
  ownFetchAlertHours: Nullable(Type.Integer(), { description: 'set for this system; null: the default' }),
  alerts: Type.Array(SystemAlertView, { description: 'open alerts' }),
});
export type EmptyingSystem = Static<typeof EmptyingSystem>;

export const EmptyingView = Type.Object({
  organisationId: Id(),
  mailboxId: Id(),
  at: DateTime({ description: 'the moment the counts are for' }),
  folders: Type.Array(EmptyingFolder, { description: 'Indbakke first, then own folders by name' }),
  systems: Type.Array(EmptyingSystem),
  defaultFetchAlertHours: Type.Integer(),
});
export type EmptyingView = Static<typeof EmptyingView>;

export const SystemWatchInput = Type.Object({
  fetchAlertHours: Nullable(Type.Integer(), { description: '1 hour to 90 days (2160 hours); null: the default (24 hours)' }),
}, { additionalProperties: false });
export type SystemWatchInput = Static<typeof SystemWatchInput>;

/** The responsible person's notice in the portal: their folders of the mailbox with letters alerted and not handled. */
export const EmptyingNotice = Type.Object({
  folders: Type.Array(Type.Object({
    id: Id(),
    kind: StringEnum(['INBOX', 'USER']),
    name: Type.String(),
    thresholdHours: Type.Integer(),
    openAlerts: Type.Integer({ description: 'letters over the threshold, alerted and not handled' }),
  })),
});
export type EmptyingNotice = Static<typeof EmptyingNotice>;
