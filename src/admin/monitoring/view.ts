import {
  MONITORING_DEFAULT_DAYS, MONITORING_MAX_DAYS, type MonitoringQuery, type MonitoringView, type QueueMonitoring, type RefusalView, type SendCodeTotal,
  type SendDay, type SenderMonitoring, type SystemMonitoring, type SystemMonitoringView, type UnreachableLetter,
} from '../../contract/index.ts';
import { danishDate, danishMidnight, maskCpr, Refusal, type Principal } from '../../domain/index.ts';
import {
  failedBusinessReceipts, latestSendRefusals, organisationWithMailboxById, recipientSystemsHealth, sendCounts, systemsForMonitoring,
  unreachableLetters, type AuthenticatedSystem, type Executor, type SendCountRow, type SystemHealthRow, type SystemKind,
} from '../../store/index.ts';
import { organisationNotFound, requireRole } from '../access.ts';
import type { AdminContext } from '../context.ts';
import { DEFAULT_FETCH_ALERT_HOURS } from '../emptying.ts';
import { ISSUE_EXPLANATIONS, REFUSAL_EXPLANATIONS, UNREACHABLE_EXPLANATIONS } from './explanations.ts';

/** How many of the last refusals, letters to exempt or closed recipients and FAILED receipts a view lists. */
export const MONITORING_LIST_LIMIT = { refusals: 25, unreachable: 50, failed: 20 } as const;

export interface MonitoringPeriod {
  /** Danish days, both included */
  from: string;
  to: string;
  days: number;
  /** when `from` began in Denmark */
  since: Date;
}

const addDays = (day: string, n: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};

/** The period asked for: `days` Danish days up to today, 1 to 90 (default 30). */
export function monitoringPeriod(query: MonitoringQuery, now = new Date()): MonitoringPeriod {
  const days = query.days ?? MONITORING_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MONITORING_MAX_DAYS) {
    throw new Refusal('invalid', 'MONITORING_DAYS_INVALID', `The period is 1 to ${MONITORING_MAX_DAYS} days.`);
  }
  const to = danishDate(now);
  const from = addDays(to, -(days - 1));
  return { from, to, days, since: danishMidnight(from) };
}

const CPR_LIKE = /(?<!\d)\d{6}-?\d{4}(?!\d)/g;
/** A recipient system's own error text, with anything shaped like a CPR number masked. */
const masked = (text: string | null) => (text === null ? null : text.replace(CPR_LIKE, '******-****'));

const GENERIC = {
  reason: { da: 'Afsendelsen blev afvist.', en: 'The send was refused.' },
  change: { da: 'Se fejlkoden i kvitteringen.', en: 'See the error code in the receipt.' },
};
const explain = (code: string) => (REFUSAL_EXPLANATIONS as Record<string, SendCodeTotal['explanation']>)[code] ?? GENERIC;

/** Every day of the period, newest first, and the period's totals by status and code. */
function daysAndTotals(rows: readonly SendCountRow[], period: MonitoringPeriod): { days: SendDay[]; totals: SendCodeTotal[] } {
  const byDay = new Map<string, SendCountRow[]>();
  for (const row of rows) byDay.set(row.day, [...(byDay.get(row.day) ?? []), row]);
  const days: SendDay[] = [];
  for (let day = period.to; day >= period.from; day = addDays(day, -1)) {
    const of = byDay.get(day) ?? [];
    const sum = (status: string) => of.filter((r) => r.status === status).reduce((n, r) => n + r.sends, 0);
    days.push({
      day, received: sum('RECEIVED'), invalid: sum('INVALID'), notAllowed: sum('NOT_ALLOWED'),
      codes: of.filter((r) => r.status !== 'RECEIVED').sort((a, b) => b.sends - a.sends || a.error_code.localeCompare(b.error_code))
        .map((r) => ({ status: r.status, errorCode: r.error_code, count: r.sends })),
    });
  }
  const totals = new Map<string, SendCodeTotal>();
  for (const row of rows) {
    const key = `${row.status}|${row.error_code}`;
    const total = totals.get(key) ?? {
      status: row.status, errorCode: row.status === 'RECEIVED' ? null : row.error_code, count: 0,
      explanation: row.status === 'RECEIVED' ? null : explain(row.error_code),
    };
    total.count += row.sends;
    totals.set(key, total);
  }
  return {
    days,
    totals: [...totals.values()].sort((a, b) => Number(b.status === 'RECEIVED') - Number(a.status === 'RECEIVED') || b.count - a.count
      || (a.errorCode ?? '').localeCompare(b.errorCode ?? '')),
  };
}

