import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process CPU time in clock ticks; USER_HZ is 100 on every mainstream Linux build. */
const TICK_MS = 10;

/** utime + stime of a process in ms; `withReaped` adds its children that have exited (cutime + cstime). */
function statCpuMs(pid: number | 'self', withReaped = false): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number); // f[11] is field 14 of the whole line
    return (f[11]! + f[12]! + (withReaped ? f[13]! + f[14]! : 0)) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** The process's live children (e.g. the HTTP workers of `WORKERS=2`), from /proc/<pid>/task/<pid>/children. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** utime + stime in ms of a process and its live children; undefined when it is gone or there is no /proc. */
export function processCpuMs(pid: number | 'self'): number | undefined {
  const own = statCpuMs(pid);
  if (own === undefined || pid === 'self') return own;
  return childPids(pid).reduce((sum, child) => sum + (statCpuMs(child) ?? 0), own);
}

/**
 * CPU ms of a process tree, including children that have already exited: each live process's own time
 * plus what its reaped children used. A daemon that forks short-lived workers (Postfix's master,
 * Dovecot's master) is measured completely as long as the root lives. undefined when the root is gone.
 */
export function treeCpuMs(root: number): number | undefined {
  const own = statCpuMs(root, true);
  if (own === undefined) return undefined;
  let total = own;
  const todo = childPids(root);
  const seen = new Set<number>([root]);
  while (todo.length) {
    const pid = todo.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += statCpuMs(pid, true) ?? 0;
    todo.push(...childPids(pid));
  }
  return total;
}

/** CPU ms of all processes called `postgres` (the server and every backend, whoever they serve). */
export function postgresCpuMs(): number | undefined {
  let total = 0;
  let found = false;
  let dirs: string[];
  try { dirs = readdirSync('/proc'); } catch { return undefined; }
  for (const dir of dirs) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const stat = readFileSync(`/proc/${dir}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      found = true;
    } catch { /* exited meanwhile */ }
  }
  return found ? total : undefined;
}

/** Busy and total CPU ms of the whole machine (all cores), from /proc/stat. */
export function machineCpuMs(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = ticks[3]! + ticks[4]!;
    return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
  } catch {
    return undefined;
  }
}

/** CPU ms read now, by name (a server, all postgres processes, a process tree …); undefined where unreadable. */
export type CpuReadings = Record<string, number | undefined>;

/** The readings of the Kuvert server (with its HTTP workers) and, if counted, of all postgres processes. */
export function serverAndPostgres(serverPid: number | undefined, countPostgres: boolean): () => CpuReadings {
  return () => ({
    ...(serverPid !== undefined ? { server: processCpuMs(serverPid) } : {}),
    ...(countPostgres ? { postgres: postgresCpuMs() } : {}),
  });
}

export interface CpuUse {
  /** CPU ms per message by reading name (undefined where a process could not be read throughout) */
  perMessage: Record<string, number | undefined>;
  /** this process */
  benchMs: number;
  /** share of all cores busy during the measured time (any process) */
  machineBusy?: number;
}

interface Snapshot { readings: CpuReadings; self: number; machine: { busy: number; total: number } | undefined }

/** Adds up the CPU used between begin() and end(), over any number of intervals. */
export class CpuMeter {
  private readonly sums = new Map<string, number | undefined>();
  private bench = 0;
  private busy: number | undefined = 0;
  private all = 0;
  private start: Snapshot | undefined;

  constructor(private readonly read: () => CpuReadings) {}

  private snapshot(): Snapshot {
    const usage = process.cpuUsage();
    return { readings: this.read(), self: (usage.user + usage.system) / 1000, machine: machineCpuMs() };
  }

  begin(): void { this.start = this.snapshot(); }

  end(): void {
    const a = this.start;
    if (!a) return;
    const b = this.snapshot();
    for (const [name, before] of Object.entries(a.readings)) {
      const after = b.readings[name];
      const sum = this.sums.has(name) ? this.sums.get(name) : 0;
      this.sums.set(name, before === undefined || after === undefined || sum === undefined ? undefined : sum + (after - before));
    }
    this.bench += b.self - a.self;
    if (a.machine && b.machine && this.busy !== undefined) {
      this.busy += b.machine.busy - a.machine.busy;
      this.all += b.machine.total - a.machine.total;
    } else {
      this.busy = undefined;
    }
    this.start = undefined;
  }

  perMessage(messages: number): CpuUse {
    const m = Math.max(1, messages);
    const perMessage: Record<string, number | undefined> = {};
    for (const [name, ms] of this.sums) perMessage[name] = ms === undefined ? undefined : ms / m;
    const use: CpuUse = { perMessage, benchMs: this.bench / m };
    if (this.busy !== undefined && this.all > 0) use.machineBusy = this.busy / this.all;
    return use;
  }
}
