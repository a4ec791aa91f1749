import type { FastifyReply } from 'fastify';

/** A CSV file the browser downloads (statistics, the audit trail): never cached, never sniffed as anything else. */
export function sendCsv(reply: FastifyReply, file: { filename: string; body: string | Buffer }): FastifyReply {
  return reply.headers({
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${file.filename}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  }).send(file.body);
}
