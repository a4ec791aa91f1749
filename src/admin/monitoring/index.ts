import { compactAllSendCounts, JobDeferred, pruneSendMonitoring, type JobHandler } from '../../store/index.ts';
import { danishDate } from '../../domain/index.ts';
import { MONITORING_MAX_DAYS } from '../../contract/index.ts';

/**
 * The sender's error view (docs/monitoring.md): what each system sent and how it was answered, per
 * Danish day, status and error code; its last refusals in plain words with what to change; letters to
 * recipients who became exempt or closed; a recipient system's waiting letters and FAILED receipts.
 */
export { monitoringPeriod, organisationMonitoring, ownMonitoring, MONITORING_LIST_LIMIT, type MonitoringPeriod } from './view.ts';
export { ISSUE_EXPLANATIONS, REFUSAL_EXPLANATIONS, UNREACHABLE_EXPLANATIONS } from './explanations.ts';

/** The job that folds the send counts and removes what is older than the retention; one, made by migration 015, runs for ever. */
export const MONITORING_JOB = 'monitoring.compact';
/** Counts and refusals older than this many days are removed (the longest period a view shows, and a day). */
export const MONITORING_RETENTION_DAYS = MONITORING_MAX_DAYS + 1;
const COMPACT_MS = 30_000;
const PRUNE_MS = 3600_000;

/** Job handler: compacts the counts (every `everyMs`), removes old rows (at most hourly), then runs again (the same job row, never done). */
export function monitoringCompactionHandler(everyMs = COMPACT_MS): JobHandler {
  let prunedAt = 0;
  return async (_job, db) => {
    await compactAllSendCounts(db);
    if (Date.now() - prunedAt >= PRUNE_MS) {
      const before = new Date(Date.now() - MONITORING_RETENTION_DAYS * 86_400_000);
      await pruneSendMonitoring(db, before, danishDate(before));
      prunedAt = Date.now();
    }
    throw new JobDeferred(new Date(Date.now() + everyMs), 'periodic: compacts the send counts again at run_at');
  };
}
