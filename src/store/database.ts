import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, Migrator, PostgresDialect, sql, type DatabaseIntrospector, type Migration, type SchemaMetadata, type TableMetadata } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { lockDataDir } from './data-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';
import * as initial from './migrations/001_initial.ts';
import * as portal from './migrations/002_portal.ts';
import * as gateway from './migrations/003_gateway.ts';
import * as replyColumns from './migrations/004_reply_columns.ts';
import * as systems from './migrations/005_systems.ts';
import * as registry from './migrations/006_registry.ts';
import * as administration from './migrations/007_administration.ts';
import * as defaultSender from './migrations/008_default_sender.ts';
import * as materials from './migrations/009_materials.ts';
import * as rules from './migrations/010_rules.ts';
import * as notifications from './migrations/011_notifications.ts';
import * as statistics from './migrations/012_statistics.ts';
import * as emptying from './migrations/013_emptying.ts';
import * as audit from './migrations/016_audit.ts';
import * as search from './migrations/017_search.ts';
import * as drafts from './migrations/018_drafts.ts';
import * as systemCertificates from './migrations/014_system_certificates.ts';
import * as sendMonitoring from './migrations/015_send_monitoring.ts';

export type { Db, Executor } from './executor.ts';
import type { Db } from './executor.ts';

export interface Store {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const migrations: Record<string, Migration> = {
  '001_initial': initial,
  '002_portal': portal,
  '003_gateway': gateway,
  '004_reply_columns': replyColumns,
  '005_systems': systems,
  '006_registry': registry,
  '007_administration': administration,
  '008_default_sender': defaultSender,
  '009_materials': materials,
  '010_rules': rules,
  '011_notifications': notifications,
  '012_statistics': statistics,
  '013_emptying': emptying,
  '014_system_certificates': systemCertificates,
  '015_send_monitoring': sendMonitoring,
  '016_audit': audit,
  '017_search': search,
  '018_drafts': drafts,
};

const INT8 = 20;
const BYTEA = 17;

export type StoreOptions = Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'> & {
  /** PGlite only: keep the database in memory (tests) */
  memory?: boolean;
  /** PostgreSQL only: use (and create) this schema instead of public (tests run side by side) */
  schema?: string;
};

/** Opens PostgreSQL when a URL is given, else the embedded PGlite in `dataDir` (or in memory), and migrates. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl ? await openPostgres(options.databaseUrl, options.dbPoolSize, options.schema) : await openPGlite(options);
  try {
    await migrate(store.db, options.databaseUrl ? options.schema ?? 'public' : 'public');
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

async function openPostgres(url: string, poolSize: number, schema: string | undefined): Promise<Store> {
  if (schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try { await client.query(`create schema if not exists ${schema}`); } finally { await client.end(); }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // bigint columns (sequence numbers, sizes) stay within 2^53 and are numbers everywhere, as on PGlite
    types: { getTypeParser: (oid: number, format?: any) => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) } as any,
  });
  // set on every new connection (an `options` parameter in the URL would override a startup option)
  if (schema !== undefined) pool.on('connect', (client) => { client.query(`set search_path to ${schema}`).catch(() => {}); });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

async function openPGlite(options: StoreOptions): Promise<Store> {
  const unlock = options.memory ? () => {} : lockDataDir(options.dataDir);
  try {
    const pglite = await PGlite.create(options.memory ? undefined : options.dataDir, {
      // PGlite's own bytea codec walks the bytes one by one; Buffer's hex codec is ~10× faster
      parsers: { [INT8]: Number, [BYTEA]: (text: string) => Buffer.from(text.slice(2), 'hex') },
      serializers: { [BYTEA]: (value: Uint8Array) => `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}` },
      postgresqlconf: 'shared_buffers = 16MB',
      // search (migration 017): trigram indexes with the mailbox as their first column
      extensions: { pg_trgm, btree_gin },
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        try { await db.destroy(); } finally { unlock(); }
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

/**
 * Kysely's own introspector reads every schema of the database and asks for privileges by schema
 * name, which fails ("schema does not exist") when another Kuvert drops its schema meanwhile (tests
 * side by side). The migrator only needs to know whether its tables exist in this schema.
 */
function schemaIntrospector(db: Kysely<any>, schema: string): DatabaseIntrospector {
  const getTables = async (): Promise<TableMetadata[]> => {
    const { rows } = await sql<{ name: string }>`select tablename as name from pg_catalog.pg_tables where schemaname = ${schema}`.execute(db);
    return rows.map((r) => ({ name: r.name, schema, isView: false, columns: [] }));
  };
  return {
    async getSchemas(): Promise<SchemaMetadata[]> {
      const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db);
      return rows;
    },
    getTables,
    async getMetadata() { return { tables: await getTables() }; },
  };
}

// The schema is named: without it Kysely looks for its tables in every schema of the database.
async function migrate(db: Kysely<any>, schema: string): Promise<void> {
  const introspection = schemaIntrospector(db, schema);
  // the database as the migrator sees it: the same, but introspected within this schema only
  const scoped = new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const migrator = new Migrator({ db: scoped, migrationTableSchema: schema, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
