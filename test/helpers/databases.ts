import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Kuvert, StartOptions } from '../../src/server.ts';
import { fromTemplate } from './pglite-template.ts';

export interface TestDatabase {
  name: 'PGlite' | 'PostgreSQL';
  /** configuration for a fresh, empty database of this kind */
  config(overrides?: Partial<Config>): TestTarget;
}

export interface TestTarget {
  config: Config;
  schema?: string;
  /** removes the database (PostgreSQL schema or PGlite folder) */
  drop(): Promise<void>;
}

/** PGlite always; PostgreSQL too when scripts/test.js found a server (TEST_DATABASE_URL). */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{
    name: 'PGlite',
    config(overrides = {}) {
      const dataDir = mkdtempSync(join(tmpdir(), 'kuvert-test-'));
      return {
        config: { ...loadConfig({}), dataDir, demoData: true, jobPollMs: 50, ...overrides },
        drop: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
  }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    list.push({
      name: 'PostgreSQL',
      config(overrides = {}) {
        const schema = `kuvert_test_${randomBytes(6).toString('hex')}`;
        const dataDir = mkdtempSync(join(tmpdir(), 'kuvert-test-'));
        return {
          config: { ...loadConfig({}), databaseUrl: url, dataDir, demoData: true, jobPollMs: 50, dbPoolSize: 4, ...overrides },
          schema,
          drop: async () => {
            rmSync(dataDir, { recursive: true, force: true });
            const client = new pg.Client({ connectionString: url });
            await client.connect();
            try { await client.query(`drop schema if exists ${schema} cascade`); } finally { await client.end(); }
          },
        };
      },
    });
  }
  return list;
}

/** A running Kuvert (not listening; use app.inject) on a fresh database with demo data. */
export async function startTestKuvert(database: TestDatabase, overrides: Partial<Config> = {}, options: StartOptions = {}): Promise<Kuvert & { drop(): Promise<void> }> {
  const target = database.config(overrides);
  // a fresh embedded database with the demo data is a copy of the run's template (test/helpers/pglite-template.ts)
  if (database.name === 'PGlite' && target.config.demoData && !options.memory) await fromTemplate(target.config.dataDir);
  const { startKuvert } = await import('../../src/server.ts');
  const kuvert = await startKuvert(target.config, { listen: false, logger: false, ...options, ...(target.schema ? { schema: target.schema } : {}) });
  return {
    ...kuvert,
    async close() { await kuvert.close(); },
    async drop() { await kuvert.close(); await target.drop(); },
  };
}
