import type {
  EmptyingFolder, EmptyingNotice, EmptyingSystem, EmptyingView, FolderWatchInput, SystemAlertView, SystemWatchInput,
} from '../contract/index.ts';
import { canSeeFolder, mailboxAccess, parseUuid, Refusal, type MailboxAccess, type Principal, type Role } from '../domain/index.ts';
import {
  ADMIN_ROLES, appendEvents, clearSystemAlert, deleteFolderWatch, emptyingOfMailbox, memberForWatch, membersWithAddresses, openSystemAlert,
  openSystemAlerts, organisationWithMailboxById, queueMails, raiseEmptyingAlerts, recipientSystemOf, recipientSystemsHealth, responsibleFolders,
  setSystemWatch, upsertFolderWatch, watchableFolder, watchesOfFolders, type Executor, type MemberWithAddress, type NewEvent, type QueuedMail,
  type SystemAlertKind, type SystemHealthRow,
} from '../store/index.ts';
import { actorOf, organisationNotFound, requireRole } from './access.ts';
import type { AdminContext } from './context.ts';
import { picked } from './audit/index.ts';
import { cleanLine } from './input.ts';
import { actorRef, namesFor } from './people/views.ts';

/**
 * Is the mailbox emptied? (docs/emptying.md). An organisation's administrators (action `emptying`)
 * give each folder of its mailbox a responsible person and/or unit and a threshold; a periodic check
 * (`checkEmptying`, started by src/server.ts every EMPTYING_CHECK_MINUTES) raises an alert for every
 * unhandled letter older than its folder's threshold, once per letter, folder and threshold, and for
 * recipient systems that stop fetching or answer FAILED, once per episode — and mails ONE summary per
 * person per run: counts, folder and system names and links, never a title, a content or a CPR number.
 */

/** Hours without a fetch, with letters waiting, after which a recipient system is alerted, unless set for it. */
export const DEFAULT_FETCH_ALERT_HOURS = 24;
/** A threshold is 1 hour to 90 days. */
export const MAX_THRESHOLD_HOURS = 90 * 24;

const folderNotFound = () => new Refusal('not-found', 'FOLDER_NOT_FOUND', 'The organisation\'s mailbox has no folder with this id.');
const systemNotFound = () => new Refusal('not-found', 'SYSTEM_NOT_FOUND', 'The organisation has no system with this id.');

const iso = (value: Date | string) => new Date(value).toISOString();
const count = (value: string | number | null | undefined) => Number(value ?? 0);

/** The organisation's mailbox, for a member who may do `emptying` (administrators). */
async function organisationMailbox(db: Executor, principal: Principal, organisationId: string) {
  requireRole(principal, organisationId, 'emptying');
  const row = await organisationWithMailboxById(db, organisationId);
  if (!row?.mailboxId || !row.level) throw organisationNotFound();
  return { ...row, mailboxId: row.mailboxId, level: row.level };
}

/** Whether a member with this role and folder limit sees the folder (src/domain/permissions.ts). */
function memberSeesFolder(member: { role: Role; folder_ids: readonly string[] | null }, folderId: string): boolean {
  const access: MailboxAccess = member.folder_ids !== null && (member.role === 'writer' || member.role === 'reader')
    ? { kind: 'folders', role: member.role, level: 'extended', folderIds: new Set(member.folder_ids) }
    : { kind: 'all', role: member.role, level: 'extended' };
  return canSeeFolder(access, folderId);
}

function checkedHours(value: number, code: string, what: string): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_THRESHOLD_HOURS) {
    throw new Refusal('invalid', code, `${what} is 1 hour to 90 days (2160 hours), in whole hours.`);
  }
  return value;
}

// --- the administrators' page --------------------------------------------------------------------------

const KIND_ORDER = { INBOX: 0, USER: 1 } as const;
const collator = new Intl.Collator('da', { sensitivity: 'base' });

