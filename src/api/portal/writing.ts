import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../../auth/index.ts';
import type { SendContext } from '../../delivery/index.ts';
import { listContactPoints, replyToMessage, writeToContactPoint, type AttachmentInput } from '../../portal/index.ts';
import { errors } from '../v1/schemas.ts';
import { attachmentsSchema, contactPointSchema, mailboxParams, messageParams, sentSchema, UUID_PATTERN, WRITE_BODY_LIMIT } from './schemas.ts';

const text = { type: 'string', maxLength: 100_000, description: 'the message text (becomes besked.txt, text/plain UTF-8)' } as const;

export function writingRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.post<{ Params: { mailboxId: string; messageId: string }; Body: { text: string; attachments: AttachmentInput[] } }>(
    '/mailboxes/:mailboxId/messages/:messageId/reply', {
      bodyLimit: WRITE_BODY_LIMIT,
      schema: {
        tags: ['portal'],
        summary: 'Reply to a message',
        description: 'A MeMo message from you (CPR) or your organisation (CVR) to the sender organisation\'s contact point, with ReplyData naming '
          + 'the original, in the same thread. It is in your Sendt, in the recipient\'s Indbakke and in their systems\' queues. '
          + '403 REPLY_NOT_ALLOWED when the sender does not take replies (or your role may not send), 409 REPLY_DEADLINE_PASSED, '
          + '400/413 for attachments the contact point does not take.',
        params: messageParams,
        body: { type: 'object', properties: { text, attachments: attachmentsSchema }, required: ['text'], additionalProperties: false },
        response: { 201: sentSchema, ...errors(400, 401, 403, 404, 409, 413, 422) },
      },
    }, async (request, reply) => {
      const sent = await replyToMessage(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.messageId.toLowerCase(), {
        text: request.body.text, attachments: request.body.attachments ?? [],
      });
      return reply.status(201).send(sent);
    },
  );

  app.get<{ Querystring: { q?: string } }>('/contact-points', {
    schema: {
      tags: ['portal'],
      summary: 'Contact points you can write to, with their limits',
      querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200, description: 'words in the name, description, group or organisation' } }, additionalProperties: false },
      response: { 200: { type: 'object', properties: { contactPoints: { type: 'array', items: contactPointSchema } } }, ...errors(400, 401) },
    },
  }, async (request) => {
    sessionOf(request);
    return { contactPoints: await listContactPoints(ctx, request.query.q) };
  });

  app.post<{ Params: { mailboxId: string }; Body: { contactPointId: string; label: string; text: string; attachments: AttachmentInput[] } }>(
    '/mailboxes/:mailboxId/messages', {
      bodyLimit: WRITE_BODY_LIMIT,
      schema: {
        tags: ['portal'],
        summary: 'Write a new message to a contact point',
        description: 'Composed and delivered like a reply, without ReplyData; it starts its own thread and appears in Sendt.',
        params: mailboxParams,
        body: {
          type: 'object',
          properties: {
            contactPointId: { type: 'string', pattern: UUID_PATTERN },
            label: { type: 'string', minLength: 1, maxLength: 256, description: 'the title' },
            text,
            attachments: attachmentsSchema,
          },
          required: ['contactPointId', 'label', 'text'],
          additionalProperties: false,
        },
        response: { 201: sentSchema, ...errors(400, 401, 403, 404, 413, 422) },
      },
    }, async (request, reply) => {
      const { contactPointId, label, text: body, attachments } = request.body;
      const sent = await writeToContactPoint(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), {
        contactPointId: contactPointId.toLowerCase(), label, text: body, attachments: attachments ?? [],
      });
      return reply.status(201).send(sent);
    },
  );
}
