import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process CPU time in clock ticks; USER_HZ is 100 on every mainstream Linux build. */
const TICK_MS = 10;

function ownCpuMs(pid: number | 'self'): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // fields 14 and 15 of the whole line
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
  const own = ownCpuMs(pid);
  if (own === undefined || pid === 'self') return own;
  return childPids(pid).reduce((sum, child) => sum + (ownCpuMs(child) ?? 0), own);
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

export interface CpuSnapshot { server?: number; postgres?: number; self: number; machine?: { busy: number; total: number } }

export function cpuSnapshot(serverPid?: number): CpuSnapshot {
  const usage = process.cpuUsage();
  return {
    ...(serverPid !== undefined ? { server: processCpuMs(serverPid) } : {}),
    postgres: postgresCpuMs(),
    self: (usage.user + usage.system) / 1000,
    machine: machineCpuMs(),
  };
}

export interface CpuUse {
  /** CPU ms per message */
  serverMs?: number;
  postgresMs?: number;
  benchMs: number;
  /** share of all cores busy during the measured time (any process) */
  machineBusy?: number;
}

/** Adds up the CPU used between begin() and end(), over any number of intervals. */
export class CpuMeter {
  private server: number | undefined = 0;
  private postgres: number | undefined = 0;
  private bench = 0;
  private busy: number | undefined = 0;
  private all = 0;
  private start: CpuSnapshot | undefined;

  constructor(private readonly serverPid?: number, private readonly countPostgres = true) {}

  begin(): void { this.start = cpuSnapshot(this.serverPid); }

  end(): void {
    const a = this.start;
    if (!a) return;
    const b = cpuSnapshot(this.serverPid);
    const diff = (x: number | undefined, y: number | undefined, sum: number | undefined) =>
      (x === undefined || y === undefined || sum === undefined ? undefined : sum + (y - x));
    this.server = this.serverPid === undefined ? undefined : diff(a.server, b.server, this.server);
    this.postgres = this.countPostgres ? diff(a.postgres, b.postgres, this.postgres) : undefined;
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
    const use: CpuUse = { benchMs: this.bench / m };
    if (this.server !== undefined) use.serverMs = this.server / m;
    if (this.postgres !== undefined) use.postgresMs = this.postgres / m;
    if (this.busy !== undefined && this.all > 0) use.machineBusy = this.busy / this.all;
    return use;
  }
}
