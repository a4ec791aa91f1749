import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.ts';

/**
 * A PGlite data folder with every migration run (and the demo data, or none), made once per test run and
 * copied for each test that starts Kuvert on a fresh embedded database: creating a PGlite cluster and
 * migrating it is most of what such a start costs (seconds, against milliseconds for the copy).
 *
 * scripts/test.js names the folder (KUVERT_TEST_PGLITE_TEMPLATE, inside its scratch folder, removed at
 * the end); the first test process that needs it makes it while holding `<folder>.lock`, the others
 * wait for it. Without the variable (a test file run on its own with node --test) every start is fresh.
 * What differs between starts is left out of the copy: the data-folder lock, the operator credentials a
 * running server leaves, and the gateway's keys, which carry MAIL_DOMAIN.
 */
const LEFT_OUT = new Set(['kuvert.lock', 'operator.json', 'gateway']);
const WAIT_MS = 10 * 60_000;

/** `demo`: with the demo data (DEMO_DATA=true); `empty`: migrated, no data (DEMO_DATA=false). */
export type TemplateKind = 'demo' | 'empty';
const ready = new Map<TemplateKind, Promise<string | undefined>>();

async function make(folder: string, kind: TemplateKind): Promise<string | undefined> {
  const lock = `${folder}.lock`;
  try {
    mkdirSync(lock);
  } catch {
    // another test process makes it
    for (const started = Date.now(); Date.now() - started < WAIT_MS; await sleep(200)) if (existsSync(folder)) return folder;
    return undefined;
  }
  const building = `${folder}.building`;
  try {
    const { startKuvert } = await import('../../src/server.ts');
    const kuvert = await startKuvert({ ...loadConfig({}), dataDir: building, demoData: kind === 'demo', jobPollMs: 50 }, { listen: false, logger: false });
    await kuvert.close();
    for (const name of readdirSync(building)) if (LEFT_OUT.has(name)) rmSync(join(building, name), { recursive: true, force: true });
    renameSync(building, folder);
    return folder;
  } catch (err) {
    rmSync(building, { recursive: true, force: true });
    process.stderr.write(`the PGlite template could not be made, every test database starts fresh: ${(err as Error).message}\n`);
    return undefined;
  }
}

/** The template folder, made if this is the first process to ask; undefined when there is none to use. */
export function pgliteTemplate(kind: TemplateKind): Promise<string | undefined> {
  const base = process.env.KUVERT_TEST_PGLITE_TEMPLATE;
  if (!base) return Promise.resolve(undefined);
  const folder = `${base}-${kind}`;
  let made = ready.get(kind);
  if (!made) ready.set(kind, made = existsSync(folder) ? Promise.resolve(folder) : make(folder, kind));
  return made;
}

/** Fills an empty data folder from the template, if there is one; whether it did. */
export async function fromTemplate(dataDir: string, kind: TemplateKind = 'demo'): Promise<boolean> {
  const template = await pgliteTemplate(kind);
  if (!template) return false;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  cpSync(template, dataDir, { recursive: true });
  return true;
}
