import { performance } from 'node:perf_hooks';
import { Presets, SingleBar } from 'cli-progress';

export interface LoadResult {
  count: number;
  seconds: number;
  /** per task, milliseconds, in completion order */
  latenciesMs: number[];
  errors: number;
  firstErrors: string[];
}

export interface LoadOptions {
  /** tasks in flight at once */
  concurrency: number;
  signal?: AbortSignal;
  /** stop early after this many failed tasks (the run is broken, not slow) */
  maxErrors?: number;
  /** called after each task, done or failed */
  onDone?: () => void;
}

/** Runs task(from) … task(to-1) with `concurrency` workers; times each task and the whole. */
export async function runLoad(from: number, to: number, task: (i: number) => Promise<void>, options: LoadOptions): Promise<LoadResult> {
  const count = to - from;
  const latenciesMs: number[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let next = from;
  const maxErrors = options.maxErrors ?? 20;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      if (options.signal?.aborted || errors >= maxErrors) return;
      const i = next++;
      if (i >= to) return;
      const t0 = performance.now();
      try {
        await task(i);
        latenciesMs.push(performance.now() - t0);
      } catch (err) {
        errors += 1;
        if (firstErrors.length < 5) firstErrors.push(err instanceof Error ? err.message : String(err));
      }
      options.onDone?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, Math.max(1, count)) }, worker));
  const seconds = (performance.now() - started) / 1000;
  if (options.signal?.aborted) throw new Error('aborted');
  if (errors >= maxErrors) errors += Math.max(0, to - next); // tasks never started count as failed
  return { count, seconds, latenciesMs, errors, firstErrors };
}

/** Sums the results of several slices of one run. */
export function mergeLoads(results: readonly LoadResult[]): LoadResult {
  return {
    count: results.reduce((a, r) => a + r.count, 0),
    seconds: results.reduce((a, r) => a + r.seconds, 0),
    latenciesMs: results.flatMap((r) => r.latenciesMs),
    errors: results.reduce((a, r) => a + r.errors, 0),
    firstErrors: results.flatMap((r) => r.firstErrors).slice(0, 5),
  };
}

/** A progress bar on stderr (a line every 5 s when stderr is not a terminal). */
export function progressBar(total: number): { tick(phase: string): void; stop(): void } {
  const bar = new SingleBar({
    format: '{phase} [{bar}] {percentage}% | {value}/{total} | ETA {eta}s',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  }, Presets.shades_classic);
  let done = 0;
  bar.start(total, 0, { phase: ''.padEnd(20) });
  return {
    tick(phase) { bar.update(++done, { phase: phase.padEnd(20) }); },
    stop() { bar.stop(); },
  };
}

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const rank = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[rank]!;
}

export interface LoadSummary {
  messages: number;
  seconds: number;
  msgPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
}

export function summarize(result: LoadResult): LoadSummary {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const ok = result.latenciesMs.length;
  return {
    messages: ok,
    seconds: result.seconds,
    msgPerSec: ok / result.seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? NaN,
    errors: result.errors,
  };
}
