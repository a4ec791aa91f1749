import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  memosSent: Counter<'receipt_status' | 'error_code'>;
}

/** Prometheus metrics at /metrics: process figures, request durations per route, receipts by status. */
export function registerMetrics(app: FastifyInstance): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'kuvert_http_request_duration_seconds', help: 'HTTP request duration', registers: [registry],
    labelNames: ['method', 'route', 'status'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  });
  const memosSent = new Counter({
    name: 'kuvert_memos_sent_total', help: 'MeMo sends by receipt status', registers: [registry], labelNames: ['receipt_status', 'error_code'] as const,
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  return { registry, memosSent };
}
