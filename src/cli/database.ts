import { readLocalOperator, LOCAL_OPERATOR_FILE, type AdminContext } from '../admin/index.ts';
import { loadConfig } from '../config.ts';
import { Refusal } from '../domain/index.ts';
import { DataDirLockedError, ensureEventChains, openStore } from '../store/index.ts';
import { OperatorClient, OperatorFailure } from './operator-client.ts';
import { stderr, env } from './io.ts';

/** Why an operator command failed: a service's refusal, or the running server's answer. */
export interface Failure {
  code: string;
  message: string;
  details?: readonly unknown[] | undefined;
}

const printFailure = (failure: Failure) => stderr(`kuvert: ${failure.code}: ${failure.message}\n`);

/**
 * Runs an operator command on the configured database (DATABASE_URL, or the embedded one in DATA_DIR):
 * a refusal or a locked data folder ends it with `kuvert: <CODE>: <sentence>` and exit code 1.
 */
export async function withDatabase(run: (ctx: AdminContext) => Promise<void>): Promise<number> {
  return operatorCommand({ direct: run });
}

export interface OperatorPaths {
  /** on the database itself: PostgreSQL, or the embedded database when no server holds it */
  direct(ctx: AdminContext): Promise<void>;
  /** through the server that holds the embedded database, with the credentials it left in DATA_DIR */
  server?(api: OperatorClient): Promise<void>;
}

/**
 * Runs an operator command directly on the database or, when a running server holds the embedded
 * one and the command has a `server` path, through that server's `/api/operator` (docs/admin.md,
 * "Operator commands while a server runs"). Either way a refusal ends it with `kuvert: <CODE>:
 * <sentence>` (or `onRefusal`) and exit code 1.
 */
export async function operatorCommand(paths: OperatorPaths, onRefusal: (failure: Failure) => void = printFailure): Promise<number> {
  const config = loadConfig(env());
  let store;
  try {
    store = await openStore({ ...config, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) });
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    const operator = paths.server ? await readLocalOperator(config.dataDir) : undefined;
    if (!operator || !paths.server) {
      const why = paths.server ? `it left no operator credentials (${LOCAL_OPERATOR_FILE}) to go through` : 'this command opens the embedded database itself';
      stderr(`kuvert: ${err.code}: ${err.message} The command runs only while the server is stopped: ${why} (or use DATABASE_URL with PostgreSQL).\n`);
      return 1;
    }
    try {
      await paths.server(new OperatorClient(operator));
      return 0;
    } catch (failure) {
      if (!(failure instanceof OperatorFailure)) throw failure;
      onRefusal(failure);
      return 1;
    }
  }
  try {
    await ensureEventChains(store.db, config.eventChains);
    await paths.direct({ db: store.db, eventChains: config.eventChains, publicUrl: config.publicUrl });
    return 0;
  } catch (err) {
    if (err instanceof Refusal) {
      onRefusal(err);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}
