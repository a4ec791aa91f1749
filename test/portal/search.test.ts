import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { pino } from 'pino';
import { after, before, describe, it } from 'node:test';
import { loggerOptions } from '../../src/api/index.ts';
import { searchableText, searchWords } from '../../src/domain/index.ts';
import { likePattern } from '../../src/store/index.ts';
import { backfillSearchText } from '../../src/store/migrations/017_search.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';
import { api, deliver, login, richLetter, type Person } from './helpers.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('search text and words (pure)', () => {
  it('keeps words lower-cased, each after a space, bounded', () => {
    assert.equal(searchableText(['Ejendomsskattebillet 2026', 'Årsopgørelse_2025.pdf']), ' ejendomsskattebillet 2026 årsopgørelse 2025 pdf');
    assert.ok(searchableText(['ord '.repeat(10_000)]).length <= 10_000);
  });
  it('takes at most 8 distinct words of a search, and escapes LIKE patterns', () => {
    assert.deepEqual(searchWords('Skat skat %_\\ bygge'), ['skat', 'bygge']);
    assert.equal(searchWords('a b c d e f g h i j').length, 8);
    assert.deepEqual(searchWords('!!! ???'), []);
    assert.equal(likePattern('skat'), '%skat%');
    assert.equal(likePattern('ø'), '% ø%', 'a short word only at the start of a word');
    assert.equal(likePattern('a%_\\b'), '%a\\%\\_\\\\b%');
  });
  it('logs neither query strings nor the values of a failed statement', () => {
    const lines: string[] = [];
    const logger = pino(loggerOptions('info'), new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }));
    logger.info({ req: { id: '1', method: 'GET', url: '/api/mailboxes/x/messages?q=hemmelig+skat' } }, 'incoming request');
    logger.error({ err: Object.assign(new Error('statement failed'), { params: ['%hemmelig%'], query: 'select 1' }) }, 'request failed');
    const all = lines.join('');
    assert.ok(all.includes('/api/mailboxes/x/messages'), all);
    assert.ok(all.includes('statement failed'));
    assert.ok(!all.includes('hemmelig'), all);
  });
});

