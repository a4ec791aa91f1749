import type { FastifyInstance } from 'fastify';
import type { ProviderFetch } from '../../auth/index.ts';

/**
 * A fetch that hands requests for `path` on PUBLIC_URL (a provider that this app serves itself) to
 * the app (`inject`) instead of the network: the server need not reach itself at PUBLIC_URL
 * (containers, proxies, TLS in front). Everything else goes to the network.
 */
export function inProcessFetch(app: FastifyInstance, publicUrl: string, path: string): ProviderFetch {
  const base = new URL(publicUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  const prefix = `${basePath}${path}/`;
  return async (url, init) => {
    const target = new URL(url);
    if (target.origin !== base.origin || !target.pathname.startsWith(prefix)) return fetch(url, init as RequestInit);
    const body = init.body;
    const payload = body === undefined || body === null ? undefined
      : typeof body === 'string' ? body
        : body instanceof URLSearchParams ? body.toString()
          : body instanceof ArrayBuffer || body instanceof Uint8Array ? Buffer.from(body as Uint8Array)
            : undefined;
    const response = await app.inject({
      method: init.method as 'GET',
      url: `${target.pathname.slice(basePath.length)}${target.search}`,
      headers: { ...init.headers, host: base.host },
      ...(payload !== undefined ? { payload } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
    }
    const empty = response.statusCode === 204 || response.statusCode === 304;
    return new Response(empty ? null : new Uint8Array(response.rawPayload), { status: response.statusCode, headers });
  };
}
