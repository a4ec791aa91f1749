import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';

/**
 * Where a command reads its settings and writes its output: the process's own, or those given to
 * `runKuvert` (src/cli/program.ts) when the command line runs inside another program (the tests).
 */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

const given = new AsyncLocalStorage<CliIo>();

const processIo: CliIo = {
  get env() { return process.env; },
  get cwd() { return process.cwd(); },
  stdout: (text) => { process.stdout.write(text); },
  stderr: (text) => { process.stderr.write(text); },
};

export const withIo = <R>(io: CliIo, run: () => R): R => given.run(io, run);

const current = (): CliIo => given.getStore() ?? processIo;
export const env = (): NodeJS.ProcessEnv => current().env;
export const stdout = (text: string): void => current().stdout(text);
export const stderr = (text: string): void => current().stderr(text);
/** A path from the command line, against the directory the command was started in. */
export const fromCwd = (path: string): string => resolve(current().cwd, path);
