import { readFileSync } from 'node:fs';
import { childPids, machineCpuMs } from './cpu.ts';

/** Linux reports process CPU time in clock ticks; USER_HZ is 100 on every mainstream Linux build. */
const TICK_MS = 10;

/** utime + stime + cutime + cstime of one process: its own CPU and that of its children it has reaped. */
function withReapedMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS; // fields 14-17 of the whole line
  } catch {
    return undefined;
  }
}

/**
 * CPU ms of a process tree, including its children that have already exited: each live process's own
 * time plus what its reaped children used. A daemon that forks short-lived workers (Postfix's master,
 * Dovecot's master) is measured completely as long as the root lives. undefined when the root is gone.
 */
export function treeCpuMs(root: number): number | undefined {
  const own = withReapedMs(root);
  if (own === undefined) return undefined;
  let total = own;
  const todo = childPids(root);
  const seen = new Set<number>([root]);
  while (todo.length) {
    const pid = todo.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += withReapedMs(pid) ?? 0;
    todo.push(...childPids(pid));
  }
  return total;
}

export interface TreeCpuUse {
  /** CPU ms per message by named process tree (undefined where a root could not be read) */
  perMessage: Record<string, number | undefined>;
  benchMs: number;
  machineBusy?: number;
}

/** Like CpuMeter (cpu.ts), for named process trees (e.g. postfix, dovecot) and this process, over any number of intervals. */
export class TreeCpuMeter {
  private readonly sums = new Map<string, number | undefined>();
  private bench = 0;
  private busy: number | undefined = 0;
  private all = 0;
  private start: { trees: Map<string, number | undefined>; self: number; machine?: { busy: number; total: number } } | undefined;

  constructor(private readonly roots: () => Record<string, number | undefined>) {}

  private snapshot() {
    const trees = new Map<string, number | undefined>();
    for (const [name, pid] of Object.entries(this.roots())) trees.set(name, pid === undefined ? undefined : treeCpuMs(pid));
    const usage = process.cpuUsage();
    return { trees, self: (usage.user + usage.system) / 1000, machine: machineCpuMs() };
  }

  begin(): void { this.start = this.snapshot(); }

  end(): void {
    const a = this.start;
    if (!a) return;
    const b = this.snapshot();
    for (const [name, before] of a.trees) {
      const after = b.trees.get(name);
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

  perMessage(messages: number): TreeCpuUse {
    const m = Math.max(1, messages);
    const perMessage: Record<string, number | undefined> = {};
    for (const [name, ms] of this.sums) perMessage[name] = ms === undefined ? undefined : ms / m;
    const use: TreeCpuUse = { perMessage, benchMs: this.bench / m };
    if (this.busy !== undefined && this.all > 0) use.machineBusy = this.busy / this.all;
    return use;
  }
}
