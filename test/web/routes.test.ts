// How the server serves the portal (src/api/web.ts): the single-page app with its fallback, DKFDS
// unchanged, the security headers, and nothing of the app under the server's own paths.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppOptions } from '../../src/api/options.ts';
import { ApiError, errorHandler } from '../../src/api/errors.ts';
import { DKFDS_DIST, WEB_DIST, webRoutes } from '../../src/api/web.ts';
import { runCommand } from '../helpers/process.ts';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('serving the web portal', () => {
  let app: FastifyInstance;

  before(async () => {
    const build = await runCommand(process.execPath, ['web/build-if-stale.mjs'], {}, { timeoutMs: 180_000 });
    assert.equal(build.code, 0, `building the web app failed:\n${build.stdout}\n${build.stderr}`);
    app = Fastify();
    app.setNotFoundHandler((request, reply) => {
      reply.status(404).send({ errorCode: 'NOT_FOUND', errorMessage: `No such resource: ${request.method} ${request.url.split('?')[0]}` });
    });
    await webRoutes(app, {} as AppOptions);
    app.setErrorHandler(errorHandler);
    const unauthenticated = async () => { throw new ApiError(401, 'UNAUTHENTICATED', 'Log in first.'); };
    app.get('/api/session', unauthenticated);
    app.get('/apis/v1/memos', unauthenticated);
    await app.ready();
  });

  after(async () => {
    await app?.close();
  });

  it('answers every page address with the app, under a strict policy', async () => {
    for (const url of ['/', '/postkasse/1/2', '/postkasse/1/besked/2?x=1', '/index.html']) {
      const response = await app.inject({ url, headers: HTML });
      assert.equal(response.statusCode, 200, url);
      assert.match(response.headers['content-type'] as string, /^text\/html/);
      assert.match(response.body, /<div id="root"><\/div>/);
      assert.equal(response.headers['content-security-policy'],
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'; object-src 'self'; base-uri 'self'; frame-ancestors 'self'");
      assert.equal(response.headers['x-frame-options'], 'SAMEORIGIN');
      assert.equal(response.headers['referrer-policy'], 'same-origin');
      assert.equal(response.headers['cache-control'], 'no-cache');
    }
  });

  it('has no inline script or style in the page (the policy would block it)', async () => {
    const html = (await app.inject({ url: '/', headers: HTML })).body;
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
    assert.doesNotMatch(html, /<style\b|\sstyle=/);
    assert.match(html, /href="\/dkfds\/css\/dkfds-borgerdk\.min\.css"/);
  });

  it('serves the built assets with long caching', async () => {
    const assets = readdirSync(join(WEB_DIST, 'assets'));
    const script = assets.find((name) => name.endsWith('.js'))!;
    const response = await app.inject({ url: `/assets/${script}` });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /javascript/);
    assert.match(response.headers['cache-control'] as string, /immutable/);
    assert.equal((await app.inject({ url: '/assets/missing.js', headers: HTML })).statusCode, 404);
    assert.equal((await app.inject({ url: '/favicon.ico' })).statusCode, 200);
  });

  it('serves DKFDS unchanged at /dkfds/', async () => {
    for (const file of ['css/dkfds-borgerdk.min.css', 'css/dkfds-virkdk.min.css', 'img/all-svg-icons.svg']) {
      const response = await app.inject({ url: `/dkfds/${file}` });
      assert.equal(response.statusCode, 200, file);
      assert.deepEqual(response.rawPayload, readFileSync(join(DKFDS_DIST, file)), file);
    }
    const font = readdirSync(join(DKFDS_DIST, 'fonts', 'IBMPlexSans', 'complete', 'woff2'))[0]!;
    assert.equal((await app.inject({ url: `/dkfds/fonts/IBMPlexSans/complete/woff2/${font}` })).statusCode, 200);
    assert.notEqual((await app.inject({ url: '/dkfds/../package.json' })).statusCode, 200);
    assert.notEqual((await app.inject({ url: '/dkfds/%2e%2e/package.json' })).statusCode, 200);
  });

  it('leaves the server\'s own paths alone, even for browsers', async () => {
    for (const url of ['/api', '/api/nothing', '/apis/v1/nothing', '/auth/nothing', '/dev-idp/nothing', '/docs/nothing', '/metrics/x', '/health/x', '/dkfds', '/dkfds/nothing.css']) {
      const response = await app.inject({ url, headers: HTML });
      assert.equal(response.statusCode, 404, url);
      assert.match(response.headers['content-type'] as string, /application\/json/, url);
    }
  });

  it('answers non-HTML requests for unknown paths with 404', async () => {
    const response = await app.inject({ url: '/postkasse/1/2', headers: { accept: 'application/json' } });
    assert.equal(response.statusCode, 404);
  });

  it('challenges for Basic credentials on the system API\'s 401 only (on the portal API browsers would show a password dialog)', async () => {
    const portal = await app.inject({ url: '/api/session' });
    assert.equal(portal.statusCode, 401);
    assert.equal(portal.headers['www-authenticate'], undefined);
    const system = await app.inject({ url: '/apis/v1/memos' });
    assert.equal(system.statusCode, 401);
    assert.equal(system.headers['www-authenticate'], 'Basic realm="Kuvert"');
  });
});
