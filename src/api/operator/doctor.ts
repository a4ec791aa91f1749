import type { FastifyInstance } from 'fastify';
import { selfTestByCvr, type DoctorContext } from '../../admin/index.ts';
import { DoctorReport, OperatorOrganisationParams } from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { OPERATOR_SECURITY, operatorActor } from './auth.ts';

/** `POST /api/operator/organisations/:cvr/doctor`: `kuvert doctor <cvr>` (docs/doctor.md). */
export function doctorRoutes(app: FastifyInstance, ctx: DoctorContext): void {
  app.post<{ Params: OperatorOrganisationParams }>('/organisations/:cvr/doctor', {
    schema: {
      tags: ['operator'], security: OPERATOR_SECURITY, summary: 'The self-test of an organisation ("Test om det virker"), as its administrators run it in the portal',
      params: OperatorOrganisationParams, response: { 200: DoctorReport, ...errors(400, 401, 404, 429) },
    },
  }, async (request): Promise<DoctorReport> => selfTestByCvr(ctx, operatorActor(request), request.params.cvr));
}
