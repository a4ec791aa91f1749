import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { api, deliver, login, richLetter, type Person } from './helpers.ts';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 7), Buffer.from('\n%%EOF\n')]);
const HTML = `<html><head><title>Brev</title><script>alert('head')</script><style>p{color:red}</style></head>
<body onload="steal()"><h1 style="color: navy; background: url(https://tracker.example/pixel)">Kære Jens</h1>
<p onclick="x()">Din <a href="https://evil.example/login">sag</a> og <a href="#bilag">bilag</a>.</p>
<img src="https://tracker.example/i.png" onerror="alert(1)"><img src="data:image/png;base64,iVBORw0KGgo=">
<SCRIPT>document.cookie</SCRIPT><iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="cpr"></form>
<svg onload="alert(2)"><script>alert(3)</script></svg><a href="javascript:alert(4)">klik</a></body></html>`;

for (const database of testDatabases()) {
  describe(`portal documents and actions (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let jens: Person;
    let messageId: string;
    before(async () => {
      kuvert = await startTestKuvert(database);
      jens = await login(kuvert.app, kuvert.store.db, 'demo-citizen-jens');
      messageId = await deliver(kuvert.app, kuvert.store.db, richLetter({
        label: 'Indkaldelse til møde',
        pdf: PDF,
        html: HTML,
        text: 'Tekst med æøå.',
        actions: [
          { label: 'Se sagen', actionCode: 'SELVBETJENING', entryPoint: { url: 'https://kommunen.dk/sag?id=1' } },
          { label: 'Betal', actionCode: 'BETALING' },
          {
            label: 'Møde, om sagen; på rådhuset', actionCode: 'AFTALE',
            reservation: {
              description: 'Møde om din sag,\nmed sagsbehandler', reservationUUID: randomUUID(), abstract: 'Møde om byggesag',
              location: 'Rådhuset, lokale 2', startDateTime: '2026-06-03T09:00:00Z', endDateTime: '2026-06-03T10:00:00Z',
              organizerMail: 'byg@kommunen.dk', organizerName: 'Byggesager',
            },
          },
        ],
        attachments: [
          { label: 'Bilag', file: [{ encodingFormat: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', filename: 'Bilag 1 – ændret.docx', language: 'da', content: Buffer.from('PK\u0003\u0004docx').toString('base64') }] },
          { file: [{ encodingFormat: 'image/svg+xml', filename: 'tegning.svg', language: 'da', content: Buffer.from('<svg onload="alert(1)"/>').toString('base64') }] },
        ],
      }));
    });
    after(async () => { await kuvert.drop(); });

    const url = (suffix: string) => `/api/mailboxes/${jens.mailboxId}/messages/${messageId}${suffix}`;

    it('lists the documents with stable ids, sizes and roles, and the usable actions', async () => {
      const detail = (await api(kuvert.app, jens, 'GET', url(''))).body;
      assert.deepEqual(detail.documents, [
        { id: 'm0', role: 'main', label: 'Brev', filename: 'Afgørelse.pdf', encodingFormat: 'application/pdf', size: PDF.length },
        { id: 'm1', role: 'main', label: 'Brev', filename: 'brev.html', encodingFormat: 'text/html', size: Buffer.byteLength(HTML) },
        { id: 'm2', role: 'main', label: 'Brev', filename: 'brev.txt', encodingFormat: 'text/plain', size: Buffer.byteLength('Tekst med æøå.') },
        { id: 'a0.0', role: 'additional', label: 'Bilag', filename: 'Bilag 1 – ændret.docx', encodingFormat: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 8 },
        { id: 'a1.0', role: 'additional', label: 'tegning.svg', filename: 'tegning.svg', encodingFormat: 'image/svg+xml', size: 24 },
      ]);
      assert.equal(detail.attachmentCount, 4);
      assert.deepEqual(detail.actions, [
        { n: 0, label: 'Se sagen', kind: 'link', url: 'https://kommunen.dk/sag?id=1' },
        { n: 2, label: 'Møde, om sagen; på rådhuset', kind: 'reservation', start: '2026-06-03T09:00:00Z', end: '2026-06-03T10:00:00Z', location: 'Rådhuset, lokale 2' },
      ]);
    });

    it('serves a PDF inline with its name, nosniff and no caching', async () => {
      const response = await api(kuvert.app, jens, 'GET', url('/files/m0'));
      assert.equal(response.status, 200);
      assert.equal(response.headers['content-type'], 'application/pdf');
      assert.equal(response.headers['content-disposition'], "inline; filename=\"Afg_relse.pdf\"; filename*=UTF-8''Afg%C3%B8relse.pdf");
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.match(response.headers['cache-control'] as string, /no-store/);
      assert.ok(response.raw.equals(PDF));
      const download = await api(kuvert.app, jens, 'GET', url('/files/m0?download=1'));
      assert.match(download.headers['content-disposition'] as string, /^attachment; /);
      assert.ok(download.raw.equals(PDF));
    });

    it('sanitises HTML and serves it under a sandboxing CSP', async () => {
      const response = await api(kuvert.app, jens, 'GET', url('/files/m1'));
      assert.equal(response.status, 200);
      assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(response.headers['content-security-policy'], "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      const html = response.text;
      for (const bad of [/<script/i, /onload=/i, /onclick=/i, /onerror=/i, /javascript:/i, /="https:\/\/evil\.example/, /tracker\.example/, /<iframe/i, /<form/i, /<input/i, /<svg/i, /alert\(/, /document\.cookie/]) {
        assert.doesNotMatch(html, bad);
      }
      assert.match(html, /Kære Jens/);
      assert.match(html, /<h1 style="color:navy;[^"]*">/, 'harmless styles stay');
      assert.match(html, /<a href="#bilag">bilag<\/a>/, 'links within the page stay');
      assert.match(html, /<a>sag<\/a> <span class="kuvert-link-address">\(https:\/\/evil\.example\/login\)<\/span>/, 'a link to elsewhere shows its address as text, not clickable');
      assert.match(html, /<img src="data:image\/png;base64,iVBORw0KGgo=">/, 'inline images stay');
    });

    it('serves plain text as UTF-8, other types as attachments, with RFC 5987 names', async () => {
      const text = await api(kuvert.app, jens, 'GET', url('/files/m2'));
      assert.equal(text.headers['content-type'], 'text/plain; charset=utf-8');
      assert.match(text.headers['content-disposition'] as string, /^inline; /);
      assert.equal(text.text, 'Tekst med æøå.');

      const docx = await api(kuvert.app, jens, 'GET', url('/files/a0.0'));
      assert.equal(docx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      assert.equal(docx.headers['content-disposition'], "attachment; filename=\"Bilag 1 _ _ndret.docx\"; filename*=UTF-8''Bilag%201%20%E2%80%93%20%C3%A6ndret.docx");
      const svg = await api(kuvert.app, jens, 'GET', url('/files/a1.0'));
      assert.match(svg.headers['content-disposition'] as string, /^attachment; /, 'an SVG is never shown inline');
      assert.equal(svg.headers['x-content-type-options'], 'nosniff');
      assert.match(svg.headers['content-security-policy'] as string, /sandbox/);

      assert.equal((await api(kuvert.app, jens, 'GET', url('/files/a9.0'))).body.errorCode, 'FILE_NOT_FOUND');
      assert.equal((await api(kuvert.app, jens, 'GET', url('/files/x1'))).status, 400);
    });

    it('gives a reservation as an iCalendar file', async () => {
      const response = await api(kuvert.app, jens, 'GET', url('/actions/2/calendar.ics'));
      assert.equal(response.status, 200);
      assert.equal(response.headers['content-type'], 'text/calendar; charset=utf-8');
      assert.match(response.headers['content-disposition'] as string, /^attachment; .*\.ics$/);
      const ics = response.text;
      assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
      assert.match(ics, /\r\nDTSTART:20260603T090000Z\r\n/);
      assert.match(ics, /\r\nDTEND:20260603T100000Z\r\n/);
      assert.match(ics, /\r\nSUMMARY:Møde om byggesag\r\n/);
      assert.match(ics, /\r\nLOCATION:Rådhuset\\, lokale 2\r\n/);
      assert.match(ics, /\r\nDESCRIPTION:Møde om din sag\\,\\nmed sagsbehandler\r\n/);
      assert.match(ics, /\r\nORGANIZER;CN="Byggesager":mailto:byg@kommunen.dk\r\n/);
      assert.match(ics, /END:VCALENDAR\r\n$/);
      for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
      assert.equal((await api(kuvert.app, jens, 'GET', url('/actions/0/calendar.ics'))).body.errorCode, 'ACTION_NOT_FOUND', 'a link is no reservation');
      assert.equal((await api(kuvert.app, jens, 'GET', url('/actions/7/calendar.ics'))).status, 404);
    });
  });
}