/** The page "Tømning": every watchable folder with its counts and watch, and the recipient systems with their alerts. */
export async function emptyingOverview(ctx: AdminContext, principal: Principal, organisationId: string, now = new Date()): Promise<EmptyingView> {
  const organisation = await organisationMailbox(ctx.db, principal, organisationId);
  const [folders, members, systems, alerts] = await Promise.all([
    emptyingOfMailbox(ctx.db, organisation.mailboxId, now),
    membersWithAddresses(ctx.db, organisationId),
    recipientSystemsHealth(ctx.db, now, DEFAULT_FETCH_ALERT_HOURS, organisationId),
    openSystemAlerts(ctx.db, organisationId),
  ]);
  const names = await namesFor(ctx.db, { actors: folders.map((f) => f.updated_by) });
  const byUser = new Map(members.map((m) => [m.user_id, m]));
  const folderViews: EmptyingFolder[] = folders
    .sort((a, b) => KIND_ORDER[a.kind as 'INBOX' | 'USER'] - KIND_ORDER[b.kind as 'INBOX' | 'USER'] || collator.compare(a.name, b.name))
    .map((f) => {
      const member = f.responsible_user_id ? byUser.get(f.responsible_user_id) : undefined;
      return {
        id: f.id,
        kind: f.kind as 'INBOX' | 'USER',
        name: f.name,
        unhandled: count(f.unhandled),
        oldestUnhandledAt: f.oldest_unhandled_at ? iso(f.oldest_unhandled_at) : null,
        overdue: count(f.overdue),
        openAlerts: count(f.open_alerts),
        watch: f.threshold_hours === null ? null : {
          responsible: f.responsible_user_id
            ? { userId: f.responsible_user_id, name: f.responsible_name ?? '', hasAccess: member !== undefined && memberSeesFolder(member, f.id) }
            : null,
          responsibleUnit: f.responsible_unit,
          thresholdHours: f.threshold_hours,
          updatedAt: iso(f.updated_at!),
          updatedBy: actorRef(f.updated_by!, names),
        },
      };
    });
  return {
    organisationId,
    mailboxId: organisation.mailboxId,
    at: now.toISOString(),
    folders: folderViews,
    systems: systems.map((s) => systemView(s, alerts.filter((a) => a.system_id === s.id))),
    defaultFetchAlertHours: DEFAULT_FETCH_ALERT_HOURS,
  };
}

function systemView(row: SystemHealthRow, alerts: Array<{ kind: SystemAlertKind; raised_at: Date; details: Record<string, unknown> | string }>): EmptyingSystem {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    waiting: count(row.waiting),
    oldestWaitingAt: row.oldest_waiting_at ? iso(row.oldest_waiting_at) : null,
    lastFetchedAt: row.last_fetched_at ? iso(row.last_fetched_at) : null,
    latestReceipt: row.latest_receipt_status && row.latest_receipt_at ? { status: row.latest_receipt_status, at: iso(row.latest_receipt_at) } : null,
    fetchAlertHours: Number(row.fetch_alert_hours),
    ownFetchAlertHours: row.own_fetch_alert_hours,
    alerts: alerts.map((a): SystemAlertView => {
      const details = (typeof a.details === 'string' ? JSON.parse(a.details) : a.details) as { waiting?: number; failed?: number };
      return {
        kind: a.kind, raisedAt: iso(a.raised_at),
        ...(typeof details.waiting === 'number' ? { waiting: details.waiting } : {}),
        ...(typeof details.failed === 'number' ? { failed: details.failed } : {}),
      };
    }),
  };
}

/**
 * Sets a folder's watch: a responsible person (a member who can see the folder) and/or unit, and the
 * threshold. Indbakke and own folders only. FOLDER_WATCH_SET names what changed; the same again writes nothing.
 */
