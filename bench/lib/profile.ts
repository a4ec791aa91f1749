import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

/** Where a frame's code lives: `src/…` file, npm package, `node:` module, or a V8 pseudo-frame like `(garbage collector)`. */
function placeOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName.startsWith('(')) return functionName;
    return `${functionName.startsWith('RegExp: ') ? `${functionName.slice(0, 40)}…` : functionName || '(anonymous)'} [native]`;
  }
  if (url.startsWith('node:')) return url;
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1]!;
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

/** The main thread's profile of process `pid` (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread). */
const SOCKET_WRITES = new Set(['writev', 'writeBuffer', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString']);

/** What a sample was doing, judged from its whole stack (first rule that matches). */
function activityOf(stack: CallFrame[], places: string[]): string {
  const leaf = stack[0]!;
  const has = (test: (place: string) => boolean) => places.some(test);
  if (leaf.functionName === '(garbage collector)') return 'garbage collection';
  if (!leaf.url && SOCKET_WRITES.has(leaf.functionName)) {
    return has((p) => p === 'pg' || p === 'pg-protocol') ? 'socket writes to PostgreSQL (syscalls)' : 'socket writes, HTTP replies (syscalls)';
  }
  if (has((p) => p.startsWith('src/memo/'))) return 'MeMo parse + validate (src/memo)';
  if (stack.some((f) => f.functionName === 'splitDocument' || f.functionName === 'joinDocument')) return 'blob split: base64 + SHA-256 (splitDocument)';
  if (has((p) => p === 'kysely' || p === 'pg' || p === 'pg-protocol' || p === 'pg-pool')) return 'database client (Kysely, pg)';
  if (has((p) => p.startsWith('@electric-sql/pglite') || p.startsWith('wasm://'))) return 'PGlite (JS + WASM)';
  if (places[0] === 'node:internal/encoding') return 'UTF-8 decoding';
  if (places[0] === 'node:internal/crypto/hash') return 'SHA-256 (document, events)';
  if (has((p) => p === 'fastify' || p === 'find-my-way' || p === 'avvio' || p.startsWith('node:_http') || p === 'node:net')) return 'HTTP (fastify, node:http)';
  if (has((p) => p.startsWith('src/'))) return 'other Kuvert code';
  return 'other (Node internals, microtask queue)';
}

export function mainThreadProfile(dir: string, pid: number): string | undefined {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && f.includes(`.${pid}.0.`)).sort();
  return files.length ? join(dir, files.at(-1)!) : undefined;
}

/**
 * Self time by place (file or package) and inclusive time of Kuvert's own functions, from a V8
 * .cpuprofile. `windows` (µs on the monotonic clock, as process.hrtime) limit it to the measured requests.
 */
export function summarizeProfile(file: string, windows: ReadonlyArray<{ fromUs: number; toUs: number }> = [], top = 12): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  let t = profile.startTime;
  // the profile's clock is the monotonic clock process.hrtime reads, so the bench's windows apply (when they overlap it)
  const windowHit = windows.some((w) => profile.endTime >= w.fromUs && profile.startTime <= w.toUs);
  const inWindow = (at: number) => !windowHit || windows.some((w) => at >= w.fromUs && at <= w.toUs);
  const self = new Map<string, number>();
  const activities = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (let k = 0; k < profile.samples.length; k++) {
    t += profile.timeDeltas[k] ?? 0;
    if (!inWindow(t)) continue;
    const dt = profile.timeDeltas[k + 1] ?? 0;
    const leaf = byId.get(profile.samples[k]!)!;
    total += dt;
    if (leaf.callFrame.functionName === '(idle)') { idle += dt; continue; }
    const place = placeOf(leaf.callFrame);
    self.set(place, (self.get(place) ?? 0) + dt);
    const stack: CallFrame[] = [];
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!.callFrame);
    const activity = activityOf(stack, stack.map(placeOf));
    activities.set(activity, (activities.get(activity) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      const where = placeOf(frame);
      if (!where.startsWith('src/')) continue;
      // tsx emits each module on one line, so a column tells anonymous functions apart
      const key = `${frame.functionName || `(anonymous @${frame.lineNumber + 1}:${frame.columnNumber + 1})`}  ${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  }
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / Math.max(1, busy)).toFixed(1).padStart(5)} %`;
  const lines = [
    `server CPU profile ${file}`,
    `  ${(total / 1e6).toFixed(1)} s sampled${windowHit ? ' (measured API requests only)' : ' (whole server life)'}, ${(busy / 1e6).toFixed(1)} s on CPU (${((100 * busy) / Math.max(1, total)).toFixed(0)} % of one core); shares of CPU time:`,
    '  by activity (whole stack):',
    ...[...activities].filter(([, us]) => us > 0).sort((a, b) => b[1] - a[1]).map(([what, us]) => `    ${pct(us)}  ${what}`),
    '  self time by place:',
    ...[...self].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([place, us]) => `    ${pct(us)}  ${place}`),
    '  inclusive time of Kuvert functions (synchronous stacks only: time after an await is not counted):',
    ...[...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, us]) => `    ${pct(us)}  ${fn}`),
  ];
  return lines.join('\n');
}
