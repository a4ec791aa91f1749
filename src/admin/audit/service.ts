import type {
  AdministeredFolder, AdministeringPerson, AdministratorsView, AuditCategory, AuditCsvQuery, AuditEntry, AuditPage, AuditQuery,
} from '../../contract/index.ts';
import { danishMidnight, Refusal, ROLES, type Principal } from '../../domain/index.ts';
import {
  auditEvents, auditNames, foldersWithResponsibility, membersOfOrganisation, organisationWithMailboxById,
  type AuditCursor, type AuditEventRow, type AuditFilter, type EventBody, type Executor,
} from '../../store/index.ts';
import { organisationNotFound, requireRole } from '../access.ts';
import type { AdminContext } from '../context.ts';
import { csvFile, csvLine } from '../csv.ts';
import { actorRef, namesFor } from '../people/views.ts';
import { AUDIT_EVENT_TYPES, auditTypes, isAuditEventType } from './catalogue.ts';
import { actorText, auditActor, changesOf, idsIn, sidesOf, whatOf } from './describe.ts';

/**
 * The audit trail and who administers what (docs/audit.md), for an organisation's super-administrators
 * (action `audit`): its administrative changes from the event log, newest first, a page at a time or
 * as a CSV file; and every person with a role in it, by what they administer.
 */

export const AUDIT_PAGE_SIZE = 50;
/** At most this many entries in one CSV file (the last line says when there were more). */
export const AUDIT_CSV_MAX_ROWS = 100_000;
/** Entries read per query while a CSV file is written. */
const CSV_BATCH = 1_000;

const invalid = (code: string, sentence: string) => new Refusal('invalid', code, sentence);

// --- the filter and the cursor ------------------------------------------------------------------------

