import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../auth/guard.ts';
import type { SendContext } from '../../delivery/index.ts';
import { createFolder, deleteFolder, listFolders, renameFolder } from '../../portal/index.ts';
import { Folder, FolderList, FolderName, FolderParams, MailboxParams, NoContent } from '../../contract/index.ts';
import { errors } from '../errors.ts';

export function folderRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.get<{ Params: MailboxParams }>('/mailboxes/:mailboxId/folders', {
    schema: {
      tags: ['portal'],
      summary: 'The folders of a mailbox that you may see, with message and unread counts',
      params: MailboxParams,
      response: { 200: FolderList, ...errors(400, 401, 404) },
    },
  }, async (request): Promise<FolderList> => ({
    folders: await listFolders(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase()),
  }));

  app.post<{ Params: MailboxParams; Body: FolderName }>('/mailboxes/:mailboxId/folders', {
    schema: {
      tags: ['portal'],
      summary: 'Create a folder of your own (owner or administrator)',
      description: '409 FOLDER_NAME_TAKEN when the mailbox has a folder of that name; 403 FORBIDDEN_ROLE for readers and limited members.',
      params: MailboxParams,
      body: FolderName,
      response: { 201: Folder, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const folder = await createFolder(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.body.name);
    return reply.status(201).send(folder);
  });

  app.patch<{ Params: FolderParams; Body: FolderName }>('/mailboxes/:mailboxId/folders/:folderId', {
    schema: {
      tags: ['portal'],
      summary: 'Rename a folder of your own',
      description: 'The standard folders cannot be renamed (409 FOLDER_NOT_EDITABLE).',
      params: FolderParams,
      body: FolderName,
      response: { 200: Folder, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => renameFolder(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.folderId.toLowerCase(), request.body.name));

  app.delete<{ Params: FolderParams }>('/mailboxes/:mailboxId/folders/:folderId', {
    schema: {
      tags: ['portal'],
      summary: 'Delete an empty folder of your own',
      description: '409 FOLDER_NOT_EMPTY while it holds messages; 409 FOLDER_NOT_EDITABLE for the standard folders.',
      params: FolderParams,
      response: { 204: NoContent, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await deleteFolder(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.folderId.toLowerCase());
    return reply.status(204).send();
  });
}
