import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { JSON_BODY_LIMIT, JSON_MAX_DEPTH, JsonDepth } from '../../src/api/json-body.ts';
import { DEMO } from '../../src/demo/index.ts';
import { testDatabases } from '../helpers/databases.ts';
import { startListeningKuvert, type ListeningKuvert } from '../helpers/login.ts';
import { api, deliver, login, messageForm, richLetter, snapshot, type Person } from './helpers.ts';

const [BORGERSERVICE] = DEMO.contactPoints.map((c) => c.id) as [string, string];
const PDF_HEAD = Buffer.from('%PDF-1.7\n');

describe('JSON nesting depth, as the body arrives', () => {
  const depthOk = (chunks: string[], max = 3) => {
    const depth = new JsonDepth(max);
    return chunks.every((chunk) => depth.feed(Buffer.from(chunk)));
  };

  it('counts arrays and objects, not brackets in strings (escaped quotes included), across chunks', () => {
    assert.equal(depthOk(['[{"a":[1]}]']), true);
    assert.equal(depthOk(['[{"a":[[1]]}]']), false);
    assert.equal(depthOk(['[[[]]][[[]]]']), true, 'depth goes down again');
    assert.equal(depthOk(['["[[[[", "\\"[[[[", {"k": "]]]]"}]']), true);
    assert.equal(depthOk(['["a\\', '"[[[[["]']), true, 'an escape split between chunks');
    assert.equal(depthOk(['["æ[[[', '[[["]', '[[[', '[']), false);
  });
});

