import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../auth/guard.ts';
import type { SendContext } from '../../delivery/index.ts';
import { deleteMessage, listMessages, messageFilters, openMessage, restoreMessage, updateMessage } from '../../portal/index.ts';
import { DeleteOutcome, Detail, MailboxParams, MessageChange, MessageFilters, MessagePage, MessageParams, MessageQuery, Restored, Summary } from '../../contract/index.ts';
import { errors } from '../errors.ts';

export function messageRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.get<{ Params: MailboxParams; Querystring: MessageQuery }>('/mailboxes/:mailboxId/messages', {
    schema: {
      tags: ['portal'],
      summary: 'Messages of a mailbox, newest first, a page at a time',
      description: 'Without `folderId`: every folder you may see except Slettet. `q` finds messages in which every word occurs — in the verified '
        + 'sender\'s name, the letter\'s sender label, title, text documents or document and file names; a word of 3 or more letters anywhere, also '
        + 'inside a compound ("skat" finds "Ejendomsskattebillet"), a shorter one at the start of a word. `pNumber` and `person` narrow an '
        + 'organisation\'s list to letters received for a P-unit or attention person (GET …/message-filters lists them). Pass `nextCursor` as '
        + '`cursor` for the next page; null means no more.',
      params: MailboxParams,
      querystring: MessageQuery,
      response: { 200: MessagePage, ...errors(400, 401, 404) },
    },
  }, async (request): Promise<MessagePage> => {
    const { folderId, q, cursor, limit, handled, pNumber, person } = request.query;
    return listMessages(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), {
      folderId: folderId?.toLowerCase(), q, cursor, limit, handled: handled === undefined ? undefined : handled === 'true', pNumber, person,
    });
  });

  app.get<{ Params: MailboxParams }>('/mailboxes/:mailboxId/message-filters', {
    schema: {
      tags: ['portal'],
      summary: 'What an organisation\'s message list can be narrowed to: its P-units and the attention persons of its letters',
      description: 'Attention persons only of letters in the folders you may see. Empty lists for a citizen\'s mailbox.',
      params: MailboxParams,
      response: { 200: MessageFilters, ...errors(400, 401, 404) },
    },
  }, async (request): Promise<MessageFilters> => messageFilters(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase()));

  app.get<{ Params: MessageParams }>('/mailboxes/:mailboxId/messages/:messageId', {
    schema: {
      tags: ['portal'],
      summary: 'Open a message: its documents, actions and whether you may reply',
      description: 'Marks it read and records MESSAGE_READ (on every opening).',
      params: MessageParams,
      response: { 200: Detail, ...errors(400, 401, 404) },
    },
  }, async (request): Promise<Detail> => openMessage(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.messageId.toLowerCase()));

  app.patch<{ Params: MessageParams; Body: MessageChange }>('/mailboxes/:mailboxId/messages/:messageId', {
    schema: {
      tags: ['portal'],
      summary: 'Move a message to another folder, mark it read or unread, flag or unflag it, mark it handled or not handled',
      description: 'Writes MESSAGE_MOVED, MESSAGE_UPDATED (read), FLAG_CHANGED, MESSAGE_HANDLED and MESSAGE_UNHANDLED for what actually changes. Not into Sendt or Kladder (409 FOLDER_NOT_ALLOWED); '
        + 'into a folder you may not see: 404 FOLDER_NOT_FOUND; 409 MESSAGE_MOVED when it was moved meanwhile. `handled` is for an organisation\'s mailbox, '
        + 'by whoever may see the letter (as read): in a citizen\'s own mailbox 403 HANDLED_NOT_AVAILABLE (docs/emptying.md).',
      params: MessageParams,
      body: MessageChange,
      response: { 200: Summary, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request): Promise<Summary> => updateMessage(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.messageId.toLowerCase(), {
    folderId: request.body.folderId?.toLowerCase(), read: request.body.read, flagged: request.body.flagged, handled: request.body.handled,
  }));

  app.delete<{ Params: MessageParams }>('/mailboxes/:mailboxId/messages/:messageId', {
    schema: {
      tags: ['portal'],
      summary: 'Delete a message: to Slettet, or from Slettet out of the mailbox for good',
      description: 'Writes MESSAGE_DELETED. The message itself is kept (it is the sender\'s evidence); only this mailbox lets go of it. '
        + 'The move to Slettet is checked as PATCH\'s move: 404 FOLDER_NOT_FOUND when you may not see Slettet. 409 MESSAGE_MOVED when it was moved meanwhile.',
      params: MessageParams,
      response: { 200: DeleteOutcome, ...errors(400, 401, 404, 409) },
    },
  }, async (request): Promise<DeleteOutcome> => deleteMessage(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.messageId.toLowerCase()));

  app.post<{ Params: MessageParams }>('/mailboxes/:mailboxId/messages/:messageId/restore', {
    schema: {
      tags: ['portal'],
      summary: 'Put a message in Slettet back ("Gendan", and "Fortryd" after a delete)',
      description: 'Back to the folder it was deleted from; when that is gone or you do not see it, to Indbakke or the first folder you see. '
        + 'Checked and written as a move (MESSAGE_MOVED, reason RESTORED). 409 MESSAGE_NOT_DELETED when it is not in Slettet, 409 MESSAGE_MOVED when it left meanwhile.',
      params: MessageParams,
      response: { 200: Restored, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request): Promise<Restored> => restoreMessage(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.messageId.toLowerCase()));
}
