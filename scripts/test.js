#!/usr/bin/env node
// Runs every test file once with Node's test runner. Storage tests run on PGlite and, when a
// PostgreSQL server answers (DATABASE_URL, or 127.0.0.1:5432 as on CI), on PostgreSQL too.
// Ends with what was left out: tests skipped for a missing program (with the command that installs
// it), fallbacks used in its place, PostgreSQL not reached. KUVERT_TEST_REQUIRE_ALL=1 (set by CI)
// turns any of these into a failure.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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

// the longest files first (the browser suites, then the ones that kill servers or run commands), so that
// the short ones fill both lanes at the end instead of one long suite running alone
const weight = (file) => (file.startsWith('test/web/') ? 2 : /^test\/(reliability|cli)\//.test(file) ? 1 : 0);
const files = process.argv.slice(2).length ? process.argv.slice(2)
  : testFiles(join(root, 'test')).sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
// the browser suites would each build a stale web app, at the same time: built once here instead
if (files.some((file) => file.replaceAll('\\', '/').includes('test/web/'))) {
  const { buildWeb, isStale } = await import('../web/build-if-stale.mjs');
  if (isStale()) {
    process.stderr.write('Building the web portal (web/ → web/dist) …\n');
    await buildWeb();
  }
}
const scratch = mkdtempSync(join(tmpdir(), 'kuvert-test-run-'));
const summaryFile = join(scratch, 'summary.json');
env.KUVERT_TEST_NOTES = join(scratch, 'notes.jsonl');
// a migrated PGlite with the demo data, made by the first test that needs one and copied for the others (test/helpers/pglite-template.ts)
env.KUVERT_TEST_PGLITE_TEMPLATE ??= join(scratch, 'pglite-template');
const reporters = [
  '--test-reporter', process.stdout.isTTY ? 'spec' : 'tap', '--test-reporter-destination', 'stdout',
  '--test-reporter', './scripts/test-summary.js', '--test-reporter-destination', summaryFile,
];
// two files at a time on a 2-core machine, up to four where there are more cores (browser suites and servers are CPU-bound)
const concurrency = Math.max(2, Math.min(4, availableParallelism()));
const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...reporters, ...files], { cwd: root, env, stdio: 'inherit' });
child.on('exit', (code, signal) => {
  let exitCode = code ?? (signal ? 1 : 0);
  const leftOut = whatWasLeftOut();
  const requireAll = process.env.KUVERT_TEST_REQUIRE_ALL === '1';
  if (requireAll && leftOut.length) {
    process.stdout.write('KUVERT_TEST_REQUIRE_ALL=1: every program and PostgreSQL must be there, so what was left out fails the run\n');
    exitCode ||= 1;
  }
  rmSync(scratch, { recursive: true, force: true });
  process.exit(exitCode);
});

/** Prints the counts and, as the last line, what was skipped or replaced and why; returns those items. */
function whatWasLeftOut() {
  const read = (file) => { try { return readFileSync(file, 'utf8'); } catch { return ''; } };
  const { counts, skips } = JSON.parse(read(summaryFile) || '{"counts":null,"skips":{}}');
  const fallbacks = [...new Set(read(env.KUVERT_TEST_NOTES).split('\n').filter(Boolean).map((line) => JSON.parse(line).fallback))];
  const items = [
    ...Object.entries(skips).map(([reason, { tests, suites }]) => {
      const what = [tests && `${tests} test${tests === 1 ? '' : 's'}`, suites.length && `${suites.length} test suite${suites.length === 1 ? '' : 's'} (${suites.map((name) => `“${name}”`).join(', ')})`].filter(Boolean).join(' and ');
      return `${what} skipped: ${reason}`;
    }),
    ...fallbacks,
    ...(env.TEST_DATABASE_URL ? [] : ['storage tests ran on PGlite only: no PostgreSQL answered on 127.0.0.1:5432 (set TEST_DATABASE_URL)']),
  ];
  if (counts) process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  process.stdout.write(items.length ? `left out: ${items.join('; ')}\n` : 'left out: nothing — every program the tests use is installed and PostgreSQL answered\n');
  return items;
}
