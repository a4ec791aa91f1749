import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { sessionOf } from '../auth/guard.ts';
import type { SendContext } from '../../delivery/index.ts';
import { listContactPoints, replyLimits, replyToMessage, writeLimits, writeToContactPoint } from '../../portal/index.ts';
import { ContactPointList, ContactPointSearch, MailboxParams, MessageForm, MessageParams, ReplyForm, Sent } from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { formInvalid, readMessageForm, type FieldRules } from './message-form.ts';

/** The text fields' limits, as the contract's form declares them (one declaration for the checks and the description). */
function fieldRules<F extends string>(properties: Record<F, object>, names: readonly F[]): FieldRules<F> {
  return Object.fromEntries(names.map((name) => {
    const { minLength, maxLength, pattern } = properties[name] as { minLength?: number; maxLength?: number; pattern?: string };
    if (maxLength === undefined) throw new Error(`form field ${name} needs a maxLength`);
    return [name, { maxLength, ...(minLength !== undefined ? { minLength } : {}), ...(pattern !== undefined ? { pattern: new RegExp(pattern) } : {}) }];
  })) as FieldRules<F>;
}

const REPLY_FIELDS = fieldRules(ReplyForm.properties, ['text']);
const MESSAGE_FIELDS = fieldRules(MessageForm.properties, ['contactPointId', 'label', 'text']);

/** The form in the OpenAPI description: it is read as it streams (readMessageForm), so Fastify does not validate a body. */
const documentedForm = (form: object): FastifyContextConfig => ({
  swaggerTransform: ({ schema, url }) => ({ schema: { ...schema, body: { content: { 'multipart/form-data': { schema: form } } } }, url }),
});

const ATTACHMENT_REFUSALS = '400 TOO_MANY_ATTACHMENTS and 413 MESSAGE_TOO_LARGE for attachments beyond the contact point\'s limits, as they arrive; '
  + '400 for other attachments it does not take; 415 for a body that is not multipart/form-data.';

export function writingRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.post<{ Params: MessageParams }>(
    '/mailboxes/:mailboxId/messages/:messageId/reply', {
      config: documentedForm(ReplyForm),
      schema: {
        tags: ['portal'],
        summary: 'Reply to a message',
        description: 'A MeMo message from you (CPR) or your organisation (CVR) to the sender organisation\'s contact point, with ReplyData naming '
          + 'the original, in the same thread. It is in your Sendt, in the recipient\'s Indbakke and in their systems\' queues. '
          + `403 REPLY_NOT_ALLOWED when the sender does not take replies (or your role may not send), 409 REPLY_DEADLINE_PASSED, ${ATTACHMENT_REFUSALS}`,
        params: MessageParams,
        response: { 201: Sent, ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    }, async (request, reply) => {
      const principal = sessionOf(request).principal;
      const mailboxId = request.params.mailboxId.toLowerCase();
      const messageId = request.params.messageId.toLowerCase();
      const limits = await replyLimits(ctx, principal, mailboxId, messageId);
      const form = await readMessageForm(request, REPLY_FIELDS, async () => limits);
      const sent = await replyToMessage(ctx, principal, mailboxId, messageId, { text: form.fields.text, attachments: form.attachments });
      return reply.status(201).send(sent);
    },
  );

  app.get<{ Querystring: ContactPointSearch }>('/contact-points', {
    schema: {
      tags: ['portal'],
      summary: 'Contact points you can write to, with their limits',
      querystring: ContactPointSearch,
      response: { 200: ContactPointList, ...errors(400, 401) },
    },
  }, async (request): Promise<ContactPointList> => {
    const { principal } = sessionOf(request);
    return { contactPoints: await listContactPoints(ctx, principal, request.query.q, request.query.mailboxId?.toLowerCase()) };
  });

  app.post<{ Params: MailboxParams }>(
    '/mailboxes/:mailboxId/messages', {
      config: documentedForm(MessageForm),
      schema: {
        tags: ['portal'],
        summary: 'Write a new message to a contact point',
        description: `Composed and delivered like a reply, without ReplyData; it starts its own thread and appears in Sendt. ${ATTACHMENT_REFUSALS}`,
        params: MailboxParams,
        response: { 201: Sent, ...errors(400, 401, 403, 404, 413, 415, 422) },
      },
    }, async (request, reply) => {
      const principal = sessionOf(request).principal;
      const mailboxId = request.params.mailboxId.toLowerCase();
      const limitsOf = writeLimits(ctx, principal, mailboxId);
      const form = await readMessageForm(request, MESSAGE_FIELDS, async ({ contactPointId }) => {
        if (!contactPointId) throw formInvalid('/contactPointId', 'must come before the attachments');
        return limitsOf(contactPointId.toLowerCase());
      });
      const { contactPointId, label, text } = form.fields;
      const sent = await writeToContactPoint(ctx, principal, mailboxId, {
        contactPointId: contactPointId.toLowerCase(), label, text, attachments: form.attachments,
      });
      return reply.status(201).send(sent);
    },
  );
}
