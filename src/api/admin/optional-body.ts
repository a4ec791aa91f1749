import type { FastifyRequest } from 'fastify';

/** preValidation for a route whose JSON body may be left out: a request without one is read as `{}`. */
export const optionalBody = async (request: FastifyRequest): Promise<void> => {
  request.body ??= {};
};
