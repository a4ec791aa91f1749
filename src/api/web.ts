import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppOptions } from './options.ts';

/** The built portal (`npm run build:web`: web/ → web/dist) and DKFDS, served unchanged from its package. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));
export const DKFDS_DIST = join(packageRoot('dkfds'), 'dist');

/** The folder of an installed package (dkfds exports only its script, not its package.json). */
function packageRoot(name: string): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    let dir = dirname(require.resolve(name));
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    return dir;
  }
}

/** Paths that belong to the server, never to the single-page app. */
const SERVER_PREFIXES = ['/api', '/apis', '/auth', '/dev', '/dev-idp', '/docs', '/metrics', '/health', '/dkfds'];

/**
 * The portal's pages run under a strict policy: no inline script or style, nothing from elsewhere.
 * Documents are shown in frames of the same origin (PDF in a frame, HTML in a sandboxed frame).
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "frame-src 'self'",
  "object-src 'self'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': PAGE_CSP,
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

const NOT_BUILT = `<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kuvert – webportalen er ikke bygget</title>
<link rel="stylesheet" href="/dkfds/css/dkfds-virkdk.min.css"></head>
<body><main class="container page-container">
<h1>Webportalen er ikke bygget</h1>
<p>Kuvert kører, men webportalen (<code>web/dist</code>) mangler. Kør <code>npm run build:web</code> og genindlæs siden
(<code>npm start</code> bygger den selv).</p>
<p lang="en">The web portal has not been built: run <code>npm run build:web</code> and reload this page.</p>
</main></body></html>
`;

const isServerPath = (path: string) => SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') || accept.includes('application/xhtml+xml');
}

/** A file of web/dist the path names, if there is one (never outside web/dist). */
function builtFile(path: string): string | undefined {
  let relative: string;
  try {
    relative = decodeURIComponent(path).replace(/^\/+/, '');
  } catch {
    return undefined;
  }
  if (!relative || relative.includes('\0')) return undefined;
  const full = resolve(WEB_DIST, relative);
  if (!full.startsWith(WEB_DIST.endsWith(sep) ? WEB_DIST : WEB_DIST + sep)) return undefined;
  try {
    return statSync(full).isFile() ? relative : undefined;
  } catch {
    return undefined;
  }
}

/** The portal's web pages (built from web/) and DKFDS assets. */
export async function webRoutes(app: FastifyInstance, _options: AppOptions): Promise<void> {
  await app.register(async (web) => {
    web.addHook('onSend', async (_request, reply, payload) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        if (!reply.hasHeader(name)) reply.header(name, value);
      }
      return payload;
    });

    // DKFDS: CSS, fonts, icons, images (and its JS, which the portal does not need), as published
    await web.register(fastifyStatic, {
      root: DKFDS_DIST,
      prefix: '/dkfds/',
      index: false,
      maxAge: '1d',
      schemaHide: true,
    });

    const page = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (isServerPath(path)) return reply.callNotFound();

      // browsers ask for /favicon.ico on every page (also the login pages): the portal's icon
      const file = path === '/' || path === '/index.html' ? undefined : builtFile(path === '/favicon.ico' ? '/favicon.svg' : path);
      if (file) {
        // hashed build output never changes under its name; everything else is checked each time
        const immutable = file.startsWith('assets/');
        return reply.sendFile(file, WEB_DIST, immutable ? { maxAge: '365d', immutable: true } : { maxAge: 0 });
      }
      if (path.startsWith('/assets/') || !acceptsHtml(request)) return reply.callNotFound();

      if (!existsSync(join(WEB_DIST, 'index.html'))) {
        return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
      }
      // the single-page app answers every other address itself (/postkasse/…)
      return reply.header('cache-control', 'no-cache').sendFile('index.html', WEB_DIST, { cacheControl: false });
    };

    web.get('/', { schema: { hide: true } }, page);
    web.get('/*', { schema: { hide: true } }, page);
  });
}
