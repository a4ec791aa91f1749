import type { FastifyInstance } from 'fastify';
import { ContactLookup, ContactSearchResult } from '../../contract/index.ts';
import { lookUpContact, type SendContext } from '../../delivery/index.ts';
import { errors } from '../errors.ts';
import { pageCounts } from './paging.ts';
import { systemOf } from '../system-auth.ts';

export function contactRoutes(app: FastifyInstance, ctx: SendContext): void {
  const lookup = async (system: ReturnType<typeof systemOf>, query: ContactLookup): Promise<ContactSearchResult> => {
    const contacts = await lookUpContact(ctx, system, query);
    // one number has at most one contact: all on one page
    return { contacts, ...pageCounts(0, Math.max(1, contacts.length), contacts.length, contacts.length) };
  };

  app.get<{ Querystring: ContactLookup }>('/contacts', {
    schema: {
      tags: ['contacts'],
      summary: 'Look a recipient up: registered, exempt or closed',
      description: 'NgDP-compatible form. The CPR number is in the URL here; prefer `POST /contacts/search`, which keeps it out of URLs and access logs.',
      querystring: ContactLookup,
      response: { 200: ContactSearchResult, ...errors(400, 401) },
    },
  }, async (request) => lookup(systemOf(request), request.query));

  app.post<{ Body: ContactLookup }>('/contacts/search', {
    schema: {
      tags: ['contacts'],
      summary: 'Look a recipient up (number in the body)',
      body: ContactLookup,
      response: { 200: ContactSearchResult, ...errors(400, 401) },
    },
  }, async (request) => lookup(systemOf(request), request.body));
}
