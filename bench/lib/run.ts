/** What every benchmark script needs around its measurements: flags, logging, guaranteed clean-up. */

export const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

export function intFlag(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

export function log(line: string): void { process.stderr.write(`${line}\n`); }

export async function timed<T>(what: string, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  log(`${what} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return result;
}

export interface RunGuard {
  /** steps run in reverse order at the end, on failure, Ctrl-C or the time limit */
  cleanups: Array<() => Promise<void>>;
  /** aborted when the run is stopped early */
  signal: AbortSignal;
  cleanupAll(): Promise<void>;
}

/** Clean-up even on failure, Ctrl-C or after `maxSeconds`: a benchmark never leaves a server or schema behind. */
export function guardRun(maxSeconds: number): RunGuard {
  const cleanups: Array<() => Promise<void>> = [];
  const abort = new AbortController();
  const cleanupAll = async () => {
    while (cleanups.length) {
      const step = cleanups.pop()!;
      try { await step(); } catch (err) { log(`cleanup: ${(err as Error).message}`); }
    }
  };
  const bailOut = (reason: string, code: number) => {
    log(`\n${reason}: stopping and cleaning up`);
    abort.abort();
    void cleanupAll().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => bailOut('interrupted', 130));
  process.once('SIGTERM', () => bailOut('terminated', 143));
  setTimeout(() => bailOut(`time limit of ${maxSeconds} s reached (--max-seconds)`, 2), maxSeconds * 1000).unref();
  return { cleanups, signal: abort.signal, cleanupAll };
}

/** Runs a benchmark's main: its result is the exit code; a failure is logged; clean-up always runs (unless a bail-out already does it). */
export async function runMain(main: () => Promise<number>, guard: Pick<RunGuard, 'signal' | 'cleanupAll'>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (err) {
    if (!guard.signal.aborted) {
      log(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      process.exitCode = 1;
    }
  } finally {
    if (!guard.signal.aborted) await guard.cleanupAll();
  }
}
