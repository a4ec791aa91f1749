import { randomBytes } from 'node:crypto';
import { Refusal } from '../domain/index.ts';
import {
  appendEvents, authenticateOperatorKey, hashSecret, insertOperatorKey, listOperatorKeys, operatorKeyExists, replaceOperatorKey, revokeOperatorKey,
  type Db,
} from '../store/index.ts';

/**
 * Keys of the operator API (`/api/operator`; docs/admin.md, "The operator API"): a name and a secret of
 * 32 random bytes (base64url), shown once and stored only as its SHA-256. `actor` names who acts in
 * the event log: `cli` on the command line, `kuvert` for a server's own local key.
 */

export interface OperatorKeyView {
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface OperatorCredentials { name: string; secret: string }

/** Letters, digits, `.`, `_` and `-` (no `:`, which ends the name in HTTP Basic). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function keyName(name: string): string {
  const trimmed = name.trim();
  if (!NAME.test(trimmed)) throw new Refusal('invalid', 'OPERATOR_KEY_NAME_INVALID', 'An operator key\'s name is 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit.');
  return trimmed;
}

const newSecret = () => randomBytes(32).toString('base64url');

export async function createOperatorKey(db: Db, eventChains: number, actor: string, name: string): Promise<OperatorCredentials> {
  const valid = keyName(name);
  const secret = newSecret();
  return db.transaction().execute(async (trx) => {
    const id = await insertOperatorKey(trx, valid, hashSecret(secret));
    if (!id) throw new Refusal('conflict', 'OPERATOR_KEY_NAME_TAKEN', `An operator key named ${valid} exists already (a revoked one keeps its name).`);
    await appendEvents(trx, eventChains, [{ type: 'OPERATOR_KEY_CREATED', actor, data: { keyId: id, name: valid } }]);
    return { name: valid, secret };
  });
}

export async function operatorKeyViews(db: Db): Promise<OperatorKeyView[]> {
  return (await listOperatorKeys(db)).map((k) => ({
    name: k.name, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
}

/** Revokes a key at once; `revoked` is false when it already was. */
export async function revokeOperatorKeyNamed(db: Db, eventChains: number, actor: string, name: string): Promise<{ name: string; revoked: boolean }> {
  return db.transaction().execute(async (trx) => {
    if (!(await operatorKeyExists(trx, name))) throw new Refusal('not-found', 'OPERATOR_KEY_NOT_FOUND', `No operator key is named ${name}.`);
    if (!(await revokeOperatorKey(trx, name))) return { name, revoked: false };
    await appendEvents(trx, eventChains, [{ type: 'OPERATOR_KEY_REVOKED', actor, data: { name } }]);
    return { name, revoked: true };
  });
}

/**
 * A running server's own key (`local-<host name>`), for operator commands on the same machine: a new
 * secret at every start, so an old credentials file stops working.
 */
export async function issueLocalOperatorKey(db: Db, eventChains: number, hostname: string): Promise<OperatorCredentials> {
  const name = `local-${hostname.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 90) || 'host'}`;
  const secret = newSecret();
  await db.transaction().execute(async (trx) => {
    const id = await replaceOperatorKey(trx, name, hashSecret(secret));
    await appendEvents(trx, eventChains, [{ type: 'OPERATOR_KEY_CREATED', actor: 'kuvert', data: { keyId: id, name, local: true } }]);
  });
  return { name, secret };
}

/** The active key with this secret (and name, from HTTP Basic); undefined otherwise. */
export async function authenticateOperator(db: Db, name: string | undefined, secret: string): Promise<{ name: string } | undefined> {
  if (secret.length === 0 || secret.length > 200) return undefined;
  const key = await authenticateOperatorKey(db, name, secret);
  return key ? { name: key.name } : undefined;
}
