import type { FastifyInstance } from 'fastify';
import { DEMO } from '../../src/demo/index.ts';

type DemoSystem = keyof typeof DEMO.systems;

export function basic(system: DemoSystem | { id: string; secret: string }): string {
  const s = typeof system === 'string' ? DEMO.systems[system] : system;
  return `Basic ${Buffer.from(`${s.id}:${s.secret}`).toString('base64')}`;
}

export async function send(app: FastifyInstance, xml: string | Buffer, options: { system?: DemoSystem; uuid?: string; contentType?: string } = {}) {
  const response = await app.inject({
    method: 'POST',
    url: `/apis/v1/memos${options.uuid ? `?memo-message-uuid=${options.uuid}` : ''}`,
    headers: { authorization: basic(options.system ?? 'authoritySender'), 'content-type': options.contentType ?? 'application/xml' },
    payload: xml,
  });
  return { status: response.statusCode, body: response.json() as Record<string, any> };
}

export async function call(app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', url: string, system: DemoSystem, payload?: unknown) {
  return app.inject({
    method, url: `/apis/v1${url}`, headers: { authorization: basic(system) },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}
