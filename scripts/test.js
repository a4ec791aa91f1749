#!/usr/bin/env node
// Runs every test file once with Node's test runner. Storage tests run on PGlite and, when a
// PostgreSQL server answers (DATABASE_URL, or 127.0.0.1:5432 as on CI), on PostgreSQL too.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

function answers(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

const env = { ...process.env };
if (!env.TEST_DATABASE_URL) {
  if (env.DATABASE_URL) env.TEST_DATABASE_URL = env.DATABASE_URL;
  else if (await answers('127.0.0.1', 5432)) env.TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
}
delete env.DATABASE_URL;
process.stderr.write(env.TEST_DATABASE_URL
  ? `storage tests: PGlite and PostgreSQL (${env.TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')})\n`
  : 'storage tests: PGlite only (no PostgreSQL answered on 127.0.0.1:5432; set TEST_DATABASE_URL to add it)\n');

const files = process.argv.slice(2).length ? process.argv.slice(2) : testFiles(join(root, 'test')).sort();
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { cwd: root, env, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