export async function setFolderWatch(
  ctx: AdminContext, principal: Principal, organisationId: string, folderId: string, input: FolderWatchInput,
): Promise<EmptyingView> {
  const organisation = await organisationMailbox(ctx.db, principal, organisationId);
  const thresholdHours = checkedHours(input.thresholdHours, 'THRESHOLD_INVALID', 'A threshold');
  const unit = input.responsibleUnit === undefined || input.responsibleUnit === null || input.responsibleUnit.trim() === ''
    ? null : cleanLine(input.responsibleUnit, 'RESPONSIBLE_UNIT_INVALID', 'A responsible unit', 100);
  await ctx.db.transaction().execute(async (trx) => {
    const id = parseUuid(folderId);
    const folder = id ? await watchableFolder(trx, organisation.mailboxId, id) : undefined;
    if (!folder) throw folderNotFound();
    if (folder.kind !== 'INBOX' && folder.kind !== 'USER') {
      throw new Refusal('not-allowed', 'FOLDER_NOT_WATCHABLE', 'Only Indbakke and own folders are emptied; Sendt, Kladder and Slettet have no watch.');
    }
    let responsibleUserId: string | null = null;
    if (input.responsibleUserId !== undefined && input.responsibleUserId !== null) {
      const userId = parseUuid(input.responsibleUserId);
      const member = userId ? await memberForWatch(trx, organisationId, userId) : undefined;
      if (!member) throw new Refusal('not-allowed', 'RESPONSIBLE_PERSON_UNKNOWN', 'The responsible person must be a member of the organisation.');
      if (!memberSeesFolder(member, folder.id)) {
        throw new Refusal('not-allowed', 'RESPONSIBLE_PERSON_NO_ACCESS', 'The responsible person must be able to see the folder.');
      }
      responsibleUserId = member.user_id;
    }
    const before = folder.threshold_hours === null ? undefined
      : { responsibleUserId: folder.responsible_user_id, responsibleUnit: folder.responsible_unit, thresholdHours: folder.threshold_hours };
    const after = { responsibleUserId, responsibleUnit: unit, thresholdHours };
    const changed = (Object.keys(after) as Array<keyof typeof after>).filter((key) => before?.[key] !== after[key]);
    if (before && changed.length === 0) return;
    await upsertFolderWatch(trx, { folderId: folder.id, mailboxId: organisation.mailboxId, organisationId, ...after, by: actorOf(principal) });
    await appendEvents(trx, ctx.eventChains, [{
      type: 'FOLDER_WATCH_SET', actor: actorOf(principal), mailboxId: organisation.mailboxId,
      data: {
        organisationId, folderId: folder.id, responsibleUserId, thresholdHours, changed: before ? changed : ['created'],
        ...(before ? { before: picked(before, changed), after: picked(after, changed) } : { after }),
      },
    }]);
  });
  return emptyingOverview(ctx, principal, organisationId);
}

/** Removes a folder's watch: no responsible person, unit or threshold, no more alerts for it. */
export async function removeFolderWatch(ctx: AdminContext, principal: Principal, organisationId: string, folderId: string): Promise<EmptyingView> {
  const organisation = await organisationMailbox(ctx.db, principal, organisationId);
  await ctx.db.transaction().execute(async (trx) => {
    const id = parseUuid(folderId);
    const folder = id ? await watchableFolder(trx, organisation.mailboxId, id) : undefined;
    if (!folder) throw folderNotFound();
    if (!await deleteFolderWatch(trx, folder.id)) return;
    await appendEvents(trx, ctx.eventChains, [{
      type: 'FOLDER_WATCH_REMOVED', actor: actorOf(principal), mailboxId: organisation.mailboxId,
      data: {
        organisationId, folderId: folder.id,
        before: { responsibleUserId: folder.responsible_user_id, responsibleUnit: folder.responsible_unit, thresholdHours: folder.threshold_hours },
      },
    }]);
  });
  return emptyingOverview(ctx, principal, organisationId);
}

/** Sets after how many hours without a fetch a recipient system with letters waiting is alerted (null: the default, 24). */
export async function setSystemFetchAlert(
  ctx: AdminContext, principal: Principal, organisationId: string, systemId: string, input: SystemWatchInput,
): Promise<EmptyingView> {
  const { mailboxId } = await organisationMailbox(ctx.db, principal, organisationId);
  const hours = input.fetchAlertHours === null ? null : checkedHours(input.fetchAlertHours, 'FETCH_ALERT_HOURS_INVALID', 'The time without a fetch');
  await ctx.db.transaction().execute(async (trx) => {
    const id = parseUuid(systemId);
    const system = id ? await recipientSystemOf(trx, organisationId, id) : undefined;
    if (!system) throw systemNotFound();
    if (system.kind !== 'recipient') throw new Refusal('not-allowed', 'RECIPIENT_SYSTEM_REQUIRED', 'Only recipient systems fetch letters.');
    if ((system.fetch_alert_hours ?? null) === hours) return;
    await setSystemWatch(trx, { systemId: system.id, organisationId, fetchAlertHours: hours, by: actorOf(principal) });
    await appendEvents(trx, ctx.eventChains, [{
      type: 'SYSTEM_WATCH_SET', actor: actorOf(principal), mailboxId, data: { organisationId, systemId: system.id, fetchAlertHours: hours },
    }]);
  });
  return emptyingOverview(ctx, principal, organisationId);
}

