import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import {
  ContactPointList, ContactPointPage, ContactSearchResult, Detail, FolderList, MessagePage, PagingResultUUID, Receipt, SecureMailView, Session,
} from '../../src/contract/index.ts';
import { DEMO } from '../../src/demo/index.ts';
import { call, send } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { api, deliver, login, richLetter } from '../portal/helpers.ts';

// One wire contract (src/contract): the OpenAPI description is generated from it without TypeBox's
// own marks, and what the server answers is what the contract declares.

/** Every key of a JSON value, at any depth, with where it is. */
function* keysOf(value: unknown, path = ''): Generator<[string, string]> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* keysOf(item, `${path}/${i}`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield [key, `${path}/${key}`];
      yield* keysOf(item, `${path}/${key}`);
    }
  }
}

/** Asserts that a body is what the schema declares, naming every difference. */
function assertShape(schema: TSchema, body: unknown, what: string): void {
  const problems = [...Value.Errors(schema, body)].map((e) => `${e.instancePath || '/'} ${e.message}`);
  assert.deepEqual(problems, [], `${what} differs from the contract`);
  assert.ok(Value.Check(schema, body), what);
}

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }> };

for (const database of testDatabases()) {
  describe(`the wire contract (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let openapi: { paths: Record<string, Record<string, Operation>> };
    before(async () => {
      kuvert = await startTestKuvert(database);
      const docs = await kuvert.app.inject({ method: 'GET', url: '/docs/json' });
      assert.equal(docs.statusCode, 200);
      openapi = docs.json();
    });
    after(async () => { await kuvert.drop(); });

    const operations = () => Object.entries(openapi.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
    const jsonSchema = (path: string, method: string, status: string) =>
      openapi.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;

    it('describes every route without TypeBox\'s own keys (`~kind`, `~optional`, …)', () => {
      const routes = operations().filter(({ path }) => path.startsWith('/api/') || path.startsWith('/apis/v1/'));
      assert.ok(routes.length >= 25, `the system API and the portal API are described (${routes.length} operations)`);
      for (const { path, method } of routes) {
        const leaked = [...keysOf(openapi.paths[path]![method])].filter(([key]) => key.startsWith('~')).map(([, where]) => where);
        assert.deepEqual(leaked, [], `${method.toUpperCase()} ${path}`);
      }
      const everywhere = [...keysOf(openapi)].filter(([key]) => key.startsWith('~')).map(([, where]) => where);
      assert.deepEqual(everywhere, [], 'nowhere in /docs/json');
    });

    it('gives every JSON answer of /api and /apis/v1 a schema, generated from the contract', () => {
      for (const { path, method, operation } of operations()) {
        if (!path.startsWith('/api/') && !path.startsWith('/apis/v1/')) continue;
        const success = Object.keys(operation.responses ?? {}).filter((status) => status.startsWith('2'));
        assert.ok(success.length > 0, `${method.toUpperCase()} ${path} has a success answer`);
        assert.ok(operation.responses!['400'] || operation.responses!['401'], `${method.toUpperCase()} ${path} describes its errors`);
      }
      const samples: [string, string, string, { properties: Record<string, unknown> }][] = [
        ['/api/session', 'get', '200', Session],
        ['/api/mailboxes/{mailboxId}/folders', 'get', '200', FolderList],
        ['/api/mailboxes/{mailboxId}/messages', 'get', '200', MessagePage],
        ['/api/mailboxes/{mailboxId}/messages/{messageId}', 'get', '200', Detail],
        ['/api/contact-points', 'get', '200', ContactPointList],
        ['/api/organisations/{organisationId}/secure-mail', 'get', '200', SecureMailView],
        ['/apis/v1/memos', 'post', '201', Receipt],
        ['/apis/v1/memos', 'get', '200', PagingResultUUID],
        ['/apis/v1/contacts/search', 'post', '200', ContactSearchResult],
        ['/apis/v1/contact-points', 'get', '200', ContactPointPage],
      ];
      for (const [path, method, status, schema] of samples) {
        const described = jsonSchema(path, method, status);
        assert.ok(described, `${method.toUpperCase()} ${path} ${status}`);
        assert.deepEqual(Object.keys(described.properties ?? {}), Object.keys(schema.properties), `${method.toUpperCase()} ${path} ${status}`);
      }
      const form = openapi.paths['/api/mailboxes/{mailboxId}/messages']?.post as { requestBody?: { content?: Record<string, { schema?: { properties?: object } }> } };
      assert.deepEqual(Object.keys(form.requestBody?.content?.['multipart/form-data']?.schema?.properties ?? {}), ['contactPointId', 'label', 'text', 'attachments']);
    });

    it('answers the portal\'s session, folders, messages and a message as the contract declares', async () => {
      const { app, store } = kuvert;
      const messageId = await deliver(app, store.db, richLetter({
        label: 'Indkaldelse', text: 'Kom til møde.', html: '<p>Møde</p>', reply: true, replyBy: '2099-01-01T12:00:00Z',
        senderContactPoint: randomUUID(),
        actions: [
          { label: 'Se sagen', actionCode: 'SELVBETJENING', entryPoint: { url: 'https://kommunen.dk/sag?id=1' } },
          {
            label: 'Møde', actionCode: 'AFTALE',
            reservation: {
              description: 'Møde om din sag', reservationUUID: randomUUID(), abstract: 'Møde', location: 'Rådhuset',
              startDateTime: '2026-06-03T09:00:00Z', endDateTime: '2026-06-03T10:00:00Z', organizerMail: 'byg@kommunen.dk', organizerName: 'Byggesager',
            },
          },
        ],
      }));
      for (const sub of ['demo-citizen-jens', 'demo-employee-mette']) {
        const person = await login(app, store.db, sub);
        const base = `/api/mailboxes/${person.mailboxId}`;
        const session = await api(app, person, 'GET', '/api/session');
        assert.equal(session.status, 200);
        assertShape(Session, session.body, `${sub}: GET /api/session`);
        const folders = await api(app, person, 'GET', `${base}/folders`);
        assert.equal(folders.status, 200);
        assertShape(FolderList, folders.body, `${sub}: the folder list`);
        const list = await api(app, person, 'GET', `${base}/messages`);
        assert.equal(list.status, 200);
        assertShape(MessagePage, list.body, `${sub}: the message list`);
        if (sub === 'demo-citizen-jens') {
          const detail = await api(app, person, 'GET', `${base}/messages/${messageId}`);
          assert.equal(detail.status, 200);
          assertShape(Detail, detail.body, 'the message detail');
          assert.equal(detail.body.documents.length, 2);
          assert.deepEqual(detail.body.actions.map((a: { kind: string }) => a.kind), ['link', 'reservation']);
          assert.equal(detail.body.canReply, true);
          assert.equal(typeof detail.body.replyTo.organisationName, 'string');
        } else {
          assert.ok(session.body.mailboxes.some((m: { role?: string; organisationId?: string }) => m.role === 'super-admin' && m.organisationId));
          const organisationId = session.body.mailboxes[0].organisationId as string;
          const view = await api(app, person, 'GET', `/api/organisations/${organisationId}/secure-mail`);
          assert.equal(view.status, 200);
          assertShape(SecureMailView, view.body, 'the secure e-mail administration');
        }
        const points = await api(app, person, 'GET', '/api/contact-points');
        assertShape(ContactPointList, points.body, `${sub}: the contact points`);
      }
    });

    it('answers the system API as the contract declares', async () => {
      const sent = await send(kuvert.app, richLetter({ recipient: { id: DEMO.company.cvr, type: 'CVR' } }).xml);
      assert.equal(sent.status, 201);
      assertShape(Receipt, sent.body, 'a receipt');
      const refused = await send(kuvert.app, '<Message/>');
      assert.equal(refused.status, 400);
      assertShape(Receipt, refused.body, 'a refusal');
      const queue = await call(kuvert.app, 'GET', '/memos?size=2', 'companyRecipient');
      assert.equal(queue.statusCode, 200);
      assertShape(PagingResultUUID, queue.json(), 'the queue');
      assert.ok(queue.json().content.includes(sent.body.messageUUID));
      const contacts = await call(kuvert.app, 'POST', '/contacts/search', 'authoritySender', { cvrNumber: DEMO.company.cvr });
      assertShape(ContactSearchResult, contacts.json(), 'a contact look-up');
      assert.equal(contacts.json().contacts.length, 1);
      const points = await call(kuvert.app, 'GET', '/contact-points', 'authoritySender');
      assertShape(ContactPointPage, points.json(), 'the contact points');
    });
  });
}
