import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../auth/guard.ts';
import type { SendContext } from '../../delivery/index.ts';
import { actionCalendar, HTML_CSP, messageFile } from '../../portal/index.ts';
import { ActionParams, FileBody, FileParams, FileQuery } from '../../contract/index.ts';
import { errors } from '../errors.ts';

export function fileRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.get<{ Params: FileParams; Querystring: FileQuery }>(
    '/mailboxes/:mailboxId/messages/:messageId/files/:fileId', {
      schema: {
        tags: ['portal'],
        summary: 'A document of a message',
        description: 'PDF inline; HTML sanitised (no scripts, event handlers or remote content) and served with '
          + `\`Content-Security-Policy: ${HTML_CSP}\`; plain text as \`text/plain; charset=utf-8\`; other types as an attachment; `
          + '`?download=1` always as an attachment. Always `X-Content-Type-Options: nosniff`; the file name in `Content-Disposition` (RFC 5987).',
        params: FileParams,
        querystring: FileQuery,
        produces: ['application/pdf', 'text/html', 'text/plain', 'application/octet-stream'],
        response: { 200: FileBody, ...errors(400, 401, 404) },
      },
    }, async (request, reply) => {
      const download = request.query.download === '1' || request.query.download === 'true';
      const file = await messageFile(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.messageId.toLowerCase(), request.params.fileId, download);
      return reply.headers(file.headers).send(file.body);
    },
  );

  app.get<{ Params: ActionParams }>('/mailboxes/:mailboxId/messages/:messageId/actions/:n/calendar.ics', {
    schema: {
      tags: ['portal'],
      summary: 'A reservation (appointment) of a message as an iCalendar file',
      params: ActionParams,
      produces: ['text/calendar'],
      response: { 200: FileBody, ...errors(400, 401, 404) },
    },
  }, async (request, reply) => {
    const file = await actionCalendar(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase(), request.params.messageId.toLowerCase(), request.params.n);
    return reply.headers(file.headers).send(file.body);
  });
}