/** The Danish day as an instant (its midnight), checked to be a real day. */
function dayStart(day: string): Date {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw invalid('AUDIT_PERIOD_INVALID', `${day} is not a day.`);
  return danishMidnight(day);
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function filterOf(query: Pick<AuditQuery, 'from' | 'to' | 'category' | 'actor'>, mailboxId: string): AuditFilter {
  const from = query.from === undefined ? undefined : dayStart(query.from);
  const to = query.to === undefined ? undefined : (dayStart(query.to), danishMidnight(nextDay(query.to)));
  if (from && to && from >= to) throw invalid('AUDIT_PERIOD_INVALID', 'The first day must not come after the last.');
  const actor = query.actor;
  return {
    mailboxId,
    types: auditTypes(query.category),
    from,
    to,
    actor: actor === undefined ? undefined : actor.startsWith('user:') ? { userId: actor.slice(5).toLowerCase() } : actor as 'operator' | 'idp' | 'kuvert',
  };
}

export function auditCursorOf(row: Pick<AuditEventRow, 'at' | 'chain' | 'seq'>): string {
  return Buffer.from(`${row.at.toISOString()}|${row.chain}|${row.seq}`).toString('base64url');
}

function parseCursor(text: string): AuditCursor {
  const [at, chain, seq, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const when = new Date(at ?? '');
  if (rest.length > 0 || Number.isNaN(when.getTime()) || !/^\d+$/.test(chain ?? '') || !/^\d+$/.test(seq ?? '')) {
    throw invalid('AUDIT_CURSOR_INVALID', 'The cursor is not one this list gave; start from the first page.');
  }
  return { at: when, chain: Number(chain), seq: Number(seq) };
}

/** The organisation's mailbox, for a super-administrator of it. */
function auditedMailbox(principal: Principal, organisationId: string): string {
  return requireRole(principal, organisationId, 'audit').mailboxId;
}

// --- the entries ------------------------------------------------------------------------------------

/** Events as audit entries: who (by name), what (in words), the settings before and after. */
async function entriesOf(db: Executor, rows: readonly AuditEventRow[]): Promise<AuditEntry[]> {
  const events = rows.map((row) => ({ row, body: JSON.parse(row.body) as EventBody }));
  const ids = events.flatMap(({ body }) => [...idsIn(body.data), ...(body.actor.startsWith('user:') ? [body.actor.slice(5)] : [])]);
  const names = await auditNames(db, ids);
  return events.map(({ row, body }) => {
    const data = body.data ?? {};
    return {
      id: `${row.chain}-${row.seq}`,
      at: row.at.toISOString(),
      type: row.type,
      category: (isAuditEventType(row.type) ? AUDIT_EVENT_TYPES[row.type] : 'mailbox') as AuditCategory,
      actor: auditActor(body.actor, names),
      what: whatOf(row.type, data, names),
      changes: changesOf(sidesOf(row.type, data), names),
      data,
    };
  });
}

/** One page of the organisation's administrative changes, newest first; `next` continues after it. */
export async function auditTrail(ctx: AdminContext, principal: Principal, organisationId: string, query: AuditQuery): Promise<AuditPage> {
  const mailboxId = auditedMailbox(principal, organisationId);
  const filter = filterOf(query, mailboxId);
  const cursor = query.cursor === undefined ? undefined : parseCursor(query.cursor);
  const limit = query.limit ?? AUDIT_PAGE_SIZE;
  const rows = await auditEvents(ctx.db, filter, cursor, limit + 1);
  const page = rows.slice(0, limit);
  return { entries: await entriesOf(ctx.db, page), next: rows.length > limit ? auditCursorOf(page.at(-1)!) : null };
}

// --- CSV ----------------------------------------------------------------------------------------------

type Lang = 'da' | 'en';

const CSV_TEXT = {
  da: {
    head: ['Tidspunkt (dansk tid)', 'Hvem', 'Bruger-id', 'Kategori', 'Hændelse', 'Hvad', 'Før', 'Efter'],
    more: (n: number) => `Filen har de nyeste ${n} ændringer; der er flere. Vælg en kortere periode.`,
    file: 'revisionsspor',
  },
  en: {
    head: ['Time (Danish time)', 'Who', 'User id', 'Category', 'Event', 'What', 'Before', 'After'],
    more: (n: number) => `The file holds the newest ${n} changes; there are more. Choose a shorter period.`,
    file: 'audit',
  },
} as const;

export const AUDIT_CATEGORY_NAMES: Record<AuditCategory, Record<Lang, string>> = {
  mailbox: { da: 'Organisation og postkasse', en: 'Organisation and mailbox' },
  people: { da: 'Personer og roller', en: 'People and roles' },
  systems: { da: 'Systemer', en: 'Systems' },
  'secure-mail': { da: 'Sikker e-mail', en: 'Secure e-mail' },
  'contact-points': { da: 'Kontaktpunkter', en: 'Contact points' },
  materials: { da: 'Materialer og tilmeldingsgrupper', en: 'Materials and subscription groups' },
  folders: { da: 'Mapper', en: 'Folders' },
  rules: { da: 'Regler', en: 'Rules' },
  notifications: { da: 'Notifikationer', en: 'Notifications' },
  emptying: { da: 'Tømning', en: 'Emptying' },
};

const DANISH_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

function csvRow(entry: AuditEntry, lang: Lang): string {
  const side = (which: 'before' | 'after') => entry.changes.flatMap((c) => (c[which] ? [`${c.label[lang]}: ${c[which]![lang]}`] : [])).join('\n');
  return csvLine([
    DANISH_TIME.format(new Date(entry.at)),
    actorText(entry.actor, lang),
    entry.actor.userId ?? '',
    AUDIT_CATEGORY_NAMES[entry.category][lang],
    entry.type,
    entry.what[lang],
    side('before'),
    side('after'),
  ]);
}

/** The administrative changes the filters choose, newest first, as a CSV file with the name to save it under. */
export async function auditCsv(
  ctx: AdminContext, principal: Principal, organisationId: string, query: AuditCsvQuery,
): Promise<{ filename: string; body: string }> {
  const mailboxId = auditedMailbox(principal, organisationId);
  const { lang = 'da', ...rest } = query;
  const filter = filterOf(rest, mailboxId);
  const organisation = await organisationWithMailboxById(ctx.db, organisationId);
  if (!organisation) throw organisationNotFound();
  const text = CSV_TEXT[lang];
  const lines = [csvLine(text.head)];
  let cursor: AuditCursor | undefined;
  let written = 0;
  for (;;) {
    const rows = await auditEvents(ctx.db, filter, cursor, Math.min(CSV_BATCH, AUDIT_CSV_MAX_ROWS - written + 1));
    const take = rows.slice(0, AUDIT_CSV_MAX_ROWS - written);
    for (const entry of await entriesOf(ctx.db, take)) lines.push(csvRow(entry, lang));
    written += take.length;
    if (take.length < rows.length) {
      lines.push(csvLine([text.more(AUDIT_CSV_MAX_ROWS)]));
      break;
    }
    if (rows.length < CSV_BATCH) break;
    cursor = rows.at(-1)!;
  }
  const period = [query.from, query.to].filter(Boolean).join('-');
  return { filename: `kuvert-${text.file}-${organisation.cvr}${period ? `-${period}` : ''}.csv`, body: csvFile(lines) };
}

// --- who administers what -----------------------------------------------------------------------------

/**
 * Every person with a role in the organisation, by what they administer: the whole organisation
 * (super-administrators, administrators, writers and readers of every folder), or some folders
 * (writers and readers limited to them); and who is responsible for emptying each folder.
 */
export async function administrators(ctx: AdminContext, principal: Principal, organisationId: string): Promise<AdministratorsView> {
  const mailboxId = auditedMailbox(principal, organisationId);
  const [organisation, members, folders] = await Promise.all([
    organisationWithMailboxById(ctx.db, organisationId), membersOfOrganisation(ctx.db, organisationId), foldersWithResponsibility(ctx.db, mailboxId),
  ]);
  if (!organisation) throw organisationNotFound();
  const names = await namesFor(ctx.db, { actors: members.map((m) => m.granted_by) });
  const person = (m: (typeof members)[number]): AdministeringPerson => ({
    userId: m.user_id,
    name: m.name,
    role: m.role,
    since: new Date(m.valid_from ?? m.created_at).toISOString(),
    grantedBy: actorRef(m.granted_by, names),
    lastLoginAt: m.last_login_at ? new Date(m.last_login_at).toISOString() : null,
  });
  const wholeOrganisation = members.filter((m) => m.folder_ids === null || m.role === 'super-admin' || m.role === 'admin');
  const limited = members.filter((m) => !wholeOrganisation.includes(m));
  const limitedTo = new Set(limited.flatMap((m) => m.folder_ids ?? []));
  const shown: AdministeredFolder[] = folders
    .filter((f) => f.kind === 'INBOX' || f.kind === 'USER' || limitedTo.has(f.id))
    .map((f) => ({
      id: f.id,
      name: f.name,
      kind: f.kind,
      responsible: f.threshold_hours === null ? null : {
        person: f.responsible_user_id ? { userId: f.responsible_user_id, name: f.responsible_name ?? '' } : null,
        unit: f.responsible_unit,
        thresholdHours: f.threshold_hours,
        since: new Date(f.updated_at!).toISOString(),
      },
      people: limited.filter((m) => m.folder_ids?.includes(f.id)).map(person),
    }));
  return {
    organisation: { id: organisation.id, name: organisation.name, cvr: organisation.cvr },
    roles: ROLES.map((role) => ({ role, people: wholeOrganisation.filter((m) => m.role === role).map(person) })),
    folders: shown,
  };
}
