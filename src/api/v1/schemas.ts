import { errorSchema } from '../errors.ts';

export const receiptSchema = {
  type: 'object',
  description: 'Technical receipt of a send (NgDP `Receipt`).',
  properties: {
    transmissionId: { type: ['string', 'null'], format: 'uuid' },
    messageUUID: { type: ['string', 'null'], format: 'uuid' },
    messageId: { type: ['string', 'null'] },
    receiptStatus: { type: 'string', enum: ['RECEIVED', 'INVALID', 'NOT_ALLOWED'] },
    errorCode: { type: ['string', 'null'] },
    errorMessage: { type: ['string', 'null'] },
    timeStamp: { type: 'string', format: 'date-time' },
    details: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
    },
  },
  required: ['receiptStatus', 'timeStamp'],
} as const;

const pagingArguments = { type: ['object', 'null'], properties: { page: { type: 'integer' }, size: { type: 'integer' } } } as const;

export const pagingResultUuidSchema = {
  type: 'object',
  description: 'A page of message UUIDs (NgDP `PagingResultUUID`).',
  properties: {
    content: { type: 'array', items: { type: 'string', format: 'uuid' } },
    number: { type: 'integer' },
    size: { type: 'integer' },
    totalElements: { type: 'integer' },
    totalPages: { type: 'integer' },
    previous: pagingArguments,
    next: pagingArguments,
  },
} as const;

export const pagingQuerySchema = {
  type: 'object',
  properties: {
    page: { type: 'integer', minimum: 0, default: 0 },
    size: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  },
  additionalProperties: false,
} as const;

export const uuidParamSchema = {
  type: 'object',
  properties: { uuid: { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' } },
  required: ['uuid'],
} as const;

export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorSchema]));

export function paging(page: number, size: number, total: number) {
  const totalPages = Math.ceil(total / size);
  return {
    number: page,
    size,
    totalElements: total,
    totalPages,
    previous: page > 0 ? { page: page - 1, size } : null,
    next: page + 1 < totalPages ? { page: page + 1, size } : null,
  };
}
