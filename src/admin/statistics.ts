import {
  MONTH_PATTERN, STATISTICS_MAX_MONTHS, type StatisticsBy, type StatisticsCsvQuery, type StatisticsDirection, type StatisticsQuery, type StatisticsRow,
  type StatisticsView,
} from '../contract/index.ts';
import { Refusal, type Principal } from '../domain/index.ts';
import {
  compactAllLetterCounts, JobDeferred, letterCountKeys, letterCounts, organisationWithMailboxById, type JobHandler, type LetterCountKey,
} from '../store/index.ts';
import { organisationNotFound, requireRole } from './access.ts';
import type { AdminContext } from './context.ts';
import { csvLine } from './csv.ts';

/**
 * Statistics for an organisation's administrators (docs/statistics.md): its letters per Danish month,
 * received (by subscription group, material or sending organisation) or sent (by subscription group
 * or material), as JSON for the portal and as a CSV file. Counted when each letter became available
 * in its recipient's mailbox (src/store/statistics.ts); reads only the counts, never the letters.
 */

// --- months -----------------------------------------------------------------------------------------

const DANISH_MONTH = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit' });

/** The Danish calendar month (`YYYY-MM`) an instant falls in. */
export function danishMonthOf(instant: Date): string {
  const parts = Object.fromEntries(DANISH_MONTH.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}`;
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOfIndex = (index: number) => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

/** Every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) months.push(monthOfIndex(i));
  return months;
}

const periodInvalid = (why: string) => new Refusal('invalid', 'STATISTICS_PERIOD_INVALID', why);
const MONTH = new RegExp(MONTH_PATTERN);

/** The period asked for: by default the last 12 months up to this one (Danish time). */
export function periodOf(query: Pick<StatisticsQuery, 'from' | 'to'>, now = new Date()): { from: string; to: string } {
  for (const month of [query.from, query.to]) {
    if (month !== undefined && !MONTH.test(month)) throw periodInvalid('A month is written YYYY-MM.');
  }
  const current = monthIndex(danishMonthOf(now));
  // only `from`: twelve months from it, but not past this month (nor before `from`)
  const to = query.to ?? (query.from === undefined ? monthOfIndex(current)
    : monthOfIndex(Math.max(monthIndex(query.from), Math.min(monthIndex(query.from) + 11, current))));
  const from = query.from ?? monthOfIndex(monthIndex(to) - 11);
  if (monthIndex(from) > monthIndex(to)) throw periodInvalid('The first month must not come after the last.');
  if (monthIndex(to) - monthIndex(from) + 1 > STATISTICS_MAX_MONTHS) throw periodInvalid(`A period is at most ${STATISTICS_MAX_MONTHS} months.`);
  return { from, to };
}

// --- the figures ------------------------------------------------------------------------------------

interface Asked { direction: StatisticsDirection; by: StatisticsBy; from: string; to: string }

function asked(query: StatisticsQuery): Asked {
  const direction = query.direction ?? 'received';
  const by = query.by ?? 'group';
  if (direction === 'sent' && by === 'sender') {
    throw new Refusal('invalid', 'STATISTICS_BY_INVALID', 'Sent letters are counted by subscription group or material; by sender is for received letters.');
  }
  return { direction, by, ...periodOf(query) };
}

const collator = new Intl.Collator('da');

/** The organisation's letters per month in the period, one row per subscription group, material or sender, the largest first. */
export async function statistics(ctx: AdminContext, principal: Principal, organisationId: string, query: StatisticsQuery): Promise<StatisticsView> {
  requireRole(principal, organisationId, 'statistics');
  const organisation = await organisationWithMailboxById(ctx.db, organisationId);
  if (!organisation?.mailboxId) throw organisationNotFound();
  const { direction, by, from, to } = asked(query);
  const months = monthsBetween(from, to);
  const column = new Map(months.map((m, i) => [m, i]));
  const counts = await letterCounts(ctx.db, { mailboxId: organisation.mailboxId, direction, by, from: `${from}-01`, to: `${to}-01` });

  const byKey = new Map<string | null, number[]>();
  for (const c of counts) {
    const i = column.get(c.month);
    if (i === undefined) continue;
    let row = byKey.get(c.key);
    if (!row) byKey.set(c.key, row = months.map(() => 0));
    row[i]! += c.letters;
  }
  const ids = [...byKey.keys()].filter((k): k is string => k !== null);
  const names = new Map<string, LetterCountKey>((await letterCountKeys(ctx.db, by, ids)).map((k) => [k.id, k]));
  const rows: StatisticsRow[] = [...byKey].map(([id, perMonth]) => {
    const key = id === null ? undefined : names.get(id);
    return {
      id,
      name: key?.name ?? null,
      code: key?.code ?? null,
      organisation: key?.organisation ? { name: key.organisation.name, cvr: key.organisation.cvr } : null,
      counts: perMonth,
      total: perMonth.reduce((a, b) => a + b, 0),
    };
  });
  // the largest first; then by name and organisation, letters without a key last among equals; the id settles the rest
  rows.sort((a, b) => b.total - a.total || (a.id === null ? 1 : 0) - (b.id === null ? 1 : 0) || collator.compare(a.name ?? '', b.name ?? '')
    || collator.compare(a.organisation?.name ?? '', b.organisation?.name ?? '') || (a.id ?? '').localeCompare(b.id ?? ''));
  const totals = months.map((_, i) => rows.reduce((sum, r) => sum + r.counts[i]!, 0));
  return {
    organisation: { id: organisation.id, name: organisation.name, cvr: organisation.cvr, kind: organisation.kind },
    direction, by, from, to, months, rows, totals, total: totals.reduce((a, b) => a + b, 0),
  };
}

// --- CSV ----------------------------------------------------------------------------------------------

type Lang = 'da' | 'en';

const CSV_TEXT = {
  da: {
    group: 'Tilmeldingsgruppe', material: 'Materiale', code: 'Kode', sender: 'Afsender', cvr: 'CVR', organisation: 'Organisation', total: 'I alt',
    noGroup: 'Uden tilmeldingsgruppe', noMaterial: 'Uden materiale', noSender: 'Borgere (uden CVR)', unknown: '(ukendt)',
    received: 'modtaget', sent: 'sendt', file: 'statistik',
  },
  en: {
    group: 'Subscription group', material: 'Material', code: 'Code', sender: 'Sender', cvr: 'CVR', organisation: 'Organisation', total: 'Total',
    noGroup: 'No subscription group', noMaterial: 'No material', noSender: 'Citizens (no CVR)', unknown: '(unknown)',
    received: 'received', sent: 'sent', file: 'statistics',
  },
} as const;

function monthName(lang: Lang, month: string): string {
  const date = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
  return new Intl.DateTimeFormat(lang === 'da' ? 'da-DK' : 'en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(date);
}

/** The statistics as a CSV file for a spreadsheet: separator `;`, UTF-8 with a byte order mark, CRLF lines. */
export function statisticsCsvText(view: StatisticsView, lang: Lang = 'da'): string {
  const text = CSV_TEXT[lang];
  const withOrganisation = view.by !== 'sender' && view.direction === 'received';
  const head: string[] = view.by === 'sender' ? [text.sender, text.cvr]
    : view.by === 'group' ? [text.group] : [text.material, text.code];
  if (withOrganisation) head.push(text.organisation);
  const none = view.by === 'group' ? text.noGroup : view.by === 'material' ? text.noMaterial : text.noSender;
  const lines = [csvLine([...head, ...view.months.map((m) => monthName(lang, m)), text.total])];
  for (const row of view.rows) {
    const name = row.id === null ? none : row.name ?? text.unknown;
    const cells: Array<string | number> = view.by === 'sender' ? [name, row.organisation?.cvr ?? ''] : view.by === 'group' ? [name] : [name, row.code ?? ''];
    if (withOrganisation) cells.push(row.organisation ? `${row.organisation.name} (CVR ${row.organisation.cvr})` : '');
    lines.push(csvLine([...cells, ...row.counts, row.total]));
  }
  lines.push(csvLine([text.total, ...head.slice(1).map(() => ''), ...view.totals, view.total]));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The statistics as a CSV file, with the name to save it under. */
export async function statisticsCsv(
  ctx: AdminContext, principal: Principal, organisationId: string, query: StatisticsCsvQuery,
): Promise<{ filename: string; body: string }> {
  const { lang = 'da', ...rest } = query;
  const view = await statistics(ctx, principal, organisationId, rest);
  const text = CSV_TEXT[lang];
  const filename = `kuvert-${text.file}-${text[view.direction]}-${view.organisation.cvr}-${view.from}-${view.to}.csv`;
  return { filename, body: statisticsCsvText(view, lang) };
}

// --- compaction ---------------------------------------------------------------------------------------

/** The job that folds the counts delivery writes (docs/statistics.md); one, made by migration 012, runs for ever. */
export const STATISTICS_JOB = 'statistics.compact';
/** Often enough that few rows wait unmerged (the page sums them too); a run with nothing to fold is one index probe. */
export const STATISTICS_COMPACT_MS = 5_000;

/** Job handler: compacts the counts, then waits `everyMs` and runs again (the same job row, never done). */
export function statisticsCompactionHandler(everyMs = STATISTICS_COMPACT_MS): JobHandler {
  return async (_job, db) => {
    await compactAllLetterCounts(db);
    throw new JobDeferred(new Date(Date.now() + everyMs), 'periodic: compacts the statistics again at run_at');
  };
}
