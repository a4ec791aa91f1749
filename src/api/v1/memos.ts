import type { FastifyInstance } from 'fastify';
import { fetchMemo, listQueue, memoMetadata, recordBusinessReceipt, removeQueued, sendMemo, type SendContext } from '../../delivery/index.ts';
import {
  BusinessReceipt, BusinessReceiptInput, MemoMetadata, MemoXml, NoContent, PagingQuery, PagingResultUUID, Receipt, SendQuery, UuidParams,
} from '../../contract/index.ts';
import { ApiError, errors } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import { systemOf } from '../system-auth.ts';
import { paging } from './paging.ts';
import { sendStatus } from './send-status.ts';

const notQueued = () => new ApiError(404, 'MEMO_NOT_FOUND', 'No message with this UUID is waiting for this system.');

export function memoRoutes(app: FastifyInstance, ctx: SendContext, bodyLimit: number, metrics: Metrics): void {
  app.post<{ Querystring: SendQuery }>('/memos', {
    bodyLimit,
    schema: {
      tags: ['memos'],
      summary: 'Send a MeMo message (sender systems)',
      description: 'Body: the MeMo 1.1 or 1.2 XML document, `Content-Type: application/xml`. '
        + 'Answers 201 with a RECEIVED receipt for a new message, 200 with the original receipt when the same document is sent again, '
        + '400 INVALID (details name each problem), 403/422 NOT_ALLOWED, 409 when the UUID was used for a different document. Nothing is stored for a refused message.',
      querystring: SendQuery,
      response: { 200: Receipt, 201: Receipt, 400: Receipt, 403: Receipt, 409: Receipt, 422: Receipt, ...errors(401, 413, 415) },
    },
  }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body)) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the MeMo document as application/xml.');
    const outcome = await sendMemo(ctx, systemOf(request), request.body, request.query['memo-message-uuid']);
    metrics.memosSent.inc({ receipt_status: outcome.receipt.receiptStatus, error_code: outcome.receipt.errorCode ?? '' });
    return reply.status(sendStatus(outcome)).send(outcome.receipt);
  });

  app.get<{ Querystring: PagingQuery }>('/memos', {
    schema: {
      tags: ['memos'],
      summary: 'List the UUIDs of messages waiting for this recipient system',
      querystring: PagingQuery,
      response: { 200: PagingResultUUID, ...errors(400, 401) },
    },
  }, async (request): Promise<PagingResultUUID> => {
    const { page, size } = request.query;
    const result = await listQueue(ctx, systemOf(request), page, size);
    return { content: result.uuids, ...paging(page, size, result.total) };
  });

  app.get<{ Params: UuidParams }>('/memos/:uuid', {
    schema: {
      tags: ['memos'],
      summary: 'Fetch a message: the MeMo XML exactly as the sender sent it',
      params: UuidParams,
      produces: ['application/xml'],
      response: { 200: MemoXml, ...errors(401, 404) },
    },
  }, async (request, reply) => {
    const xml = await fetchMemo(ctx, systemOf(request), request.params.uuid.toLowerCase());
    if (xml === undefined) throw notQueued();
    return reply.type('application/xml; charset=utf-8').send(xml);
  });

  app.get<{ Params: UuidParams }>('/memos/:uuid/metadata', {
    schema: {
      tags: ['memos'],
      summary: 'What Kuvert knows of a waiting message beside its document: material, subscription group, the folder it was filed in',
      description: 'A Kuvert extension. Reading it does not count as fetching the message.',
      params: UuidParams,
      response: { 200: MemoMetadata, ...errors(401, 404) },
    },
  }, async (request): Promise<MemoMetadata> => {
    const metadata = await memoMetadata(ctx, systemOf(request), request.params.uuid.toLowerCase());
    if (metadata === undefined) throw notQueued();
    return metadata;
  });

  app.post<{ Params: UuidParams; Body: BusinessReceiptInput | undefined }>(
    '/memos/:uuid/receipt', {
      schema: {
        tags: ['memos'],
        summary: 'Give a business receipt for a fetched message',
        description: 'Body (optional): `{"receiptStatus":"COMPLETED"|"FAILED","errorCode":…,"errorMessage":…}`; without a body COMPLETED is recorded.',
        params: UuidParams,
        body: BusinessReceiptInput,
        response: { 201: BusinessReceipt, ...errors(400, 401, 404) },
      },
    }, async (request, reply) => {
      const body = request.body ?? {};
      const receiptStatus = body.receiptStatus ?? 'COMPLETED';
      const stored = await recordBusinessReceipt(ctx, systemOf(request), request.params.uuid.toLowerCase(), {
        receiptStatus, errorCode: body.errorCode, errorMessage: body.errorMessage,
      });
      if (!stored) throw notQueued();
      const answer: BusinessReceipt = { id: stored.id, messageUUID: request.params.uuid.toLowerCase(), receiptStatus, timeStamp: stored.createdAt.toISOString() };
      return reply.status(201).send(answer);
    },
  );

  app.delete<{ Params: UuidParams }>('/memos/:uuid', {
    schema: {
      tags: ['memos'],
      summary: "Remove a message from this system's queue (it stays in the mailbox)",
      params: UuidParams,
      response: { 204: NoContent, ...errors(401, 404) },
    },
  }, async (request, reply) => {
    if (!(await removeQueued(ctx, systemOf(request), request.params.uuid.toLowerCase()))) throw notQueued();
    return reply.status(204).send();
  });
}
