import type { LevelInput, OrganisationAdmin } from '../contract/index.ts';
import { adminVerdict, Refusal, type MailboxLevel, type Principal } from '../domain/index.ts';
import {
  appendEvents, countPendingRequests, disableRules, rulesOfMailbox, folderLimitedMembers, lockOrganisation, markMailboxActivated, moveAllMessages, organisationWithMailboxById, ownFoldersOf,
  removeFolders, setMailboxLevel, standardFolderId, type Executor, type NewEvent, type OrganisationWithMailbox,
} from '../store/index.ts';
import { actorOf, organisationNotFound, requireRole } from './access.ts';
import type { ActorName, AdminContext } from './context.ts';
import { actorRef, namesFor } from './people/views.ts';

/**
 * The organisation's mailbox (docs/admin.md, "The organisation's mailbox: activation and level"):
 * activated once, by a super-administrator, at the standard level (one inbox, simple access) or the
 * extended one (own folders, per-folder access). Switching keeps every letter: to standard, letters in
 * own folders move to Indbakke and the folders go; it is refused while anyone is limited to folders.
 */

/** What the organisation's administration page needs first; for every administrator (action `view`). */
export async function organisationAdmin(ctx: AdminContext, principal: Principal, organisationId: string): Promise<OrganisationAdmin> {
  const membership = requireRole(principal, organisationId, 'view');
  const [found, pendingRequests] = await Promise.all([organisationWithMailboxById(ctx.db, organisationId), countPendingRequests(ctx.db, organisationId)]);
  const row = withMailbox(found);
  const [folders, names] = await Promise.all([
    ownFoldersOf(ctx.db, row.mailboxId),
    namesFor(ctx.db, { actors: [row.activatedBy] }),
  ]);
  const may = (action: Parameters<typeof adminVerdict>[2]) => adminVerdict(principal, organisationId, action).ok;
  return {
    organisation: { id: row.id, cvr: row.cvr, name: row.name, kind: row.kind },
    mailbox: {
      id: row.mailboxId,
      level: row.level,
      activatedAt: row.activatedAt?.toISOString() ?? null,
      activatedBy: row.activatedBy ? actorRef(row.activatedBy, names) : null,
      folders: folders.map((f) => ({ id: f.id, name: f.name })),
    },
    you: { role: membership.role },
    may: {
      people: may('people'),
      superAdmins: may('super-admins'),
      contactPoints: row.kind === 'authority' && may('contact-points'),
      systems: may('systems'),
      level: may('level'),
    },
    pendingRequests,
  };
}

/** The organisation, which must have a mailbox (every organisation the registry import made has one). */
function withMailbox(row: OrganisationWithMailbox | undefined): OrganisationWithMailbox & { mailboxId: string; level: MailboxLevel } {
  if (!row?.mailboxId || !row.level) throw organisationNotFound();
  return { ...row, mailboxId: row.mailboxId, level: row.level };
}

/**
 * Activates the organisation's mailbox at a level, in the caller's transaction (the portal, the
 * operator, the demo seed). 409 ALREADY_ACTIVATED when it was activated before.
 */
export async function activateOrganisationMailbox(trx: Executor, eventChains: number, actor: ActorName, organisationId: string, level: MailboxLevel): Promise<void> {
  const row = withMailbox(await organisationWithMailboxById(trx, organisationId));
  // activated at most once: the update finds the mailbox only while it is not activated yet
  if (!(await markMailboxActivated(trx, row.mailboxId, level, actor))) {
    throw new Refusal('conflict', 'ALREADY_ACTIVATED', 'The mailbox is activated already; a super-administrator can change its level.');
  }
  await appendEvents(trx, eventChains, [{ type: 'MAILBOX_ACTIVATED', actor, mailboxId: row.mailboxId, data: { organisationId, level } }]);
}

export interface LevelChange { from: MailboxLevel; to: MailboxLevel; movedMessages: number; removedFolders: number }

