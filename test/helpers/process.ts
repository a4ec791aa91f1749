import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { fromTemplate } from './pglite-template.ts';

/** The repository root, where `bin/kuvert.js` lives. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The environment a Kuvert child starts from: this process's, without anything that would point it at
 * another database, server or system, or make it think it runs under the test runner.
 */
export function cleanEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(base)) {
    if (/^(KUVERT_|NODE_TEST)/.test(name)) delete base[name];
  }
  for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA', 'DATA_DIR', 'DEMO_DATA', 'PORT', 'HOST', 'PUBLIC_URL', 'LOG_LEVEL', 'DB_POOL_SIZE', 'JOB_POLL_MS', 'EVENT_CHAINS', 'BODY_LIMIT_MB', 'SMTP_PORT', 'SMTP_ENABLED', 'SMTP_URL', 'MAIL_DOMAIN', 'JOB_LEASE_SECONDS', 'SYSTEM_TLS_PORT', 'SYSTEM_TLS_HOST', 'SYSTEM_TLS_ENABLED']) {
    delete base[name];
  }
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete base[name];
    else base[name] = value;
  }
  return base;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const children = new Set<ChildProcess>();

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => { child.off('exit', done); resolve(false); }, ms);
    function done() { clearTimeout(timer); resolve(true); }
    child.once('exit', done);
  });
}

// never leave a server behind, whatever happens to the test process
process.once('exit', () => {
  for (const child of children) if (!exited(child)) child.kill('SIGKILL');
});

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** everything the server wrote to stdout and stderr so far */
  output(): string;
  /** kills at once (SIGKILL by default) and waits until the process is gone */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (a clean shutdown), SIGKILL after `graceMs` */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node bin/kuvert.js serve` on a free port of 127.0.0.1 with the given environment
 * (on top of cleanEnv()) and resolves once `GET /health` answers 200.
 */
export async function startServer(env: Record<string, string | undefined>, options: { timeoutMs?: number } = {}): Promise<ServerProcess> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  // a fresh embedded database with the demo data starts as a copy of the run's template (test/helpers/pglite-template.ts)
  if ((env.DEMO_DATA === 'true' || env.DEMO_DATA === 'false') && !env.DATABASE_URL && env.DATA_DIR) await fromTemplate(env.DATA_DIR, env.DEMO_DATA === 'true' ? 'demo' : 'empty');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, ['bin/kuvert.js', 'serve'], {
      cwd: ROOT,
      env: cleanEnv({ LOG_LEVEL: 'warn', SMTP_PORT: '0', SYSTEM_TLS_PORT: '0', ...env, HOST: '127.0.0.1', PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });

    const url = `http://127.0.0.1:${port}`;
    const result = (): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
      waitForExit(child, 0).then(() => ({ code: child.exitCode, signal: child.signalCode }));
    const server: ServerProcess = {
      url, port, pid: child.pid!, child,
      output: () => output,
      async kill(signal = 'SIGKILL') {
        if (!exited(child)) child.kill(signal);
        await waitForExit(child, 30_000);
        return result();
      },
      async stop(graceMs = 15_000) {
        if (!exited(child)) child.kill('SIGTERM');
        if (!(await waitForExit(child, graceMs))) {
          child.kill('SIGKILL');
          await waitForExit(child, 30_000);
        }
        return result();
      },
    };

    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exited(child)) break;
      try {
        const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
        if (response.ok) return server;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline) {
        await server.kill();
        throw new Error(`kuvert serve did not answer GET /health within ${timeoutMs} ms:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // the port was taken between freePort() and listen(): try another one
    if (attempt < 3 && /EADDRINUSE/.test(output)) continue;
    throw new Error(`kuvert serve exited (code ${child.exitCode}, signal ${child.signalCode}) before answering:\n${output}`);
  }
}

/** Kills every server child that is still running (for `after`). */
export async function killAllServers(): Promise<void> {
  await Promise.all([...children].map(async (child) => {
    if (!exited(child)) child.kill('SIGKILL');
    await waitForExit(child, 30_000);
  }));
}

export interface RunResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/**
 * Runs `kuvert <args>` (a client or operator command) to the end inside this process, as `bin/kuvert.js`
 * would in its own (src/cli/program.ts, with this environment on top of cleanEnv() and its output
 * collected), one command at a time. Starting a process per command cost seconds each (loading the
 * TypeScript); runKuvertProcess is for the few tests about the process itself.
 */
export async function runKuvert(args: string[], env: Record<string, string | undefined> = {}, options: { cwd?: string } = {}): Promise<RunResult> {
  const previous = inProcess;
  let release!: () => void;
  inProcess = new Promise((resolve) => { release = resolve; });
  await previous;
  try {
    await fromTemplateFor(env);
    const { runKuvert: run } = await import('../../src/cli/program.ts');
    let stdout = '';
    let stderr = '';
    const code = await run(args, {
      env: cleanEnv(env), cwd: options.cwd ?? ROOT,
      stdout: (text) => { stdout += text; },
      stderr: (text) => { stderr += text; },
    });
    return { code, signal: null, stdout, stderr };
  } finally {
    release();
  }
}
let inProcess: Promise<void> = Promise.resolve();

/** Runs `node bin/kuvert.js <args>` as its own process to the end and collects its output. */
export async function runKuvertProcess(args: string[], env: Record<string, string | undefined> = {}, options: { timeoutMs?: number; cwd?: string } = {}): Promise<RunResult> {
  await fromTemplateFor(env);
  return runCommand(process.execPath, ['bin/kuvert.js', ...args], env, { cwd: ROOT, ...options });
}

/** A command on a fresh embedded database finds it made from the run's template (test/helpers/pglite-template.ts). */
async function fromTemplateFor(env: Record<string, string | undefined>): Promise<void> {
  if ((env.DEMO_DATA === 'true' || env.DEMO_DATA === 'false') && !env.DATABASE_URL && env.DATA_DIR) await fromTemplate(env.DATA_DIR, env.DEMO_DATA === 'true' ? 'demo' : 'empty');
}

/** Runs any command to the end (killed after `timeoutMs`) and collects its output. */
export async function runCommand(
  command: string, args: string[], env: Record<string, string | undefined> = {}, options: { timeoutMs?: number; cwd?: string } = {},
): Promise<RunResult> {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  if (signal === 'SIGKILL') stderr += `\n(killed after ${timeoutMs} ms)`;
  return { code, signal, stdout, stderr };
}
