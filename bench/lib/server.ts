import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { childPids } from './cpu.ts';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerMemory {
  /** VmHWM: the peak resident set size of the process so far */
  peakRssMb: number;
  /** VmRSS: resident set size now */
  rssMb: number;
}

export interface ServerProcess {
  pid: number;
  url: string;
  /** reads /proc/<pid>/status; undefined where there is no /proc */
  memory(): ServerMemory | undefined;
  /** how the process ended, undefined while it runs */
  exit(): string | undefined;
  /** the last lines the server wrote (for error messages) */
  output(): string;
  /** SIGTERM (graceful: the server closes its store), SIGKILL after `graceMs`; safe to call twice */
  stop(graceMs?: number): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ownMemory(pid: number): ServerMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakRssMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

/** The server's memory with its HTTP workers (WORKERS > 1) added: the sum of their peaks. */
function readMemory(pid: number): ServerMemory | undefined {
  const own = ownMemory(pid);
  if (!own) return undefined;
  return childPids(pid).map(ownMemory).reduce<ServerMemory>((sum, m) => m ? { peakRssMb: sum.peakRssMb + m.peakRssMb, rssMb: sum.rssMb + m.rssMb } : sum, own);
}

const running = new Set<ChildProcess>();
// last resort if the bench dies without its cleanup: never leave a server behind
process.once('exit', () => { for (const child of running) child.kill('SIGKILL'); });

/**
 * Runs `node bin/kuvert.js serve` as a child process (its own event loop and heap) on a free port and
 * waits until /health answers. `env` is added to this process's environment; DATABASE_URL,
 * DATABASE_SCHEMA and DATA_DIR are taken only from `env`.
 */
export async function startServer(options: { env: Record<string, string>; nodeArgs?: string[]; readyTimeoutMs?: number }): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA', 'DATA_DIR', 'PUBLIC_URL']) delete env[name];
  Object.assign(env, { HOST: '127.0.0.1', PORT: String(port), SMTP_PORT: '0', SYSTEM_TLS_PORT: '0', LOG_LEVEL: 'warn', DEMO_DATA: 'true' }, options.env);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), 'bin/kuvert.js', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString('utf8')).slice(-8000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let hasExited = false;
  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    running.delete(child);
    hasExited = true;
    exitInfo = signal ? `killed by ${signal}` : `exit code ${code}`;
    resolve();
  }));

  const url = `http://127.0.0.1:${port}`;
  const stop = async (graceMs = 30_000) => {
    if (hasExited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (hasExited) throw new Error(`the server exited before it was ready (${exitInfo}):\n${output}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop(2000);
      throw new Error(`the server did not answer /health within ${options.readyTimeoutMs ?? 60_000} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { pid: child.pid!, url, memory: () => readMemory(child.pid!), exit: () => exitInfo, output: () => output, stop };
}
