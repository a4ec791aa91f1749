import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
/** The database or a transaction on it: what every repository function takes. */
export type Executor = Db | Transaction<Database>;
