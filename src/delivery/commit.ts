import {
  addMessageBlobs, addMessages, addMessageStates, appendEvents, countAcceptedSends, enqueueJobs, putBlobs, standardFolderId, withSenderNames, type Db, type Executor,
} from '../store/index.ts';
import type { SendContext } from './context.ts';
import { placeInMailboxes } from './route.ts';
import type { Prepared } from './rows.ts';

export const RELEASE_JOB = 'memo.release';

/** Writes prepared messages in one transaction, with multi-row statements. */
function write(ctx: SendContext, batch: Prepared[]): Promise<void> {
  return ctx.db.transaction().execute((trx) => writeIn(trx, ctx.eventChains, batch));
}

/** The same, in the caller's transaction. */
async function writeIn(trx: Executor, eventChains: number, batch: Prepared[]): Promise<void> {
  const blobs = new Map(batch.flatMap((p) => [...p.blobs]));
  await putBlobs(trx, blobs);
  await addMessages(trx, await withSenderNames(trx, batch.map((p) => p.row)));
  const messageBlobs = batch.flatMap((p) => [...p.blobs.keys()].map((sha256) => ({ message_id: p.id, sha256 })));
  await addMessageBlobs(trx, messageBlobs);
  const sent = [];
  for (const p of batch) {
    sent.push({ mailbox_id: p.sender.mailboxId, message_id: p.id, folder_id: await standardFolderId(trx, p.sender.mailboxId, 'SENT'), read_at: p.receivedAt });
  }
  await addMessageStates(trx, sent);
  // the sender's error view counts what systems sent (docs/monitoring.md): one insert for the batch
  await countAcceptedSends(trx, batch.flatMap((p) => (p.sender.systemId ? [{ systemId: p.sender.systemId, at: p.receivedAt }] : [])));
  const delayed = batch.filter((p) => p.releaseAt);
  await enqueueJobs(trx, delayed.map((p) => ({ kind: RELEASE_JOB, payload: { messageId: p.id }, runAt: p.releaseAt! })));
  const arriving = batch.filter((p) => !p.releaseAt);
  const placed = await placeInMailboxes(trx, arriving.map((p) => ({
    messageId: p.id, mailboxId: p.recipientMailboxId, senderMailboxId: p.sender.mailboxId, senderOrganisationId: p.sender.organisationId,
    materialId: p.row.material_id ?? null, subscriptionGroupId: p.row.subscription_group_id ?? null, facts: p.facts,
  })), new Date());
  await appendEvents(trx, eventChains, [...batch.flatMap((p) => p.events), ...placed]);
}

type Waiter = { prepared: Prepared; resolve: () => void; reject: (err: unknown) => void };

/**
 * Group commit: messages that arrive while a transaction is being written wait and go together in
 * the next one, so concurrent senders share commits and round trips. If a batch fails (e.g. one of
 * its messages is a resend), each of its messages is written again on its own.
 */
class CommitBatcher {
  private waiting: Waiter[] = [];
  private writers = 0;
  /** two writers: one transaction commits while the next is being written */
  constructor(private readonly ctx: SendContext, private readonly maxBatch = 32, private readonly maxWriters = 2) {}

  submit(prepared: Prepared): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ prepared, resolve, reject });
      if (this.writers < this.maxWriters) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writers += 1;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        await write(this.ctx, batch.map((w) => w.prepared));
        for (const w of batch) w.resolve();
      } catch (err) {
        if (batch.length === 1) { batch[0]!.reject(err); continue; }
        for (const w of batch) {
          try { await write(this.ctx, [w.prepared]); w.resolve(); } catch (single) { w.reject(single); }
        }
      }
    }
    this.writers -= 1;
  }
}


const batchers = new WeakMap<Db, CommitBatcher>();

/** Writes a prepared message in the next group commit for this database; resolves once it is committed. */
export function commit(ctx: SendContext, prepared: Prepared): Promise<void> {
  // a rehearsal (the self-test, src/admin/doctor) delivers in a transaction of its own that it then rolls back
  if (ctx.db.isTransaction) return writeIn(ctx.db, ctx.eventChains, [prepared]);
  let batcher = batchers.get(ctx.db);
  if (!batcher) batchers.set(ctx.db, (batcher = new CommitBatcher(ctx)));
  return batcher.submit(prepared);
}
