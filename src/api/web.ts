import type { FastifyInstance } from 'fastify';
import type { AppOptions } from './app.ts';

/** The portal's web pages (built from web/) and DKFDS assets. */
export async function webRoutes(_app: FastifyInstance, _options: AppOptions): Promise<void> {}
