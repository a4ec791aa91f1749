import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../auth/guard.ts';
import type { SendContext } from '../../delivery/index.ts';
import { createDraft, discardDraft, listDrafts, openDraft, saveDraft } from '../../portal/index.ts';
import { Draft, DraftInput, DraftList, DraftParams, DraftQuery, DraftUpdate, MailboxParams, NoContent } from '../../contract/index.ts';
import { errors } from '../errors.ts';

/**
 * `/api/mailboxes/:mailboxId/drafts`: what the person is writing, kept for them alone (docs/portal.md,
 * "Drafts"). Contents travel only in bodies, never in a URL; drafts are not messages and leave no events.
 */
export function draftRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.get<{ Params: MailboxParams; Querystring: DraftQuery }>('/mailboxes/:mailboxId/drafts', {
    schema: {
      tags: ['portal'],
      summary: 'Your drafts in this mailbox (Kladder), last saved first',
      description: 'Only your own, and only those you may still send: new messages while you may write from the mailbox, replies while you may reply '
        + 'and see the message. `replyTo`: only your draft of a reply to that message.',
      params: MailboxParams,
      querystring: DraftQuery,
      response: { 200: DraftList, ...errors(400, 401, 404) },
    },
  }, async (request): Promise<DraftList> => ({
    drafts: await listDrafts(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.query.replyTo?.toLowerCase()),
  }));

  app.post<{ Params: MailboxParams; Body: DraftInput }>('/mailboxes/:mailboxId/drafts', {
    schema: {
      tags: ['portal'],
      summary: 'Save a new draft: a new message to a contact point, or a reply',
      description: 'A reply has one draft per message: saving another saves into it (200). 403 FORBIDDEN_ROLE when you may not write (reply) from the mailbox; '
        + '404 MESSAGE_NOT_FOUND for a message you do not see; 404 CONTACT_POINT_NOT_FOUND; 400 DRAFT_INVALID for control characters; '
        + '409 DRAFT_LIMIT_REACHED at 100 drafts.',
      params: MailboxParams,
      body: DraftInput,
      response: { 200: Draft, 201: Draft, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    const { draft, created } = await createDraft(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.body);
    return reply.status(created ? 201 : 200).send(draft);
  });

  app.get<{ Params: DraftParams }>('/mailboxes/:mailboxId/drafts/:draftId', {
    schema: {
      tags: ['portal'],
      summary: 'One of your drafts, with its text',
      description: '404 DRAFT_NOT_FOUND for another person\'s draft, and for one you may no longer send (a reply to a message you no longer see).',
      params: DraftParams,
      response: { 200: Draft, ...errors(400, 401, 404) },
    },
  }, async (request): Promise<Draft> => openDraft(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.draftId.toLowerCase()));

  app.put<{ Params: DraftParams; Body: DraftUpdate }>('/mailboxes/:mailboxId/drafts/:draftId', {
    schema: {
      tags: ['portal'],
      summary: 'Save a draft again (autosave): its whole content',
      description: 'The last save wins. `contactPointId` and `label` only for a new message (left as they are when not given).',
      params: DraftParams,
      body: DraftUpdate,
      response: { 200: Draft, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<Draft> => saveDraft(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.draftId.toLowerCase(), request.body));

  app.delete<{ Params: DraftParams }>('/mailboxes/:mailboxId/drafts/:draftId', {
    schema: {
      tags: ['portal'],
      summary: 'Discard one of your drafts ("Kassér kladde"; the web app also does so after sending it)',
      params: DraftParams,
      response: { 204: NoContent, ...errors(400, 401, 404) },
    },
  }, async (request, reply) => {
    await discardDraft(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.draftId.toLowerCase());
    return reply.status(204).send();
  });
}
