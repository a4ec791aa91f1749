import { sql } from 'kysely';
import { ApiError } from '../api/errors.ts';
import type { Principal } from '../domain/index.ts';
import { appendEvents, type FolderKind } from '../store/index.ts';
import { actorOf, folderNotFound, requireFolderManagement, requireMailbox, visibleFolders, type PortalContext } from './access.ts';

export interface FolderView {
  id: string;
  kind: FolderKind;
  name: string;
  total: number;
  unread: number;
}

const MAX_NAME = 100;

/** The folders of a mailbox the principal may see, with their message and unread counts. */
export async function listFolders(ctx: PortalContext, principal: Principal, mailboxId: string): Promise<FolderView[]> {
  const access = requireMailbox(principal, mailboxId);
  const [folders, counts] = await Promise.all([
    visibleFolders(ctx.db, access, mailboxId),
    // two counts per folder, each an index-only scan of a small partial index (deduplicated: equal keys
    // are stored once): read messages over message_state_read, unread over message_state_unread; the
    // total is their sum. One pass over the mailbox's rows counting both with a filter had to visit the
    // heap (read_at) and took 20 ms at 100,000 messages; these take about 5. The partial indexes cannot
    // serve the message list (no read_at condition there), which keeps its walk on message_state_folder.
    ctx.db.selectFrom('folder as f').where('f.mailbox_id', '=', mailboxId)
      .select((eb) => [
        'f.id as folder_id',
        eb.selectFrom('message_state as s').select((e) => e.fn.countAll<string>().as('n'))
          .where('s.mailbox_id', '=', mailboxId).whereRef('s.folder_id', '=', 'f.id').where('s.read_at', 'is not', null).as('read'),
        eb.selectFrom('message_state as s').select((e) => e.fn.countAll<string>().as('n'))
          .where('s.mailbox_id', '=', mailboxId).whereRef('s.folder_id', '=', 'f.id').where('s.read_at', 'is', null).as('unread'),
      ])
      .execute(),
  ]);
  const byFolder = new Map(counts.map((c) => [c.folder_id, c]));
  return folders.map((f) => ({
    id: f.id, kind: f.kind, name: f.name,
    total: Number(byFolder.get(f.id)?.read ?? 0) + Number(byFolder.get(f.id)?.unread ?? 0), unread: Number(byFolder.get(f.id)?.unread ?? 0),
  }));
}

function cleanName(name: string): string {
  const clean = name.normalize('NFC').trim();
  if (clean.length === 0 || clean.length > MAX_NAME || /[\u0000-\u001f\u007f]/.test(clean)) {
    throw new ApiError(400, 'FOLDER_NAME_INVALID', `A folder name has 1 to ${MAX_NAME} characters and no control characters.`);
  }
  return clean;
}

const nameTaken = () => new ApiError(409, 'FOLDER_NAME_TAKEN', 'This mailbox already has a folder with that name.');

async function assertNameFree(ctx: PortalContext, mailboxId: string, name: string, except?: string): Promise<void> {
  let query = ctx.db.selectFrom('folder').select('id').where('mailbox_id', '=', mailboxId).where(sql<boolean>`lower(name) = lower(${name})`);
  if (except) query = query.where('id', '<>', except);
  if (await query.executeTakeFirst()) throw nameTaken();
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export async function createFolder(ctx: PortalContext, principal: Principal, mailboxId: string, name: string): Promise<FolderView> {
  const access = requireMailbox(principal, mailboxId);
  requireFolderManagement(access);
  const clean = cleanName(name);
  await assertNameFree(ctx, mailboxId, clean);
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('folder').values({ mailbox_id: mailboxId, kind: 'USER', name: clean }).returning(['id', 'kind', 'name']).executeTakeFirstOrThrow();
      await appendEvents(trx, ctx.eventChains, [{ type: 'FOLDER_CREATED', actor: actorOf(principal), mailboxId, data: { folderId: row.id } }]);
      return { id: row.id, kind: row.kind, name: row.name, total: 0, unread: 0 };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

/** A folder of the mailbox that the principal may manage: their own (USER) folders only. */
async function ownFolder(ctx: PortalContext, mailboxId: string, folderId: string) {
  const folder = await ctx.db.selectFrom('folder').select(['id', 'kind', 'name']).where('id', '=', folderId).where('mailbox_id', '=', mailboxId).executeTakeFirst();
  if (!folder) throw folderNotFound();
  if (folder.kind !== 'USER') throw new ApiError(409, 'FOLDER_NOT_EDITABLE', 'The standard folders (Indbakke, Sendt, Kladder, Slettet) cannot be renamed or deleted.');
  return folder;
}

export async function renameFolder(ctx: PortalContext, principal: Principal, mailboxId: string, folderId: string, name: string): Promise<FolderView> {
  const access = requireMailbox(principal, mailboxId);
  requireFolderManagement(access);
  const folder = await ownFolder(ctx, mailboxId, folderId);
  const clean = cleanName(name);
  await assertNameFree(ctx, mailboxId, clean, folderId);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('folder').set({ name: clean }).where('id', '=', folder.id).execute();
      await appendEvents(trx, ctx.eventChains, [{ type: 'FOLDER_UPDATED', actor: actorOf(principal), mailboxId, data: { folderId } }]);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
  return (await listFolders(ctx, principal, mailboxId)).find((f) => f.id === folderId)!;
}

export async function deleteFolder(ctx: PortalContext, principal: Principal, mailboxId: string, folderId: string): Promise<void> {
  const access = requireMailbox(principal, mailboxId);
  requireFolderManagement(access);
  const folder = await ownFolder(ctx, mailboxId, folderId);
  await ctx.db.transaction().execute(async (trx) => {
    // lock the folder so that no message is moved into it while it is deleted
    await sql`select id from folder where id = ${folder.id} for update`.execute(trx);
    const used = await trx.selectFrom('message_state').select('message_id').where('mailbox_id', '=', mailboxId).where('folder_id', '=', folder.id).limit(1).executeTakeFirst();
    if (used) throw new ApiError(409, 'FOLDER_NOT_EMPTY', 'Move or delete the messages in this folder first.');
    // limited members who were given this folder lose it
    await trx.updateTable('membership').set({ folder_ids: sql`array_remove(folder_ids, ${folder.id}::uuid)` })
      .where(sql<boolean>`${folder.id}::uuid = any(folder_ids)`).execute();
    await trx.deleteFrom('folder').where('id', '=', folder.id).execute();
    await appendEvents(trx, ctx.eventChains, [{ type: 'FOLDER_DELETED', actor: actorOf(principal), mailboxId, data: { folderId } }]);
  });
}
