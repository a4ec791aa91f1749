import { loadConfig } from '../config.ts';
import { Refusal } from '../domain/index.ts';
import { DataDirLockedError, ensureEventChains, openStore, type Db } from '../store/index.ts';

/**
 * Runs an operator command on the configured database (DATABASE_URL, or the embedded one in DATA_DIR):
 * a refusal or a locked data folder ends it with `kuvert: <CODE>: <sentence>` and exit code 1.
 */
export async function withDatabase(run: (db: Db, eventChains: number) => Promise<void>, onRefusal?: (refusal: Refusal) => void): Promise<number> {
  const config = loadConfig();
  let store;
  try {
    store = await openStore({ ...config, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`kuvert: ${err.code}: ${err.message} Operator commands open the embedded database themselves, so they run only while the server is stopped (or use DATABASE_URL with PostgreSQL).\n`);
      return 1;
    }
    throw err;
  }
  try {
    await ensureEventChains(store.db, config.eventChains);
    await run(store.db, config.eventChains);
    return 0;
  } catch (err) {
    if (err instanceof Refusal) {
      if (onRefusal) onRefusal(err);
      else process.stderr.write(`kuvert: ${err.code}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}

