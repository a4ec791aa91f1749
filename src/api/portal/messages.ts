import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../../auth/index.ts';
import type { SendContext } from '../../delivery/index.ts';
import { deleteMessage, listMessages, openMessage, updateMessage } from '../../portal/index.ts';
import { errors } from '../v1/schemas.ts';
import { detailSchema, mailboxParams, messageParams, summarySchema, UUID_PATTERN } from './schemas.ts';

interface MessageParams { mailboxId: string; messageId: string }

export function messageRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.get<{ Params: { mailboxId: string }; Querystring: { folderId?: string; q?: string; cursor?: string; limit: number } }>('/mailboxes/:mailboxId/messages', {
    schema: {
      tags: ['portal'],
      summary: 'Messages of a mailbox, newest first, a page at a time',
      description: 'Without `folderId`: every folder you may see except Slettet. `q` finds messages whose title, sender or text documents '
        + 'contain every word (as a word prefix, Danish stemming). Pass `nextCursor` as `cursor` for the next page; null means no more.',
      params: mailboxParams,
      querystring: {
        type: 'object',
        properties: {
          folderId: { type: 'string', pattern: UUID_PATTERN },
          q: { type: 'string', maxLength: 200 },
          cursor: { type: 'string', maxLength: 200 },
          limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
        },
        additionalProperties: false,
      },
      response: {
        200: { type: 'object', properties: { messages: { type: 'array', items: summarySchema }, nextCursor: { type: ['string', 'null'] } } },
        ...errors(400, 401, 404),
      },
    },
  }, async (request) => {
    const { folderId, q, cursor, limit } = request.query;
    return listMessages(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), {
      folderId: folderId?.toLowerCase(), q, cursor, limit,
    });
  });

  app.get<{ Params: MessageParams }>('/mailboxes/:mailboxId/messages/:messageId', {
    schema: {
      tags: ['portal'],
      summary: 'Open a message: its documents, actions and whether you may reply',
      description: 'Marks it read and records MESSAGE_READ (on every opening).',
      params: messageParams,
      response: { 200: detailSchema, ...errors(400, 401, 404) },
    },
  }, async (request) => openMessage(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.messageId.toLowerCase()));

  app.patch<{ Params: MessageParams; Body: { folderId?: string; read?: boolean; flagged?: boolean } }>('/mailboxes/:mailboxId/messages/:messageId', {
    schema: {
      tags: ['portal'],
      summary: 'Move a message to another folder, mark it read or unread, flag or unflag it',
      description: 'Writes MESSAGE_MOVED, MESSAGE_UPDATED (read) and FLAG_CHANGED for what actually changes. Not into Sendt or Kladder (409 FOLDER_NOT_ALLOWED).',
      params: messageParams,
      body: {
        type: 'object',
        properties: { folderId: { type: 'string', pattern: UUID_PATTERN }, read: { type: 'boolean' }, flagged: { type: 'boolean' } },
        additionalProperties: false,
        minProperties: 1,
      },
      response: { 200: summarySchema, ...errors(400, 401, 404, 409) },
    },
  }, async (request) => updateMessage(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.messageId.toLowerCase(), {
    folderId: request.body.folderId?.toLowerCase(), read: request.body.read, flagged: request.body.flagged,
  }));

  app.delete<{ Params: MessageParams }>('/mailboxes/:mailboxId/messages/:messageId', {
    schema: {
      tags: ['portal'],
      summary: 'Delete a message: to Slettet, or from Slettet out of the mailbox for good',
      description: 'Writes MESSAGE_DELETED. The message itself is kept (it is the sender\'s evidence); only this mailbox lets go of it.',
      params: messageParams,
      response: {
        200: { type: 'object', properties: { permanent: { type: 'boolean' }, folderId: { type: ['string', 'null'], description: 'Slettet, unless deleted for good' } } },
        ...errors(400, 401, 404),
      },
    },
  }, async (request) => deleteMessage(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.messageId.toLowerCase()));
}
