import type { FastifyInstance } from 'fastify';
import { parseCpr, parseCvr, type RegistryEntry } from '../../domain/index.ts';
import type { SendContext } from '../../delivery/index.ts';
import { appendEvents, findRecipient } from '../../store/index.ts';
import { ApiError } from '../errors.ts';
import { systemOf } from '../system-auth.ts';
import { errors } from './schemas.ts';

type Lookup = { cprNumber?: string; cvrNumber?: string };

const contactSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['CITIZEN', 'COMPANY'] },
    cprNumber: { type: 'string' },
    cvrNumber: { type: 'string' },
    productionUnits: { type: 'array', items: { type: 'string' } },
    mailboxSubscription: {
      type: 'object',
      properties: { publicRegistrationStatus: { type: 'string', enum: ['REGISTERED', 'EXEMPT', 'CLOSED'] } },
    },
  },
} as const;

const searchResultSchema = {
  type: 'object',
  description: 'NgDP `ContactSearchResult`: empty when nobody with that number has a mailbox.',
  properties: {
    contacts: { type: 'array', items: contactSchema },
    currentPage: { type: 'integer' }, totalPages: { type: 'integer' }, elementsOnPage: { type: 'integer' }, totalElements: { type: 'integer' },
  },
} as const;

const lookupSchema = {
  type: 'object',
  properties: { cprNumber: { type: 'string' }, cvrNumber: { type: 'string' } },
  additionalProperties: false,
} as const;

function publicStatus(entry: RegistryEntry): 'REGISTERED' | 'EXEMPT' | 'CLOSED' {
  if (entry.status === 'closed') return 'CLOSED';
  return entry.status === 'exempt' ? 'EXEMPT' : 'REGISTERED';
}

export function contactRoutes(app: FastifyInstance, ctx: SendContext): void {
  const lookup = async (system: ReturnType<typeof systemOf>, query: Lookup) => {
    if ((query.cprNumber === undefined) === (query.cvrNumber === undefined)) {
      throw new ApiError(400, 'REQUEST_INVALID', 'Give exactly one of cprNumber and cvrNumber.');
    }
    const idType = query.cprNumber !== undefined ? 'CPR' : 'CVR';
    const id = idType === 'CPR' ? parseCpr(query.cprNumber!) : parseCvr(query.cvrNumber!);
    if (!id) throw new ApiError(400, 'REQUEST_INVALID', `The ${idType} number is not well-formed.`);
    const entry = await findRecipient(ctx.db, idType, id);
    await appendEvents(ctx.db, ctx.eventChains, [{
      type: idType === 'CPR' ? 'CPR_LOOKED_UP' : 'CVR_LOOKED_UP', actor: `system:${system.id}`,
      mailboxId: entry?.mailboxId ?? null, data: { found: entry !== undefined },
    }]);
    const contacts = entry && entry.mailboxId !== null ? [{
      type: entry.kind === 'citizen' ? 'CITIZEN' : 'COMPANY',
      ...(idType === 'CPR' ? { cprNumber: id } : { cvrNumber: id }),
      ...(entry.kind === 'organisation' ? { productionUnits: entry.pNumbers } : {}),
      mailboxSubscription: { publicRegistrationStatus: publicStatus(entry) },
    }] : [];
    return { contacts, currentPage: 0, totalPages: contacts.length, elementsOnPage: contacts.length, totalElements: contacts.length };
  };

  app.get<{ Querystring: Lookup }>('/contacts', {
    schema: {
      tags: ['contacts'],
      summary: 'Look a recipient up: registered, exempt or closed',
      description: 'NgDP-compatible form. The CPR number is in the URL here; prefer `POST /contacts/search`, which keeps it out of URLs and access logs.',
      querystring: lookupSchema,
      response: { 200: searchResultSchema, ...errors(400, 401) },
    },
  }, async (request) => lookup(systemOf(request), request.query));

  app.post<{ Body: Lookup }>('/contacts/search', {
    schema: {
      tags: ['contacts'],
      summary: 'Look a recipient up (number in the body)',
      body: lookupSchema,
      response: { 200: searchResultSchema, ...errors(400, 401) },
    },
  }, async (request) => lookup(systemOf(request), request.body));
}
