import { createOperatorKey, operatorKeyViews, revokeOperatorKeyNamed, type OperatorKeyView } from '../admin/index.ts';
import { withDatabase } from './database.ts';
import { table } from './table.ts';
import { stdout, stderr } from './io.ts';

const line = (text: string) => { stdout(`${text}\n`); };

/** `kuvert operator key create --name <name> [--json]`: the secret is printed this once. */
export async function createOperatorKeyCommand(flags: { name: string; json?: boolean }): Promise<number> {
  return withDatabase(async ({ db, eventChains }) => {
    const key = await createOperatorKey(db, eventChains, 'cli', flags.name);
    if (flags.json) {
      line(JSON.stringify(key));
      return;
    }
    line(`name:   ${key.name}`);
    line(`secret: ${key.secret}`);
    stderr('The secret is shown only this once; Kuvert keeps only its hash. Send it to /api/operator with HTTP Basic (name:secret) or as Authorization: Bearer <secret>.\n');
  });
}

const keyTable = (keys: OperatorKeyView[]) =>
  table([['NAME', 'CREATED', 'LAST USED', 'REVOKED'], ...keys.map((k) => [k.name, k.createdAt, k.lastUsedAt ?? '-', k.revokedAt ?? '-'])]);

/** `kuvert operator key list [--json]` */
export async function listOperatorKeysCommand(flags: { json?: boolean }): Promise<number> {
  return withDatabase(async ({ db }) => {
    const keys = await operatorKeyViews(db);
    if (flags.json) line(JSON.stringify(keys));
    else line(keys.length === 0 ? 'no operator keys' : keyTable(keys));
  });
}

/** `kuvert operator key revoke <name>` */
export async function revokeOperatorKeyCommand(name: string): Promise<number> {
  return withDatabase(async ({ db, eventChains }) => {
    const { revoked } = await revokeOperatorKeyNamed(db, eventChains, 'cli', name);
    line(revoked ? `revoked operator key ${name}` : `operator key ${name} was already revoked`);
  });
}
