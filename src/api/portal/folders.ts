import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../../auth/index.ts';
import type { SendContext } from '../../delivery/index.ts';
import { createFolder, deleteFolder, listFolders, renameFolder } from '../../portal/index.ts';
import { errors } from '../v1/schemas.ts';
import { folderParams, folderSchema, mailboxParams } from './schemas.ts';

const nameBody = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
  required: ['name'],
  additionalProperties: false,
} as const;

export function folderRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.get<{ Params: { mailboxId: string } }>('/mailboxes/:mailboxId/folders', {
    schema: {
      tags: ['portal'],
      summary: 'The folders of a mailbox that you may see, with message and unread counts',
      params: mailboxParams,
      response: { 200: { type: 'object', properties: { folders: { type: 'array', items: folderSchema } } }, ...errors(400, 401, 404) },
    },
  }, async (request) => ({
    folders: await listFolders(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase()),
  }));

  app.post<{ Params: { mailboxId: string }; Body: { name: string } }>('/mailboxes/:mailboxId/folders', {
    schema: {
      tags: ['portal'],
      summary: 'Create a folder of your own (owner or administrator)',
      description: '409 FOLDER_NAME_TAKEN when the mailbox has a folder of that name; 403 FORBIDDEN_ROLE for readers and limited members.',
      params: mailboxParams,
      body: nameBody,
      response: { 201: folderSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const folder = await createFolder(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.body.name);
    return reply.status(201).send(folder);
  });

  app.patch<{ Params: { mailboxId: string; folderId: string }; Body: { name: string } }>('/mailboxes/:mailboxId/folders/:folderId', {
    schema: {
      tags: ['portal'],
      summary: 'Rename a folder of your own',
      description: 'The standard folders cannot be renamed (409 FOLDER_NOT_EDITABLE).',
      params: folderParams,
      body: nameBody,
      response: { 200: folderSchema, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request) => renameFolder(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.folderId.toLowerCase(), request.body.name));

  app.delete<{ Params: { mailboxId: string; folderId: string } }>('/mailboxes/:mailboxId/folders/:folderId', {
    schema: {
      tags: ['portal'],
      summary: 'Delete an empty folder of your own',
      description: '409 FOLDER_NOT_EMPTY while it holds messages; 409 FOLDER_NOT_EDITABLE for the standard folders.',
      params: folderParams,
      response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await deleteFolder(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.folderId.toLowerCase());
    return reply.status(204).send();
  });
}
