#!/usr/bin/env node
// Builds the portal (web/ → web/dist) when web/dist is missing or older than its sources.
// `npm start` runs it first (prestart); it costs a few stat calls when the build is up to date.
// `--force` always builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('.', import.meta.url));
const built = join(web, 'dist', 'index.html');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export function isStale() {
  if (!existsSync(built)) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(web, p)).filter((p) => existsSync(p));
  return Math.max(...sources.map(newest)) > statSync(built).mtimeMs;
}

export async function buildWeb() {
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.ts'), root: web, logLevel: 'warn' });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--force') || isStale()) {
    process.stderr.write('Building the web portal (web/ → web/dist) …\n');
    await buildWeb();
    process.stderr.write('Web portal built.\n');
  }
}
