import type { Executor } from './executor.ts';


/** Stores each blob once; blobs already present are not sent to the database again. */
export async function putBlobs(db: Executor, blobs: ReadonlyMap<string, Uint8Array>): Promise<void> {
  if (blobs.size === 0) return;
  const present = new Set(
    (await db.selectFrom('blob').select('sha256').where('sha256', 'in', [...blobs.keys()]).execute()).map((r) => r.sha256),
  );
  const missing = [...blobs].filter(([sha256]) => !present.has(sha256));
  if (missing.length === 0) return;
  await db.insertInto('blob')
    .values(missing.map(([sha256, content]) => ({ sha256, size: content.byteLength, content })))
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

export async function getBlobs(db: Executor, sha256s: readonly string[]): Promise<Map<string, Uint8Array>> {
  if (sha256s.length === 0) return new Map();
  const rows = await db.selectFrom('blob').select(['sha256', 'content']).where('sha256', 'in', [...new Set(sha256s)]).execute();
  return new Map(rows.map((r) => [r.sha256, r.content]));
}
