import type { FastifyInstance } from 'fastify';
import type { SendContext } from '../../delivery/index.ts';
import { errors } from './schemas.ts';

const contactPointSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    description: { type: 'string' },
    organisationId: { type: 'string', format: 'uuid' },
    organisationCvr: { type: 'string' },
    organisationName: { type: 'string' },
    contactGroups: { type: 'array', items: { type: 'string' } },
    memoSizeThresholdMB: { type: 'number' },
    allowedNumberOfAttachments: { type: 'integer' },
  },
} as const;

export function contactPointRoutes(app: FastifyInstance, ctx: SendContext): void {
  app.get<{ Querystring: { page: number; size: number; organisationCvr?: string; q?: string } }>('/contact-points', {
    schema: {
      tags: ['contact points'],
      summary: 'List the active, visible contact points citizens and companies can write to',
      querystring: {
        type: 'object',
        properties: {
          page: { type: 'integer', minimum: 0, default: 0 },
          size: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          organisationCvr: { type: 'string', pattern: '^[0-9]{8}$' },
          q: { type: 'string', maxLength: 200, description: 'words in the name or description' },
        },
        additionalProperties: false,
      },
      response: {
        200: {
          type: 'object',
          properties: {
            contactPoints: { type: 'array', items: contactPointSchema },
            currentPage: { type: 'integer' }, totalPages: { type: 'integer' }, elementsOnPage: { type: 'integer' }, totalElements: { type: 'integer' },
          },
        },
        ...errors(400, 401),
      },
    },
  }, async (request) => {
    const { page, size, organisationCvr, q } = request.query;
    let query = ctx.db.selectFrom('contact_point').innerJoin('organisation', 'organisation.id', 'contact_point.organisation_id')
      .where('contact_point.active', '=', true).where('contact_point.visible', '=', true).where('organisation.status', '=', 'active');
    if (organisationCvr) query = query.where('organisation.cvr', '=', organisationCvr);
    if (q) {
      const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('contact_point.name', 'ilike', pattern), eb('contact_point.description', 'ilike', pattern)]));
    }
    const [rows, count] = await Promise.all([
      query.select([
        'contact_point.id', 'contact_point.name', 'contact_point.description', 'contact_point.contact_group', 'contact_point.memo_size_threshold_mb',
        'contact_point.allowed_attachments', 'organisation.id as organisation_id', 'organisation.cvr', 'organisation.name as organisation_name',
      ]).orderBy('organisation.name').orderBy('contact_point.name').limit(size).offset(page * size).execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const total = Number(count.n);
    return {
      contactPoints: rows.map((r) => ({
        id: r.id, name: r.name, description: r.description, organisationId: r.organisation_id, organisationCvr: r.cvr,
        organisationName: r.organisation_name, contactGroups: r.contact_group ? [r.contact_group] : [],
        memoSizeThresholdMB: r.memo_size_threshold_mb, allowedNumberOfAttachments: r.allowed_attachments,
      })),
      currentPage: page, totalPages: Math.ceil(total / size), elementsOnPage: rows.length, totalElements: total,
    };
  });
}