/** Starts a multipart upload over HTTP: the fields, then one file of `size` bytes sent bit by bit — and never ends it. */
function unfinishedUpload(baseUrl: string, path: string, who: Person, parts: string, file: { filename: string; size: number }) {
  const boundary = `kuvert-${randomBytes(12).toString('hex')}`;
  const req = request(`${baseUrl}${path}`, { method: 'POST', headers: { ...who.headers, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  return new Promise<{ status: number; body: { errorCode?: string } }>((resolve, reject) => {
    const timer = setTimeout(() => { req.destroy(); reject(new Error('no answer while the upload was still streaming')); }, 15_000);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      });
    });
    req.on('error', (error) => { clearTimeout(timer); reject(error); });
    req.write(parts.replaceAll('BOUNDARY', boundary));
    req.write(`--${boundary}\r\ncontent-disposition: form-data; name="attachments"; filename="${file.filename}"\r\ncontent-type: application/pdf\r\n\r\n`);
    req.write(PDF_HEAD);
    const chunk = Buffer.alloc(64 * 1024, 0x25);
    let sent = 0;
    const pump = () => {
      while (sent < file.size && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

const textPart = (name: string, value: string, contentType?: string) =>
  `--BOUNDARY\r\ncontent-disposition: form-data; name="${name}"\r\n${contentType ? `content-type: ${contentType}\r\n` : ''}\r\n${value}\r\n`;

for (const database of testDatabases()) {
  describe(`portal request bodies (${database.name})`, () => {
    let kuvert: ListeningKuvert;
    let jens: Person;
    let karen: Person;
    let originalId: string;
    before(async () => {
      kuvert = await startListeningKuvert(database);
      [jens, karen] = [await login(kuvert.app, kuvert.store.db, 'demo-citizen-jens'), await login(kuvert.app, kuvert.store.db, 'demo-employee-karen')];
      originalId = await deliver(kuvert.app, kuvert.store.db, richLetter({ label: 'Send os din ansøgning', reply: true }));
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const base = (p: Person) => `/api/mailboxes/${p.mailboxId}`;
    const replyPath = () => `${base(jens)}/messages/${originalId}/reply`;
    const limitBorgerservice = (memoSizeThresholdMB: number, allowedAttachments: number) => db().updateTable('contact_point')
      .set({ memo_size_threshold_mb: memoSizeThresholdMB, allowed_attachments: allowedAttachments }).where('id', '=', BORGERSERVICE).execute();

    it('delivers a multipart reply with a PDF byte for byte, as the file endpoint gives it back', async () => {
      const pdf = Buffer.concat([PDF_HEAD, randomBytes(3 * 1024 * 1024), Buffer.from('\r\n--\r\n%%EOF\n')]);
      const form = messageForm({ text: 'Her er min ansøgning.\nVenlig hilsen Jens' }, [{ filename: 'Ansøgning – endelig.pdf', contentType: 'application/pdf', content: pdf }]);
      const response = await fetch(`${kuvert.baseUrl}${replyPath()}`, { method: 'POST', headers: jens.headers, body: form });
      const sent = await response.json() as { messageId: string };
      assert.equal(response.status, 201, JSON.stringify(sent));

      for (const [who, mailbox] of [[karen, base(karen)], [jens, base(jens)]] as const) {
        const detail = (await api(app(), who, 'GET', `${mailbox}/messages/${sent.messageId}`)).body;
        const document = detail.documents.find((d: { role: string }) => d.role === 'additional');
        assert.deepEqual([document.filename, document.encodingFormat, document.size], ['Ansøgning – endelig.pdf', 'application/pdf', pdf.length]);
        const file = await fetch(`${kuvert.baseUrl}${mailbox}/messages/${sent.messageId}/files/${document.id}?download=1`, { headers: who.headers });
        assert.equal(file.status, 200);
        assert.ok(Buffer.from(await file.arrayBuffer()).equals(pdf), 'the same bytes');
      }
      const text = await api(app(), karen, 'GET', `${base(karen)}/messages/${sent.messageId}/files/m0`);
      assert.equal(text.text, 'Her er min ansøgning.\nVenlig hilsen Jens', 'line breaks as written, not as the form encoding sends them');
    });

    it("refuses an attachment over the contact point's size limit with 413 while it streams, storing nothing", async () => {
      await limitBorgerservice(1, 10);
      try {
        const before = await snapshot(db());
        const refused = await unfinishedUpload(kuvert.baseUrl, replyPath(), jens, textPart('text', 'Stor'), { filename: 'stor.pdf', size: 3 * 1024 * 1024 });
        assert.deepEqual([refused.status, refused.body.errorCode], [413, 'MESSAGE_TOO_LARGE']);
        assert.equal(await snapshot(db()), before);
      } finally {
        await limitBorgerservice(50, 10);
      }
      assert.equal((await fetch(`${kuvert.baseUrl}/api/session`, { headers: jens.headers })).status, 200, 'the server goes on');
    });

    it('refuses one attachment too many before reading it, storing nothing', async () => {
      await limitBorgerservice(50, 1);
      try {
        const before = await snapshot(db());
        const first = `--BOUNDARY\r\ncontent-disposition: form-data; name="attachments"; filename="a.pdf"\r\ncontent-type: application/pdf\r\n\r\n%PDF-1.4 a\r\n`;
        const refused = await unfinishedUpload(kuvert.baseUrl, replyPath(), jens, textPart('text', 'To') + first, { filename: 'b.pdf', size: 1024 * 1024 });
        assert.deepEqual([refused.status, refused.body.errorCode], [400, 'TOO_MANY_ATTACHMENTS']);
        const complete = await api(app(), jens, 'POST', replyPath(), messageForm({ text: 'To' }, [
          { filename: 'a.pdf', contentType: 'application/pdf', content: '%PDF-1.4 a' }, { filename: 'b.pdf', contentType: 'application/pdf', content: '%PDF-1.4 b' },
        ]));
        assert.deepEqual([complete.status, complete.body.errorCode], [400, 'TOO_MANY_ATTACHMENTS']);
        assert.equal(await snapshot(db()), before);
      } finally {
        await limitBorgerservice(50, 10);
      }
    });

    it('reads only the form it expects', async () => {
      const before = await snapshot(db());
      const raw = (body: string) => ({
        headers: { ...jens.headers, 'content-type': 'multipart/form-data; boundary=BOUNDARY' },
        payload: `${body}--BOUNDARY--\r\n`,
      });
      const deepField = textPart('text', '['.repeat(300_000), 'application/json');
      const cases: Array<[string, { headers: Record<string, string>; payload: unknown }, number, string, string?]> = [
        ['JSON instead of a form', { headers: { ...jens.headers, 'content-type': 'application/json' }, payload: { text: 'Hej' } }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
        ['no text', raw(''), 400, 'REQUEST_INVALID', '/text'],
        ['an unknown field', raw(textPart('text', 'Hej') + textPart('cc', 'x')), 400, 'REQUEST_INVALID', '/cc'],
        ['the text twice', raw(textPart('text', 'Hej') + textPart('text', 'igen')), 400, 'REQUEST_INVALID', '/text'],
        ['text too long', raw(textPart('text', 'x'.repeat(100_001))), 400, 'REQUEST_INVALID', '/text'],
        ['a JSON part, never parsed', raw(deepField), 400, 'REQUEST_INVALID', '/text'],
        ['a file under another name', { headers: jens.headers, payload: (() => {
          const form = messageForm({ text: 'Hej' });
          form.append('bilag', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'a.pdf');
          return form;
        })() }, 400, 'REQUEST_INVALID', '/bilag'],
        ['a cut-off body', { ...raw(''), payload: `${textPart('text', 'Hej')}--BOUNDARY\r\ncontent-disposition: form-data; name="attachments"; filename="a.pdf"\r\n\r\n%PDF-1.4` }, 400, 'REQUEST_INVALID'],
      ];
      for (const [name, { headers, payload }, status, code, path] of cases) {
        const response = await app().inject({ method: 'POST', url: replyPath(), headers, payload: payload as string });
        const body = response.json();
        assert.deepEqual([response.statusCode, body.errorCode], [status, code], name);
        if (path) assert.equal(body.details[0].path, path, name);
      }

      const write = `${base(jens)}/messages`;
      const file = { filename: 'a.pdf', contentType: 'application/pdf', content: '%PDF-1.4' };
      const late = new FormData();
      late.append('label', 'Sent');
      late.append('attachments', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'a.pdf');
      late.append('contactPointId', BORGERSERVICE);
      late.append('text', 'Hej');
      const afterFiles = await api(app(), jens, 'POST', write, late);
      assert.deepEqual([afterFiles.status, afterFiles.body.details[0].path], [400, '/contactPointId'], 'the contact point comes before the files');
      const unknown = await api(app(), jens, 'POST', write, messageForm({ contactPointId: '44444444-4444-4444-8444-444444444499', label: 'x', text: 'y' }, [file]));
      assert.equal(unknown.body.errorCode, 'CONTACT_POINT_NOT_FOUND');
      const badId = await api(app(), jens, 'POST', write, messageForm({ contactPointId: 'not-a-uuid', label: 'x', text: 'y' }));
      assert.deepEqual([badId.status, badId.body.details[0].path], [400, '/contactPointId']);
      assert.equal(await snapshot(db()), before);
    });

    it('refuses deeply nested JSON at its first bracket too many, while the server goes on answering', async () => {
      const started = performance.now();
      const [deep, other] = await Promise.all([
        fetch(`${kuvert.baseUrl}${replyPath()}`, { method: 'POST', headers: { ...jens.headers, 'content-type': 'application/json' }, body: '['.repeat(2 * 1024 * 1024) }),
        fetch(`${kuvert.baseUrl}${base(jens)}/folders`, { headers: jens.headers }),
      ]);
      const elapsed = performance.now() - started;
      assert.deepEqual([deep.status, (await deep.json()).errorCode], [400, 'JSON_TOO_DEEP']);
      assert.equal(other.status, 200);
      assert.ok(elapsed < 3000, `answered in ${Math.round(elapsed)} ms`);

      const nested = (levels: number) => `{"name":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
      for (const [body, code] of [[nested(JSON_MAX_DEPTH), 'REQUEST_INVALID'], [nested(JSON_MAX_DEPTH + 1), 'JSON_TOO_DEEP']] as const) {
        const response = await app().inject({ method: 'POST', url: `${base(jens)}/folders`, headers: { ...jens.headers, 'content-type': 'application/json' }, payload: body });
        assert.deepEqual([response.statusCode, response.json().errorCode], [400, code], body.length.toString());
      }
      const brackets = await api(app(), jens, 'POST', `${base(jens)}/folders`, { name: `"${'['.repeat(90)}` });
      assert.equal(brackets.status, 201, 'brackets in strings do not nest');
    });

    it('takes JSON bodies up to 1 MB under /api, and answers 413 beyond', async () => {
      const json = (size: number) => `{"name":"${'x'.repeat(size - 11)}"}`;
      assert.equal(json(JSON_BODY_LIMIT).length, JSON_BODY_LIMIT);
      for (const [url, size, status, code] of [
        [`${base(jens)}/folders`, JSON_BODY_LIMIT, 400, 'REQUEST_INVALID'],
        [`${base(jens)}/folders`, JSON_BODY_LIMIT + 1, 413, 'BODY_TOO_LARGE'],
        [replyPath(), 2 * JSON_BODY_LIMIT, 413, 'BODY_TOO_LARGE'],
      ] as const) {
        const response = await app().inject({ method: 'POST', url, headers: { ...jens.headers, 'content-type': 'application/json' }, payload: json(size) });
        assert.deepEqual([response.statusCode, response.json().errorCode], [status, code], `${url} ${size}`);
      }
    });
  });
}
