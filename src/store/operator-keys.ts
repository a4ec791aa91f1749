import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import { hashSecret } from './systems.ts';

export interface OperatorKeyRow {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const toKey = (row: { id: string; name: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }): OperatorKeyRow => ({
  id: row.id, name: row.name, createdAt: new Date(row.created_at),
  lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null, revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
});

/** Adds a key (secret given as its hash); undefined when the name is taken. */
export async function insertOperatorKey(db: Executor, name: string, secretSha256: string): Promise<string | undefined> {
  const row = await db.insertInto('operator_key').values({ name, secret_sha256: secretSha256 })
    .onConflict((oc) => oc.column('name').doNothing()).returning('id').executeTakeFirst();
  return row?.id;
}

/** Gives the key of this name a new secret, making it if needed and lifting a revocation (the server's local key). */
export async function replaceOperatorKey(db: Executor, name: string, secretSha256: string): Promise<string> {
  const row = await db.insertInto('operator_key').values({ name, secret_sha256: secretSha256 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ secret_sha256: secretSha256, revoked_at: null, last_used_at: null }))
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function listOperatorKeys(db: Executor): Promise<OperatorKeyRow[]> {
  const rows = await db.selectFrom('operator_key').select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at']).orderBy('name').execute();
  return rows.map(toKey);
}

/** Revokes the active key of this name; false when there is none. */
export async function revokeOperatorKey(db: Executor, name: string): Promise<boolean> {
  const result = await db.updateTable('operator_key').set({ revoked_at: sql<Date>`now()` })
    .where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function operatorKeyExists(db: Executor, name: string): Promise<boolean> {
  return (await db.selectFrom('operator_key').select('id').where('name', '=', name).executeTakeFirst()) !== undefined;
}

/**
 * The active key with this secret (and name, when given): found by the secret's hash, which is as
 * unguessable as the secret itself. Records `last_used_at`, at most once a minute.
 */
export async function authenticateOperatorKey(db: Executor, name: string | undefined, secret: string): Promise<{ id: string; name: string } | undefined> {
  let query = db.selectFrom('operator_key').select(['id', 'name', sql<boolean>`coalesce(last_used_at > now() - interval '1 minute', false)`.as('recently_used')])
    .where('secret_sha256', '=', hashSecret(secret)).where('revoked_at', 'is', null);
  if (name !== undefined) query = query.where('name', '=', name);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  if (!row.recently_used) await db.updateTable('operator_key').set({ last_used_at: sql<Date>`now()` }).where('id', '=', row.id).execute();
  return { id: row.id, name: row.name };
}
