import type { FastifyInstance } from 'fastify';
import { selfTest, type DoctorContext } from '../../admin/index.ts';
import { AdminParams, DoctorReport } from '../../contract/index.ts';
import { errors } from '../errors.ts';
import { ORGANISATION_PATH as BASE, who } from './organisation-scope.ts';

/** `POST …/doctor`: "Test om det virker" for the organisation's administrators (docs/doctor.md). */
export function doctorRoutes(app: FastifyInstance, ctx: DoctorContext): void {
  app.post<{ Params: AdminParams }>(`${BASE}/doctor`, {
    schema: {
      tags: ['self-test'], summary: 'Check the organisation\'s whole set-up and prove it end to end ("Test om det virker")',
      description: 'Letters go through the real delivery to a test recipient, and a reply comes back, in a transaction that is rolled back: '
        + 'nothing is stored but the event of the run. Every check is green or red; a red one says what to change and where.',
      params: AdminParams, response: { 200: DoctorReport, ...errors(401, 403, 404) },
    },
  }, async (request): Promise<DoctorReport> => selfTest(ctx, ...who(request)));
}
