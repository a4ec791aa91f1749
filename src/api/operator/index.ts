import type { FastifyInstance } from 'fastify';
import type { AdminContext } from '../../admin/index.ts';

/** `/api/operator/…`: the operator API, with its own credentials (operator keys), not an organisation's. */
export async function operatorApi(_app: FastifyInstance, _ctx: AdminContext): Promise<void> {
  // filled in by #9's work
}
