import { Refusal, type Principal } from '../domain/index.ts';
import type { Folder } from '../contract/index.ts';
import {
  addUserFolder, appendEvents, countMessagesByFolder, deleteEmptyFolder, findFolderOfMailbox, folderNameTaken, rulesFilingInto, setFolderName, uniqueViolationAs,
} from '../store/index.ts';
import { actorOf, folderNotFound, requireFolderManagement, requireMailbox, visibleFolders, type PortalContext } from './access.ts';
import { draftCount } from './drafts.ts';

const MAX_NAME = 100;

/** The folders of a mailbox the principal may see, with their message and unread counts. */
export async function listFolders(ctx: PortalContext, principal: Principal, mailboxId: string): Promise<Folder[]> {
  const access = requireMailbox(principal, mailboxId);
  const [folders, counts, drafts] = await Promise.all([
    visibleFolders(ctx.db, access, mailboxId),
    countMessagesByFolder(ctx.db, mailboxId),
    draftCount(ctx, principal, mailboxId),
  ]);
  const byFolder = new Map(counts.map((c) => [c.folder_id, c]));
  // Kladder holds the person's own drafts (src/portal/drafts.ts), not messages
  return folders.map((f) => ({
    id: f.id, kind: f.kind, name: f.name,
    total: f.kind === 'DRAFTS' ? drafts : Number(byFolder.get(f.id)?.read ?? 0) + Number(byFolder.get(f.id)?.unread ?? 0),
    unread: f.kind === 'DRAFTS' ? 0 : Number(byFolder.get(f.id)?.unread ?? 0),
  }));
}

function cleanName(name: string): string {
  const clean = name.normalize('NFC').trim();
  if (clean.length === 0 || clean.length > MAX_NAME || /[\u0000-\u001f\u007f]/.test(clean)) {
    throw new Refusal('invalid', 'FOLDER_NAME_INVALID', `A folder name has 1 to ${MAX_NAME} characters and no control characters.`);
  }
  return clean;
}

const nameTaken = () => new Refusal('conflict', 'FOLDER_NAME_TAKEN', 'This mailbox already has a folder with that name.');

async function assertNameFree(ctx: PortalContext, mailboxId: string, name: string, except?: string): Promise<void> {
  if (await folderNameTaken(ctx.db, mailboxId, name, except)) throw nameTaken();
}

export async function createFolder(ctx: PortalContext, principal: Principal, mailboxId: string, name: string): Promise<Folder> {
  const access = requireMailbox(principal, mailboxId);
  requireFolderManagement(access);
  const clean = cleanName(name);
  await assertNameFree(ctx, mailboxId, clean);
  return uniqueViolationAs(nameTaken, ctx.db.transaction().execute(async (trx) => {
    const row = await addUserFolder(trx, mailboxId, clean);
    await appendEvents(trx, ctx.eventChains, [{ type: 'FOLDER_CREATED', actor: actorOf(principal), mailboxId, data: { folderId: row.id, after: { name: row.name } } }]);
    return { id: row.id, kind: row.kind, name: row.name, total: 0, unread: 0 };
  }));
}

/** A folder of the mailbox that the principal may manage: their own (USER) folders only. */
async function ownFolder(ctx: PortalContext, mailboxId: string, folderId: string) {
  const folder = await findFolderOfMailbox(ctx.db, mailboxId, folderId);
  if (!folder) throw folderNotFound();
  if (folder.kind !== 'USER') throw new Refusal('conflict', 'FOLDER_NOT_EDITABLE', 'The standard folders (Indbakke, Sendt, Kladder, Slettet) cannot be renamed or deleted.');
  return folder;
}

export async function renameFolder(ctx: PortalContext, principal: Principal, mailboxId: string, folderId: string, name: string): Promise<Folder> {
  const access = requireMailbox(principal, mailboxId);
  requireFolderManagement(access);
  const folder = await ownFolder(ctx, mailboxId, folderId);
  const clean = cleanName(name);
  await assertNameFree(ctx, mailboxId, clean, folderId);
  await uniqueViolationAs(nameTaken, ctx.db.transaction().execute(async (trx) => {
    await setFolderName(trx, folder.id, clean);
    await appendEvents(trx, ctx.eventChains, [{ type: 'FOLDER_UPDATED', actor: actorOf(principal), mailboxId, data: { folderId, before: { name: folder.name }, after: { name: clean } } }]);
  }));
  return (await listFolders(ctx, principal, mailboxId)).find((f) => f.id === folderId)!;
}

export async function deleteFolder(ctx: PortalContext, principal: Principal, mailboxId: string, folderId: string): Promise<void> {
  const access = requireMailbox(principal, mailboxId);
  requireFolderManagement(access);
  const folder = await ownFolder(ctx, mailboxId, folderId);
  const rules = await rulesFilingInto(ctx.db, mailboxId, [folder.id]);
  if (rules.length > 0) {
    throw new Refusal('conflict', 'FOLDER_USED_BY_RULES', `Rules file letters in this folder (${rules.map((r) => r.name).join(', ')}): change or delete them first.`, rules);
  }
  await ctx.db.transaction().execute(async (trx) => {
    // locks the folder so that no message is moved into it while it is deleted; limited members who were given it lose it
    if (!await deleteEmptyFolder(trx, mailboxId, folder.id)) throw new Refusal('conflict', 'FOLDER_NOT_EMPTY', 'Move or delete the messages in this folder first.');
    await appendEvents(trx, ctx.eventChains, [{ type: 'FOLDER_DELETED', actor: actorOf(principal), mailboxId, data: { folderId, before: { name: folder.name } } }]);
  });
}