// --- the responsible person's notice ------------------------------------------------------------------

/**
 * The folders of the mailbox the person is responsible for that have letters alerted and not handled
 * (a banner in the portal). Anyone who may open the mailbox may ask; others get 404 MAILBOX_NOT_FOUND.
 */
export async function emptyingNotice(ctx: AdminContext, principal: Principal, mailboxId: string): Promise<EmptyingNotice> {
  const access = mailboxAccess(principal, mailboxId);
  if (!access) throw new Refusal('not-found', 'MAILBOX_NOT_FOUND', 'No such mailbox.');
  if (access.role === 'owner') return { folders: [] };
  const rows = await responsibleFolders(ctx.db, mailboxId, principal.userId);
  return {
    folders: rows.filter((r) => count(r.open_alerts) > 0 && canSeeFolder(access, r.id))
      .sort((a, b) => KIND_ORDER[a.kind as 'INBOX' | 'USER'] - KIND_ORDER[b.kind as 'INBOX' | 'USER'] || collator.compare(a.name, b.name))
      .map((r) => ({ id: r.id, kind: r.kind as 'INBOX' | 'USER', name: r.name, thresholdHours: r.threshold_hours, openAlerts: count(r.open_alerts) })),
  };
}

// --- the periodic check ----------------------------------------------------------------------------------

export interface EmptyingCheck {
  /** new letter alerts, in all folders */
  letterAlerts: number;
  systemAlertsRaised: number;
  systemAlertsCleared: number;
  /** mails queued (one per person and organisation) */
  mails: number;
}

interface FolderLine { folderId: string; mailboxId: string; name: string; unit: string | null; thresholdHours: number; raised: number }
interface SystemLine { name: string; kind: SystemAlertKind; waiting: number; failed: number; hours: number }
interface Summary { organisationId: string; organisationName: string; admin: boolean; folders: FolderLine[]; systems: SystemLine[] }

/** Whether the system stopped fetching at `now`: letters wait longer than its time, and it fetched nothing within it. */
function notFetching(row: SystemHealthRow, now: Date): boolean {
  const since = now.getTime() - Number(row.fetch_alert_hours) * 3600_000;
  return count(row.waiting) > 0 && row.oldest_waiting_at !== null && new Date(row.oldest_waiting_at).getTime() <= since
    && (row.last_fetched_at === null || new Date(row.last_fetched_at).getTime() <= since);
}

const failing = (row: SystemHealthRow): boolean => row.latest_receipt_status === 'FAILED';

/**
 * One run of the watch, as of `now`: raises the letter alerts and the system alerts that are due,
 * clears system alerts whose episode is over (the system fetched again, nothing waits any more, its
 * latest receipt is not FAILED, or it is no longer an active recipient system), and queues ONE mail
 * per person and organisation summarising what is new — all in one transaction, so an alert is mailed
 * exactly when it is raised.
 */