async function senderPart(db: Executor, systemId: string, counts: readonly SendCountRow[], period: MonitoringPeriod): Promise<SenderMonitoring> {
  const [refusals, unreachable] = await Promise.all([
    latestSendRefusals(db, systemId, period.since, MONITORING_LIST_LIMIT.refusals),
    unreachableLetters(db, [systemId], period.since, period.to, MONITORING_LIST_LIMIT.unreachable),
  ]);
  return {
    ...daysAndTotals(counts, period),
    refusals: refusals.map((r): RefusalView => ({
      at: new Date(r.at).toISOString(),
      status: r.status,
      errorCode: r.error_code,
      messageUUID: r.message_uuid,
      firstIssue: r.issue_code === null ? null : { code: r.issue_code, path: r.issue_path ?? '', explanation: ISSUE_EXPLANATIONS[r.issue_code] ?? null },
      issues: r.issues,
      explanation: explain(r.error_code),
    })),
    unreachable: unreachable.map((u): UnreachableLetter => ({
      messageUUID: u.message_uuid,
      messageId: u.memo_message_id,
      receivedAt: new Date(u.received_at).toISOString(),
      recipient: u.cpr !== null
        ? { idType: 'CPR', id: maskCpr(u.cpr), name: null }
        : { idType: 'CVR', id: u.cvr ?? '', name: u.organisation_name },
      reason: u.reason,
      since: u.since,
      explanation: UNREACHABLE_EXPLANATIONS[u.reason],
    })),
    unreachableTotal: unreachable[0]?.total ?? 0,
  };
}

async function queuePart(db: Executor, systemId: string, health: SystemHealthRow | undefined, period: MonitoringPeriod, now: Date): Promise<QueueMonitoring> {
  const failed = await failedBusinessReceipts(db, systemId, period.since, MONITORING_LIST_LIMIT.failed);
  const waiting = Number(health?.waiting ?? 0);
  const oldest = waiting > 0 && health?.oldest_waiting_at ? new Date(health.oldest_waiting_at) : null;
  return {
    waiting,
    oldestWaitingAt: oldest?.toISOString() ?? null,
    oldestWaitingMinutes: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 60_000)) : null,
    lastFetchedAt: health?.last_fetched_at ? new Date(health.last_fetched_at).toISOString() : null,
    failedInARow: Number(health?.failed_since ?? 0),
    failedTotal: failed.total,
    failed: failed.rows.map((r) => ({
      at: new Date(r.created_at).toISOString(), messageUUID: r.message_uuid, errorCode: r.error_code, errorMessage: masked(r.error_message),
    })),
  };
}

interface MonitoredSystem { id: string; name: string; kind: SystemKind; status: 'active' | 'disabled' }

/** The views of these systems of one organisation: sends for sender systems (and others that tried to send), the queue for recipient systems. */
async function systemsMonitoring(db: Executor, organisationId: string, systems: readonly MonitoredSystem[], period: MonitoringPeriod, now: Date): Promise<SystemMonitoring[]> {
  const [counts, health] = await Promise.all([
    sendCounts(db, systems.map((s) => s.id), period.from, period.to),
    systems.some((s) => s.kind === 'recipient') ? recipientSystemsHealth(db, now, DEFAULT_FETCH_ALERT_HOURS, organisationId) : Promise.resolve([]),
  ]);
  return Promise.all(systems.map(async (system) => {
    const own = counts.filter((c) => c.system_id === system.id);
    const [sends, queue] = await Promise.all([
      system.kind === 'sender' || own.length > 0 ? senderPart(db, system.id, own, period) : null,
      system.kind === 'recipient' ? queuePart(db, system.id, health.find((h) => h.id === system.id), period, now) : null,
    ]);
    return { id: system.id, name: system.name, kind: system.kind, status: system.status, sends, queue };
  }));
}

/**
 * The error view of every system of the organisation, for its administrators (action `monitoring`):
 * `GET /api/admin/organisations/:organisationId/monitoring`. Others learn nothing of the organisation.
 */
export async function organisationMonitoring(
  ctx: AdminContext, principal: Principal, organisationId: string, query: MonitoringQuery, now = new Date(),
): Promise<MonitoringView> {
  requireRole(principal, organisationId, 'monitoring');
  const period = monitoringPeriod(query, now);
  const organisation = await organisationWithMailboxById(ctx.db, organisationId);
  if (!organisation) throw organisationNotFound();
  const systems = await systemsForMonitoring(ctx.db, organisationId);
  return {
    from: period.from, to: period.to, generatedAt: now.toISOString(),
    organisation: { id: organisation.id, name: organisation.name, cvr: organisation.cvr },
    systems: await systemsMonitoring(ctx.db, organisationId, systems, period, now),
  };
}

/** A system's own error view: `GET /apis/v1/monitoring`. Nothing of another system. */
export async function ownMonitoring(db: Executor, system: AuthenticatedSystem, query: MonitoringQuery, now = new Date()): Promise<SystemMonitoringView> {
  const period = monitoringPeriod(query, now);
  const [view] = await systemsMonitoring(db, system.organisationId, [{ id: system.id, name: system.name, kind: system.kind, status: 'active' }], period, now);
  return { from: period.from, to: period.to, generatedAt: now.toISOString(), system: view! };
}
