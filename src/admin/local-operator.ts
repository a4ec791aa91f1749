import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OperatorCredentials } from './operator-keys.ts';

/**
 * `DATA_DIR/operator.json`: how operator commands reach the server that holds the embedded database
 * (docs/admin.md, "Operator commands while a server runs"). Written by the server at start, readable
 * by its user only, removed when it stops.
 */
export const LOCAL_OPERATOR_FILE = 'operator.json';

export interface LocalOperator extends OperatorCredentials {
  /** the server's own address on this machine */
  url: string;
}

/** The address a server listening on `host:port` answers on this machine. */
export function localUrl(host: string, port: number): string {
  if (host === '' || host === '0.0.0.0') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

export async function writeLocalOperator(dataDir: string, operator: LocalOperator): Promise<void> {
  const file = join(dataDir, LOCAL_OPERATOR_FILE);
  const part = `${file}.${process.pid}.part`;
  await writeFile(part, `${JSON.stringify({ url: operator.url, name: operator.name, secret: operator.secret })}\n`, { mode: 0o600 });
  await rename(part, file);
}

export async function removeLocalOperator(dataDir: string): Promise<void> {
  await rm(join(dataDir, LOCAL_OPERATOR_FILE), { force: true });
}

/** The credentials a running server left, or undefined when there are none (or they are unreadable). */
export async function readLocalOperator(dataDir: string): Promise<LocalOperator | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, LOCAL_OPERATOR_FILE), 'utf8')) as Partial<LocalOperator>;
    if (typeof parsed.url !== 'string' || typeof parsed.name !== 'string' || typeof parsed.secret !== 'string') return undefined;
    return { url: parsed.url, name: parsed.name, secret: parsed.secret };
  } catch {
    return undefined;
  }
}