export async function checkEmptying(ctx: AdminContext, now = new Date()): Promise<EmptyingCheck> {
  return ctx.db.transaction().execute(async (trx) => {
    const events: NewEvent[] = [];
    const raised = await raiseEmptyingAlerts(trx, now);
    const watches = new Map((await watchesOfFolders(trx, raised.map((r) => r.folder_id))).map((w) => [w.folder_id, w]));

    // recipient systems: open and close episodes
    const systems = await recipientSystemsHealth(trx, now, DEFAULT_FETCH_ALERT_HOURS);
    const open = await openSystemAlerts(trx);
    const byId = new Map(systems.map((s) => [s.id, s]));
    let cleared = 0;
    for (const alert of open) {
      const system = byId.get(alert.system_id);
      const still = system !== undefined && (alert.kind === 'not-fetching' ? notFetching(system, now) : failing(system));
      if (still || !await clearSystemAlert(trx, alert.id, now)) continue;
      cleared++;
      events.push({ type: 'SYSTEM_ALERT_CLEARED', actor: 'kuvert', data: { organisationId: alert.organisation_id, systemId: alert.system_id, kind: alert.kind } });
    }
    const newSystemAlerts: Array<{ system: SystemHealthRow; line: SystemLine }> = [];
    for (const system of systems) {
      const due: Array<[SystemAlertKind, Record<string, unknown>]> = [];
      if (notFetching(system, now)) due.push(['not-fetching', { waiting: count(system.waiting), oldestWaitingAt: iso(system.oldest_waiting_at!), lastFetchedAt: system.last_fetched_at ? iso(system.last_fetched_at) : null }]);
      if (failing(system)) due.push(['failed-receipts', { failed: count(system.failed_since) }]);
      for (const [kind, details] of due) {
        if (!await openSystemAlert(trx, { organisationId: system.organisation_id, systemId: system.id, kind, at: now, details })) continue;
        newSystemAlerts.push({
          system,
          line: { name: system.name, kind, waiting: count(system.waiting), failed: count(system.failed_since), hours: Number(system.fetch_alert_hours) },
        });
        events.push({ type: 'SYSTEM_ALERT_RAISED', actor: 'kuvert', data: { organisationId: system.organisation_id, systemId: system.id, kind, ...details } });
      }
    }

    // who is told: per organisation, one summary per address
    const organisations = new Set([...raised.map((r) => r.organisation_id), ...newSystemAlerts.map((a) => a.system.organisation_id)]);
    const mails: QueuedMail[] = [];
    for (const organisationId of organisations) {
      const members = await membersWithAddresses(trx, organisationId);
      const addressOf = (m: MemberWithAddress) => (m.email && m.email_confirmed_at ? m.email : undefined);
      const admins = members.filter((m) => ADMIN_ROLES.includes(m.role) && addressOf(m));
      const summaries = new Map<string, Summary>();
      const organisationName = watches.get(raised.find((r) => r.organisation_id === organisationId)?.folder_id ?? '')?.organisation_name
        ?? newSystemAlerts.find((a) => a.system.organisation_id === organisationId)?.system.organisation_name ?? '';
      const summaryFor = (m: MemberWithAddress) => {
        const address = addressOf(m)!;
        let summary = summaries.get(address);
        if (!summary) summaries.set(address, summary = { organisationId, organisationName, admin: false, folders: [], systems: [] });
        if (ADMIN_ROLES.includes(m.role)) summary.admin = true;
        return summary;
      };
      for (const group of raised.filter((r) => r.organisation_id === organisationId)) {
        const watch = watches.get(group.folder_id);
        if (!watch) continue;
        const line: FolderLine = {
          folderId: group.folder_id, mailboxId: group.mailbox_id, name: watch.kind === 'INBOX' ? 'Indbakke' : watch.name, unit: watch.responsible_unit,
          thresholdHours: group.threshold_hours, raised: count(group.raised),
        };
        const responsible = watch.responsible_user_id ? members.find((m) => m.user_id === watch.responsible_user_id) : undefined;
        const to = responsible && addressOf(responsible) && memberSeesFolder(responsible, group.folder_id) ? [responsible] : admins;
        for (const member of to) summaryFor(member).folders.push(line);
        events.push({
          type: 'EMPTYING_ALERTS_RAISED', actor: 'kuvert', mailboxId: group.mailbox_id,
          data: { organisationId, folderId: group.folder_id, thresholdHours: group.threshold_hours, letters: line.raised, mailed: to.length },
        });
      }
      for (const { system, line } of newSystemAlerts.filter((a) => a.system.organisation_id === organisationId)) {
        for (const member of admins) summaryFor(member).systems.push(line);
      }
      for (const [address, summary] of summaries) mails.push(emptyingMail(address, summary, ctx.publicUrl));
    }
    await queueMails(trx, mails);
    await appendEvents(trx, ctx.eventChains, events);
    return {
      letterAlerts: raised.reduce((n, r) => n + count(r.raised), 0),
      systemAlertsRaised: newSystemAlerts.length,
      systemAlertsCleared: cleared,
      mails: mails.length,
    };
  });
}

// --- the mail ------------------------------------------------------------------------------------------

