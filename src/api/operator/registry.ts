import type { FastifyInstance } from 'fastify';
import { importRegistry, type AdminContext } from '../../admin/index.ts';
import { RegistryImportQuery, RegistryImportResult } from '../../contract/index.ts';
import { REGISTRY_FILE_MAX_BYTES } from '../../domain/index.ts';
import { errors } from '../errors.ts';
import { OPERATOR_SECURITY, operatorActor } from './auth.ts';

/** `POST /api/operator/registry`: the registry import (docs/admin.md, "Registry import"), the file as the body. */
export function registryRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: REGISTRY_FILE_MAX_BYTES }, (_request, body, done) => done(null, body));

  app.post<{ Querystring: RegistryImportQuery; Body: Buffer }>('/registry', {
    schema: {
      tags: ['operator'], security: OPERATOR_SECURITY,
      summary: 'Import organisations and citizens from a registry file (the body, application/json); refused whole with every problem in `details`',
      querystring: RegistryImportQuery,
      response: { 200: RegistryImportResult, ...errors(400, 401, 413, 415, 429) },
    },
  }, async (request): Promise<RegistryImportResult> =>
    importRegistry(ctx.db, ctx.eventChains, request.body, { actor: operatorActor(request), dryRun: request.query.dryRun === true }));
}