/**
 * Switches an activated mailbox's level in the caller's transaction. To standard: refused (409
 * LEVEL_CHANGE_BLOCKED, `details` = the people) while a membership is limited to folders; otherwise
 * every letter in an own folder moves to Indbakke (an event each, as the portal's moves) and the own
 * folders are removed. To extended: nothing moves. The same level again changes nothing.
 */
export async function switchMailboxLevel(trx: Executor, eventChains: number, actor: ActorName, organisationId: string, level: MailboxLevel): Promise<LevelChange> {
  // people's roles, and the level, change under the same lock: nobody is limited to a folder while the folders go
  if (!(await lockOrganisation(trx, organisationId))) throw organisationNotFound();
  const row = withMailbox(await organisationWithMailboxById(trx, organisationId));
  if (!row.activatedAt) throw new Refusal('conflict', 'MAILBOX_NOT_ACTIVATED', 'Activate the mailbox first; its level is chosen then.');
  const change: LevelChange = { from: row.level, to: level, movedMessages: 0, removedFolders: 0 };
  if (row.level === level) return change;
  const mailboxId = row.mailboxId;
  const events: NewEvent[] = [];
  if (level === 'standard') {
    const limited = await folderLimitedMembers(trx, organisationId);
    if (limited.length > 0) {
      throw new Refusal('conflict', 'LEVEL_CHANGE_BLOCKED',
        'Some people are limited to folders, which the standard level does not have: give them access to all folders (or end it) first.',
        limited.map((m) => ({ userId: m.user_id, name: m.name, role: m.role, folderIds: m.folder_ids })));
    }
    const folders = await ownFoldersOf(trx, mailboxId, true);
    const inbox = await standardFolderId(trx, mailboxId, 'INBOX');
    const moved = await moveAllMessages(trx, mailboxId, folders.map((f) => f.id), inbox);
    await removeFolders(trx, mailboxId, folders.map((f) => f.id));
    for (const m of moved) {
      events.push({ type: 'MESSAGE_MOVED', actor, messageId: m.message_id, mailboxId, data: { fromFolderId: m.from_folder_id, toFolderId: inbox, reason: 'MAILBOX_LEVEL_CHANGED' } });
    }
    for (const f of folders) events.push({ type: 'FOLDER_DELETED', actor, mailboxId, data: { folderId: f.id, reason: 'MAILBOX_LEVEL_CHANGED', before: { name: f.name } } });
    // a standard mailbox does not sort: its rules stop (the secure-mail page's forwarding goes on)
    const sorting = (await rulesOfMailbox(trx, mailboxId, true)).filter((r) => r.origin === 'rules' && r.enabled);
    await disableRules(trx, sorting.map((r) => r.id), actor);
    for (const r of sorting) events.push({ type: 'RULE_DISABLED', actor, mailboxId, data: { ruleId: r.id, organisationId, name: r.name, reason: 'MAILBOX_LEVEL_CHANGED' } });
    change.movedMessages = moved.length;
    change.removedFolders = folders.length;
  }
  await setMailboxLevel(trx, mailboxId, level);
  events.push({ type: 'MAILBOX_LEVEL_CHANGED', actor, mailboxId, data: { organisationId, ...change } });
  await appendEvents(trx, eventChains, events);
  return change;
}

/** A super-administrator activates the organisation's mailbox, choosing its level. */
export async function activateMailbox(ctx: AdminContext, principal: Principal, organisationId: string, input: LevelInput): Promise<OrganisationAdmin> {
  requireRole(principal, organisationId, 'level');
  await ctx.db.transaction().execute((trx) => activateOrganisationMailbox(trx, ctx.eventChains, actorOf(principal), organisationId, input.level));
  return organisationAdmin(ctx, principal, organisationId);
}

/** A super-administrator switches the mailbox's level; every letter is kept. */
export async function changeMailboxLevel(ctx: AdminContext, principal: Principal, organisationId: string, input: LevelInput): Promise<OrganisationAdmin> {
  requireRole(principal, organisationId, 'level');
  await ctx.db.transaction().execute((trx) => switchMailboxLevel(trx, ctx.eventChains, actorOf(principal), organisationId, input.level));
  return organisationAdmin(ctx, principal, organisationId);
}
