import type { FastifyInstance } from 'fastify';
import { ContactPointPage, ContactPointQuery } from '../../contract/index.ts';
import { listPublicContactPoints, type SendContext } from '../../delivery/index.ts';
import { errors } from '../errors.ts';
import { pageCounts } from './paging.ts';

export function contactPointRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.get<{ Querystring: ContactPointQuery }>('/contact-points', {
    schema: {
      tags: ['contact points'],
      summary: 'List the active, visible contact points citizens and companies can write to, with parentId for their hierarchy (hidden ones take mail by id but are not listed)',
      querystring: ContactPointQuery,
      response: { 200: ContactPointPage, ...errors(400, 401) },
    },
  }, async (request): Promise<ContactPointPage> => {
    const { page, size } = request.query;
    const { contactPoints, total } = await listPublicContactPoints(ctx, request.query);
    return { contactPoints, ...pageCounts(page, size, contactPoints.length, total) };
  });
}
