import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorBody } from '../contract/index.ts';
import { Refusal, type RefusalKind } from '../domain/index.ts';

/** The error body of every 4xx and 5xx: a stable machine code and a human sentence (src/contract/errors.ts). */
export { ErrorBody } from '../contract/index.ts';

/** Route `schema.response` entries for error statuses: each answers an `ErrorBody`. */
export const errors = (...codes: number[]): Record<number, typeof ErrorBody> => Object.fromEntries(codes.map((c) => [c, ErrorBody]));

export class ApiError extends Error {
  constructor(readonly statusCode: number, readonly errorCode: string, message: string, readonly details?: unknown[]) {
    super(message);
  }
}

/** The one place a domain refusal becomes an HTTP status. */
export const REFUSAL_STATUS = {
  invalid: 400, unauthenticated: 401, forbidden: 403, 'not-found': 404, conflict: 409, 'too-large': 413, 'not-allowed': 422, 'too-many-attempts': 429,
} as const satisfies Record<RefusalKind, number>;

const FASTIFY_CODES: Record<string, [string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['BODY_TOO_LARGE', 'The request body is larger than this server accepts.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 'This Content-Type is not accepted here.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['BAD_CONTENT_LENGTH', 'Content-Length does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['REQUEST_INVALID', 'The JSON body is empty.'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['REQUEST_INVALID', 'The JSON body is not valid JSON.'],
};

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof Refusal) {
    const status = REFUSAL_STATUS[error.kind];
    if (status === 401 && request.url.startsWith('/apis/')) reply.header('www-authenticate', 'Basic realm="Kuvert"');
    reply.status(status).send({ errorCode: error.code, errorMessage: error.message, ...(error.details ? { details: error.details } : {}) });
    return;
  }
  if (error instanceof ApiError) {
    // only the system API challenges for Basic credentials: on /api a browser would open its password dialog
    if (error.statusCode === 401 && request.url.startsWith('/apis/')) reply.header('www-authenticate', 'Basic realm="Kuvert"');
    reply.status(error.statusCode).send({ errorCode: error.errorCode, errorMessage: error.message, ...(error.details ? { details: error.details } : {}) });
    return;
  }
  const status = error.statusCode ?? 500;
  if (error.validation) {
    reply.status(400).send({
      errorCode: 'REQUEST_INVALID',
      errorMessage: `The request is not valid: ${error.message}`,
      details: error.validation.map((v) => ({ path: v.instancePath || v.params?.missingProperty || '', message: v.message })),
    });
    return;
  }
  if (status < 500) {
    const [errorCode, errorMessage] = FASTIFY_CODES[error.code] ?? [error.code ?? 'REQUEST_INVALID', error.message];
    reply.status(status).send({ errorCode, errorMessage });
    return;
  }
  request.log.error({ err: error }, 'request failed');
  reply.status(500).send({ errorCode: 'INTERNAL_ERROR', errorMessage: 'Something went wrong on our side; the request was not completed.' });
}