const hoursDa = (h: number) => (h % 24 === 0 ? (h === 24 ? '1 døgn' : `${h / 24} døgn`) : h === 1 ? '1 time' : `${h} timer`);
const hoursEn = (h: number) => (h % 24 === 0 ? (h === 24 ? '1 day' : `${h / 24} days`) : h === 1 ? '1 hour' : `${h} hours`);
const letters = (n: number, da: boolean) => (da ? (n === 1 ? '1 brev' : `${n} breve`) : (n === 1 ? '1 letter' : `${n} letters`));

/**
 * The summary of one run for one person: per folder how many letters newly passed its threshold, per
 * recipient system what is wrong, with links. Plain text, Danish first, then English; no title, no
 * content, no CPR number — only counts and the names the organisation gave its folders and systems.
 */
export function emptyingMail(to: string, summary: Summary, publicUrl: string): QueuedMail {
  const folderLink = (line: FolderLine) => `${publicUrl}/postkasse/${line.mailboxId}/${line.folderId}?vis=ikke-behandlet`;
  const adminLink = `${publicUrl}/organisationer/${summary.organisationId}/administration/toemning`;
  const da: string[] = [];
  const en: string[] = [];
  if (summary.folders.length > 0) {
    da.push(`Breve i ${summary.organisationName}s postkasse i Kuvert er ikke behandlet inden for fristen:`, '');
    en.push(`Letters in ${summary.organisationName}'s mailbox in Kuvert have not been handled in time:`, '');
    for (const line of summary.folders) {
      da.push(`- ${line.name}${line.unit ? ` (${line.unit})` : ''}: ${letters(line.raised, true)} ældre end ${hoursDa(line.thresholdHours)}`, `  ${folderLink(line)}`);
      en.push(`- ${line.name}${line.unit ? ` (${line.unit})` : ''}: ${letters(line.raised, false)} older than ${hoursEn(line.thresholdHours)}`, `  ${folderLink(line)}`);
    }
    da.push('');
    en.push('');
  }
  if (summary.systems.length > 0) {
    da.push(`Modtagersystemer hos ${summary.organisationName} kræver opmærksomhed:`, '');
    en.push(`Recipient systems of ${summary.organisationName} need attention:`, '');
    for (const line of summary.systems) {
      if (line.kind === 'not-fetching') {
        da.push(`- ${line.name}: har ikke hentet post i over ${hoursDa(line.hours)}; ${letters(line.waiting, true)} venter`);
        en.push(`- ${line.name}: has not fetched mail for over ${hoursEn(line.hours)}; ${letters(line.waiting, false)} waiting`);
      } else {
        da.push(`- ${line.name}: ${line.failed === 1 ? 'den seneste kvittering' : `de seneste ${line.failed} kvitteringer`} er FAILED`);
        en.push(`- ${line.name}: ${line.failed === 1 ? 'the latest business receipt is' : `the latest ${line.failed} business receipts are`} FAILED`);
      }
    }
    da.push('');
    en.push('');
  }
  if (summary.admin) {
    da.push('Se tømningen af postkassen her:', adminLink);
    en.push('See how the mailbox is emptied here:', adminLink);
  } else {
    da.push('Markér brevene som behandlet, når de er taget hånd om.');
    en.push('Mark the letters handled when they have been taken care of.');
  }
  return {
    kind: 'emptying-alert', to, organisationId: summary.organisationId,
    subject: `Tømning af postkassen: ${summary.organisationName} / Emptying the mailbox`,
    text: [...da, '', '---', '', ...en, ''].join('\n'),
  };
}

// --- the timer -----------------------------------------------------------------------------------------

export interface EmptyingWatch { stop(): Promise<void> }

/**
 * Runs `checkEmptying` every `intervalMs` (0: never) in this process; several processes may run it
 * at once (the unique keys make each alert and its mail happen once). `wake` runs the mail jobs now.
 */
export function startEmptyingWatch(ctx: AdminContext, options: { intervalMs: number; wake?: () => void; onError?: (err: unknown) => void }): EmptyingWatch {
  if (options.intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const outcome = await checkEmptying(ctx);
        if (outcome.mails > 0) options.wake?.();
      } catch (err) {
        options.onError?.(err);
      }
    });
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
