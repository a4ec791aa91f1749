import type { FastifyInstance } from 'fastify';
import type { AdminContext } from '../../admin/index.ts';

export function profileRoutes(_app: FastifyInstance, _ctx: AdminContext): void {
  // filled in by #9's work
}
