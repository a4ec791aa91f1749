import type { FastifyInstance } from 'fastify';
import { fetchMemo, listQueue, recordBusinessReceipt, removeQueued, sendMemo, type SendContext } from '../../delivery/index.ts';
import { ApiError } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import { systemOf } from '../system-auth.ts';
import { errors, pagingQuerySchema, pagingResultUuidSchema, paging, receiptSchema, uuidParamSchema } from './schemas.ts';

const notQueued = () => new ApiError(404, 'MEMO_NOT_FOUND', 'No message with this UUID is waiting for this system.');

export function memoRoutes(app: FastifyInstance, ctx: SendContext, bodyLimit: number, metrics: Metrics): void {
  app.post<{ Querystring: { 'memo-message-uuid'?: string } }>('/memos', {
    bodyLimit,
    schema: {
      tags: ['memos'],
      summary: 'Send a MeMo message (sender systems)',
      description: 'Body: the MeMo 1.1 or 1.2 XML document, `Content-Type: application/xml`. '
        + 'Answers 201 with a RECEIVED receipt for a new message, 200 with the original receipt when the same document is sent again, '
        + '400 INVALID (details name each problem), 403/422 NOT_ALLOWED, 409 when the UUID was used for a different document. Nothing is stored for a refused message.',
      querystring: { type: 'object', properties: { 'memo-message-uuid': { type: 'string' } } },
      response: { 200: receiptSchema, 201: receiptSchema, 400: receiptSchema, 403: receiptSchema, 409: receiptSchema, 422: receiptSchema, ...errors(401, 413, 415) },
    },
  }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body)) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the MeMo document as application/xml.');
    const outcome = await sendMemo(ctx, systemOf(request), request.body, request.query['memo-message-uuid']);
    metrics.memosSent.inc({ receipt_status: outcome.receipt.receiptStatus, error_code: outcome.receipt.errorCode ?? '' });
    return reply.status(outcome.httpStatus).send(outcome.receipt);
  });

  app.get<{ Querystring: { page: number; size: number } }>('/memos', {
    schema: {
      tags: ['memos'],
      summary: 'List the UUIDs of messages waiting for this recipient system',
      querystring: pagingQuerySchema,
      response: { 200: pagingResultUuidSchema, ...errors(400, 401) },
    },
  }, async (request) => {
    const { page, size } = request.query;
    const result = await listQueue(ctx, systemOf(request), page, size);
    return { content: result.uuids, ...paging(page, size, result.total) };
  });

  app.get<{ Params: { uuid: string } }>('/memos/:uuid', {
    schema: {
      tags: ['memos'],
      summary: 'Fetch a message: the MeMo XML exactly as the sender sent it',
      params: uuidParamSchema,
      produces: ['application/xml'],
      response: { 200: { type: 'string', description: 'MeMo XML' }, ...errors(401, 404) },
    },
  }, async (request, reply) => {
    const xml = await fetchMemo(ctx, systemOf(request), request.params.uuid.toLowerCase());
    if (xml === undefined) throw notQueued();
    return reply.type('application/xml; charset=utf-8').send(xml);
  });

  app.post<{ Params: { uuid: string }; Body: { receiptStatus?: 'COMPLETED' | 'FAILED'; errorCode?: string; errorMessage?: string } | undefined }>(
    '/memos/:uuid/receipt', {
      schema: {
        tags: ['memos'],
        summary: 'Give a business receipt for a fetched message',
        description: 'Body (optional): `{"receiptStatus":"COMPLETED"|"FAILED","errorCode":…,"errorMessage":…}`; without a body COMPLETED is recorded.',
        params: uuidParamSchema,
        body: {
          type: ['object', 'null'],
          properties: {
            receiptStatus: { type: 'string', enum: ['COMPLETED', 'FAILED'], default: 'COMPLETED' },
            errorCode: { type: 'string', maxLength: 256 },
            errorMessage: { type: 'string', maxLength: 2000 },
          },
          additionalProperties: false,
        },
        response: {
          201: { type: 'object', properties: { id: { type: 'string' }, messageUUID: { type: 'string' }, receiptStatus: { type: 'string' }, timeStamp: { type: 'string' } } },
          ...errors(400, 401, 404),
        },
      },
    }, async (request, reply) => {
      const body = request.body ?? {};
      const receiptStatus = body.receiptStatus ?? 'COMPLETED';
      const stored = await recordBusinessReceipt(ctx, systemOf(request), request.params.uuid.toLowerCase(), {
        receiptStatus, errorCode: body.errorCode, errorMessage: body.errorMessage,
      });
      if (!stored) throw notQueued();
      return reply.status(201).send({ id: stored.id, messageUUID: request.params.uuid.toLowerCase(), receiptStatus, timeStamp: stored.createdAt.toISOString() });
    },
  );

  app.delete<{ Params: { uuid: string } }>('/memos/:uuid', {
    schema: {
      tags: ['memos'],
      summary: "Remove a message from this system's queue (it stays in the mailbox)",
      params: uuidParamSchema,
      response: { 204: { type: 'null' }, ...errors(401, 404) },
    },
  }, async (request, reply) => {
    if (!(await removeQueued(ctx, systemOf(request), request.params.uuid.toLowerCase()))) throw notQueued();
    return reply.status(204).send();
  });
}
