import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createMailbox, openStore, type Db, type Store, type StoreOptions } from '../../src/store/index.ts';
import { cprOf } from './messages.ts';

/** A fresh, empty database: a new PostgreSQL schema or a new PGlite folder. */
export interface Target {
  kind: 'postgres' | 'pglite';
  /** schema name or folder */
  where: string;
  /** environment for `kuvert serve` on this database */
  serverEnv: Record<string, string>;
  open(): Promise<Store>;
  /** removes the schema / folder; safe to call twice */
  drop(): Promise<void>;
}

export function newTarget(databaseUrl: string | undefined, poolSize: number, label: string): Target {
  if (databaseUrl) {
    const schema = `kuvert_bench_${label}_${randomBytes(4).toString('hex')}`;
    const options: StoreOptions = { databaseUrl, dataDir: '', dbPoolSize: poolSize, schema };
    let dropped = false;
    return {
      kind: 'postgres',
      where: schema,
      serverEnv: { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema },
      open: () => openStore(options),
      async drop() {
        if (dropped) return;
        dropped = true;
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try { await client.query(`drop schema if exists ${schema} cascade`); } finally { await client.end(); }
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), `kuvert-bench-${label}-`));
  return {
    kind: 'pglite',
    where: dataDir,
    serverEnv: { DATA_DIR: dataDir },
    open: () => openStore({ databaseUrl: undefined, dataDir, dbPoolSize: poolSize }),
    async drop() { rmSync(dataDir, { recursive: true, force: true }); },
  };
}

/** Citizens cprOf(0 … count-1), registered, each with a standard mailbox (made by the store's own createMailbox). */
export async function createCitizens(db: Db, count: number): Promise<void> {
  const batch = 1000;
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < count; start += batch) {
      const rows = Array.from({ length: Math.min(batch, count - start) }, (_, k) => ({ cpr: cprOf(start + k), name: `Borger ${start + k}` }));
      const ids = await trx.insertInto('citizen').values(rows).returning('id').execute();
      for (const { id } of ids) await createMailbox(trx, { citizenId: id });
    }
  });
}

export interface StoreStats {
  messages: number;
  blobRows: number;
  blobBytes: number;
  sharedBlobRows: number | null;
  messageBlobRows: number;
  messageStateRows: number;
  systemQueueRows: number;
  events: number;
  /** PostgreSQL only: bytes on disk of the blob table with its TOAST and indexes */
  blobTableBytes: number | null;
}

export async function storeStats(store: Store, sharedSha256: string | undefined): Promise<StoreStats> {
  const { db } = store;
  const count = async (table: 'message' | 'message_blob' | 'message_state' | 'system_queue' | 'event') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const blobs = await db.selectFrom('blob').select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('size').as('bytes')]).executeTakeFirstOrThrow();
  const shared = sharedSha256 === undefined ? null
    : Number((await db.selectFrom('blob').select((eb) => eb.fn.countAll().as('n')).where('sha256', '=', sharedSha256).executeTakeFirstOrThrow()).n);
  const blobTableBytes = store.kind === 'postgres'
    ? Number((await sql<{ n: string }>`select pg_total_relation_size('blob') as n`.execute(db)).rows[0]!.n)
    : null;
  return {
    messages: await count('message'),
    blobRows: Number(blobs.n),
    blobBytes: Number(blobs.bytes ?? 0),
    sharedBlobRows: shared,
    messageBlobRows: await count('message_blob'),
    messageStateRows: await count('message_state'),
    systemQueueRows: await count('system_queue'),
    events: await count('event'),
    blobTableBytes,
  };
}
