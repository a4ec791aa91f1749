import { sql } from 'kysely';
import type { Db, Executor } from './executor.ts';
import type { Job } from './schema.ts';


export interface NewJob {
  kind: string;
  payload: unknown;
  runAt?: Date;
  maxAttempts?: number;
}

/** Writes work that leaves the process in the same transaction as the change that caused it. */
export async function enqueueJobs(trx: Executor, jobs: NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await trx.insertInto('job').values(jobs.map((job) => ({
    kind: job.kind,
    payload: JSON.stringify(job.payload),
    run_at: job.runAt ?? new Date(),
    ...(job.maxAttempts !== undefined ? { max_attempts: job.maxAttempts } : {}),
  }))).execute();
}

export type JobHandler = (job: Job, db: Db) => Promise<void>;

/** Thrown by a handler whose work has to wait (e.g. forwarding paused): the job runs again at `until`, not counted as a failure. */
export class JobDeferred extends Error {
  constructor(readonly until: Date, reason: string) { super(reason); }
}

export interface WorkerOptions {
  pollMs: number;
  batchSize?: number;
  /** how long a claimed job is reserved before another worker may take it over */
  leaseSeconds?: number;
  /** jobs run at once (they mostly wait on the database and the network) */
  concurrency?: number;
  onError?: (job: Job, err: unknown) => void;
}

/** Exponential backoff: 5 s, 10 s, 20 s … capped at one hour. */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 5 * 2 ** Math.max(0, attempt - 1));
}

async function claim(db: Db, kinds: string[], limit: number, leaseSeconds: number): Promise<Job[]> {
  const result = await sql<Job>`
    update job set state = 'running', attempts = attempts + 1, updated_at = now(),
      locked_until = now() + make_interval(secs => ${leaseSeconds})
    where id in (
      select id from job
      where kind in (${sql.join(kinds)}) and run_at <= now()
        and (state = 'pending' or (state = 'running' and locked_until < now()))
      order by run_at
      limit ${limit}
      for update skip locked)
    returning *`.execute(db);
  return result.rows.map((row) => ({ ...row, payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload }));
}

async function runJob(db: Db, handlers: Record<string, JobHandler>, job: Job, options: Omit<WorkerOptions, 'pollMs'>): Promise<void> {
  try {
    await handlers[job.kind]!(job, db);
    await db.updateTable('job').set({ state: 'done', locked_until: null, last_error: null, updated_at: new Date() }).where('id', '=', job.id).execute();
  } catch (err) {
    if (err instanceof JobDeferred) {
      await db.updateTable('job').set({
        state: 'pending', locked_until: null, attempts: Math.max(0, job.attempts - 1), last_error: err.message, run_at: err.until, updated_at: new Date(),
      }).where('id', '=', job.id).execute();
      return;
    }
    options.onError?.(job, err);
    const dead = job.attempts >= job.max_attempts;
    await db.updateTable('job').set({
      state: dead ? 'dead' : 'pending',
      locked_until: null,
      last_error: err instanceof Error ? err.message : String(err),
      run_at: new Date(Date.now() + backoffSeconds(job.attempts) * 1000),
      updated_at: new Date(),
    }).where('id', '=', job.id).execute();
  }
}

/** Runs due jobs once; returns how many ran. Failed jobs are retried with backoff, then go to `dead`. */
export async function runDueJobs(db: Db, handlers: Record<string, JobHandler>, options: Omit<WorkerOptions, 'pollMs'> = {}): Promise<number> {
  const jobs = await claim(db, Object.keys(handlers), options.batchSize ?? 20, options.leaseSeconds ?? 300);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) await runJob(db, handlers, jobs[next++]!, options);
  };
  await Promise.all(Array.from({ length: Math.min(jobs.length, Math.max(1, options.concurrency ?? 4)) }, lane));
  return jobs.length;
}

export interface Worker { stop(): Promise<void>; wake(): void }

export function startWorker(db: Db, handlers: Record<string, JobHandler>, options: WorkerOptions): Worker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    timer = undefined;
    running = (async () => {
      try {
        while (!stopped && (await runDueJobs(db, handlers, options)) > 0);
      } catch (err) {
        options.onError?.({} as Job, err);
      }
      if (!stopped) timer = setTimeout(tick, options.pollMs);
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    wake() {
      if (timer && !stopped) { clearTimeout(timer); timer = setTimeout(tick, 0); }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** Makes jobs that a crashed process had claimed due again (only where no other process can hold them). */
export async function releaseOrphanedJobs(db: Db): Promise<number> {
  const result = await db.updateTable('job').set({ state: 'pending', locked_until: null, updated_at: new Date() })
    .where('state', '=', 'running').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function retryDeadJob(db: Db, id: number): Promise<boolean> {
  const result = await db.updateTable('job').set({ state: 'pending', attempts: 0, run_at: new Date(), updated_at: new Date() })
    .where('id', '=', id).where('state', '=', 'dead').executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