for (const database of testDatabases()) {
  describe(`portal search (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let jens: Person;
    let mette: Person;
    let ole: Person;
    before(async () => {
      kuvert = await startTestKuvert(database);
      const { app, store } = kuvert;
      [jens, mette, ole] = [
        await login(app, store.db, 'demo-citizen-jens'), await login(app, store.db, 'demo-employee-mette'), await login(app, store.db, 'demo-employee-ole'),
      ];
    });
    after(async () => { await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const base = (p: Person) => `/api/mailboxes/${p.mailboxId}`;
    type Hit = { id: string; label: string; folderId: string; pNumber: string | null; pUnitName: string | null; attentionPerson: string | null };
    const list = async (p: Person, query: Record<string, string>) => {
      const res = await api(app(), p, 'GET', `${base(p)}/messages?${new URLSearchParams(query)}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as { messages: Hit[]; nextCursor: string | null };
    };
    const ids = async (p: Person, query: Record<string, string>) => (await list(p, query)).messages.map((m) => m.id);

    it('finds a word inside a Danish compound, word prefixes, and needs every word', async () => {
      const skat = await deliver(app(), db(), richLetter({ label: 'Ejendomsskattebillet 2026', text: 'Første rate betales senest 1. marts.' }));
      const byg = await deliver(app(), db(), richLetter({ label: 'Svar på ansøgning', text: 'Din byggetilladelse til carport er godkendt.' }));
      assert.ok((await ids(jens, { q: 'skat' })).includes(skat), '"skat" inside "Ejendomsskattebillet"');
      assert.ok((await ids(jens, { q: 'SKAT' })).includes(skat), 'case does not matter');
      assert.ok((await ids(jens, { q: 'billet' })).includes(skat), 'the end of a compound');
      assert.ok((await ids(jens, { q: 'bygge' })).includes(byg), 'a prefix of "byggetilladelse"');
      assert.ok((await ids(jens, { q: 'tilladelse carport' })).includes(byg), 'every word, in any order');
      assert.ok(!(await ids(jens, { q: 'skat carport' })).includes(skat), 'every word must match');
      assert.ok(!(await ids(jens, { q: 'skat carport' })).includes(byg));
      assert.ok((await ids(jens, { q: 'før' })).includes(skat), 'a short word at the start of a word ("første")');
      assert.deepEqual(await ids(jens, { q: '%' }), [], 'no word: nothing, not everything');
      assert.deepEqual(await ids(jens, { q: '_' }), []);
    });

    it('searches the verified sender, the letter\'s sender label, file and document names, and text documents', async () => {
      const xml = richLetter({
        label: 'Årsopgørelse', text: 'Se vedlagte opgørelse.',
        attachments: [{ label: 'Bilag om fradrag', file: [{ encodingFormat: 'application/pdf', filename: 'Renteudgifter_2025.pdf', language: 'da', content: b64('%PDF-1.4 x') }] }],
      });
      const labelled = { uuid: xml.uuid, xml: xml.xml.replace('<memo:label>Kommunen</memo:label>', '<memo:label>Skatteforvaltningen</memo:label>') };
      assert.notEqual(labelled.xml, xml.xml);
      const id = await deliver(app(), db(), labelled);
      assert.ok((await ids(jens, { q: 'kommunen årsopgørelse' })).includes(id), 'the verified sender (Kommunen) from the registry');
      assert.ok((await ids(jens, { q: 'skatteforvaltningen' })).includes(id), 'the letter\'s own sender label');
      assert.ok((await ids(jens, { q: 'renteudgifter' })).includes(id), 'an attachment\'s file name');
      assert.ok((await ids(jens, { q: 'fradrag' })).includes(id), 'a document\'s name');
      assert.ok((await ids(jens, { q: 'vedlagte' })).includes(id), 'the text document');
    });

    it('searches every visible folder except Slettet, shows the folder of each hit, and narrows to one folder (Slettet too)', async () => {
      const folder = await api(app(), jens, 'POST', `${base(jens)}/folders`, { name: 'Skattesager' });
      assert.equal(folder.status, 201);
      const archived = await deliver(app(), db(), richLetter({ label: 'Forskudsopgørelse', text: 'Restskat for 2025.' }));
      const deleted = await deliver(app(), db(), richLetter({ label: 'Gammel forskudsopgørelse', text: 'Restskat for 2024.' }));
      assert.equal((await api(app(), jens, 'PATCH', `${base(jens)}/messages/${archived}`, { folderId: folder.body.id })).status, 200);
      assert.equal((await api(app(), jens, 'DELETE', `${base(jens)}/messages/${deleted}`)).status, 200);

      const everywhere = (await list(jens, { q: 'restskat' })).messages;
      assert.deepEqual(everywhere.map((m) => [m.id, m.folderId]), [[archived, folder.body.id]], 'found in his own folder, not in Slettet');
      assert.deepEqual(await ids(jens, { q: 'restskat', folderId: folder.body.id }), [archived]);
      assert.deepEqual(await ids(jens, { q: 'restskat', folderId: jens.folders.INBOX! }), []);
      assert.deepEqual(await ids(jens, { q: 'restskat', folderId: jens.folders.DELETED! }), [deleted], 'Slettet when asked for');
    });

    it('pages through hits with the cursor, newest first, each once', async () => {
      const sent: string[] = [];
      for (let i = 0; i < 7; i++) sent.push(await deliver(app(), db(), richLetter({ label: `Vejledning om affaldssortering ${i}` })));
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { messages: Hit[]; nextCursor: string | null } = await list(jens, { q: 'sortering', limit: '3', ...(cursor ? { cursor } : {}) });
        seen.push(...page.messages.map((m) => m.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual(seen, [...sent].reverse());
    });

    it('finds rare words beyond the newest letters through the index, in one folder too', async () => {
      const kommunen = await db().selectFrom('mailbox').innerJoin('organisation', 'organisation.id', 'mailbox.organisation_id')
        .select('mailbox.id').where('organisation.cvr', '=', '12345678').executeTakeFirstOrThrow();
      await sql`insert into message (id, transmission_id, message_uuid, memo_version, message_type, thread_id, sender_mailbox_id, sender_label,
          recipient_id_type, recipient_mailbox_id, label, attachment_count, reply_allowed, mandatory, legal_notification, document_sha256,
          document_size, document_text, blob_refs, search_text, received_at, available_at)
        select id, gen_random_uuid(), gen_random_uuid(), '1.2', 'DIGITALPOST', id, ${kommunen.id}, 'Kommunen', 'CPR', ${jens.mailboxId},
          'Gammelt brev ' || i, 0, false, false, false, 'x', 1, '<x/>', '[]'::jsonb,
          ' kommunen gammelt brev ' || i || case when i = 2300 then ' grundskyldsopkrævning' else ' hverdag' end, now(), now()
        from (select gen_random_uuid() as id, i from generate_series(1, 2500) i) g`.execute(db());
      await sql`insert into message_state (mailbox_id, message_id, folder_id, read_at, created_at)
        select ${jens.mailboxId}, m.id, ${jens.folders.INBOX}::uuid, now(), now() - interval '1 day' - (split_part(m.label, ' ', 3)::int * interval '1 second')
        from message m where m.recipient_mailbox_id = ${jens.mailboxId} and m.label like 'Gammelt brev %'`.execute(db());
      for (const query of [{ q: 'skyld' }, { q: 'skyld', folderId: jens.folders.INBOX! }] as Array<Record<string, string>>) {
        const found = await list(jens, query);
        assert.deepEqual(found.messages.map((m) => m.label), ['Gammelt brev 2300'], JSON.stringify(query));
        assert.equal(found.nextCursor, null);
      }
    });

    it('fills the search text of letters stored before migration 017 from their documents', async () => {
      const id = await deliver(app(), db(), richLetter({ label: 'Parkeringslicens', text: 'Licensen gælder beboerparkering i zone B.' }));
      await db().updateTable('message').set({ search_text: '' }).where('id', '=', id).execute();
      assert.ok(!(await ids(jens, { q: 'beboerparkering' })).includes(id));
      await backfillSearchText(db());
      assert.ok((await ids(jens, { q: 'beboerparkering kommunen' })).includes(id));
    });

    it('filters a company\'s letters by P-unit and attention person, with P-unit names, combined with search, folder and handled', async () => {
      const to = (pNumber: string, attentionPerson: string, label: string) => letter({ recipientId: '29876543', recipientType: 'CVR', pNumber, attentionPerson, label });
      const hq = await deliver(app(), db(), to('1012345678', 'Mette Nielsen', 'Momsangivelse for oktober'));
      const store = await deliver(app(), db(), to('1012345679', 'Bo Lagermand', 'Varslingsbrev om lagerkontrol'));
      const storeMoms = await deliver(app(), db(), to('1012345679', 'Mette Nielsen', 'Momsangivelse for lageret'));

      const byUnit = (await list(mette, { pNumber: '1012345679' })).messages;
      assert.deepEqual(byUnit.map((m) => m.id), [storeMoms, store]);
      assert.deepEqual(byUnit.map((m) => m.pUnitName), ['Demo ApS, Lager Aarhus', 'Demo ApS, Lager Aarhus'], 'the P-unit\'s name beside its number');
      assert.deepEqual(await ids(mette, { person: 'Mette Nielsen', q: 'moms' }), [storeMoms, hq]);
      assert.deepEqual(await ids(mette, { person: 'Mette Nielsen', pNumber: '1012345678' }), [hq]);
      assert.deepEqual(await ids(mette, { pNumber: '1012345678', folderId: mette.folders.INBOX! }), [hq]);
      assert.deepEqual(await ids(mette, { pNumber: '1012345678', folderId: mette.folders.SENT! }), []);
      assert.equal((await api(app(), mette, 'PATCH', `${base(mette)}/messages/${hq}`, { handled: true })).status, 200);
      assert.deepEqual(await ids(mette, { person: 'Mette Nielsen', handled: 'false' }), [storeMoms]);
      assert.deepEqual(await ids(mette, { person: 'Mette Nielsen', handled: 'true' }), [hq]);

      const detail = await api(app(), mette, 'GET', `${base(mette)}/messages/${store}`);
      assert.equal(detail.body.pUnitName, 'Demo ApS, Lager Aarhus');

      const filters = await api(app(), mette, 'GET', `${base(mette)}/message-filters`);
      assert.equal(filters.status, 200);
      assert.deepEqual(filters.body.productionUnits, [
        { pNumber: '1012345678', name: 'Demo ApS, Hovedkontor' }, { pNumber: '1012345679', name: 'Demo ApS, Lager Aarhus' },
      ]);
      assert.ok(filters.body.attentionPersons.includes('Bo Lagermand') && filters.body.attentionPersons.includes('Mette Nielsen'));

      // someone who sees only Løn learns no attention person of the other folders, and finds nothing there
      assert.deepEqual((await api(app(), ole, 'GET', `${base(ole)}/message-filters`)).body.attentionPersons, []);
      assert.deepEqual(await ids(ole, { person: 'Bo Lagermand' }), []);
      await api(app(), mette, 'PATCH', `${base(mette)}/messages/${store}`, { folderId: mette.folders['Løn'] });
      assert.deepEqual((await api(app(), ole, 'GET', `${base(ole)}/message-filters`)).body.attentionPersons, ['Bo Lagermand']);
      assert.deepEqual(await ids(ole, { person: 'Bo Lagermand', q: 'lager' }), [store]);

      assert.equal((await api(app(), mette, 'GET', `${base(mette)}/messages?pNumber=123`)).status, 400);
      assert.equal((await api(app(), mette, 'GET', `${base(mette)}/messages?q=${'x'.repeat(201)}`)).status, 400);
      assert.deepEqual((await api(app(), jens, 'GET', `${base(jens)}/message-filters`)).body, { productionUnits: [], attentionPersons: [] });
      assert.equal((await api(app(), jens, 'GET', `${base(mette)}/message-filters`)).status, 404, 'another\'s mailbox does not exist');
    });
  });
}
