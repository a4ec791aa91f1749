import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it, mock } from 'node:test';
import { sql } from 'kysely';
import { DEMO } from '../../src/demo/index.ts';
import { danishMidnight } from '../../src/domain/index.ts';
import { csvCell, periodOf } from '../../src/admin/index.ts';
import { up as statisticsMigration } from '../../src/store/migrations/012_statistics.ts';
import {
  compactAllLetterCounts, countArrivals, letterCountsFromMessages, organisationIdByCvr, organisationWithMailboxById, type Arrival, type Db,
} from '../../src/store/index.ts';
import { send } from '../helpers/api.ts';
import { testDatabases } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';
import { api, messageForm, snapshot, type Person } from '../portal/helpers.ts';
import { authorityAdministration, memberOf } from './organisation-helpers.ts';

type Row = { id: string | null; name: string | null; code: string | null; organisation: { name: string; cvr: string } | null; counts: number[]; total: number };
type View = { months: string[]; rows: Row[]; totals: number[]; total: number; from: string; to: string; by: string; direction: string };

/** Statistics (src/admin/statistics.ts, src/store/statistics.ts): letters counted as they arrive, per Danish month. */
for (const database of testDatabases()) {
  describe(`statistics (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof authorityAdministration>>['kuvert'];
    let karen: Person;
    let jens: Person;
    let mette: Person;
    let authority: string;
    let company: string;
    let companyMailbox: string;
    let authorityMailbox: string;
    let bbr: { id: string; name: string };
    let skat: { id: string; name: string };
    before(async () => {
      ({ kuvert, karen, jens, mette, authority } = await authorityAdministration(database));
      company = (await organisationIdByCvr(db(), DEMO.company.cvr))!;
      companyMailbox = (await organisationWithMailboxById(db(), company))!.mailboxId!;
      authorityMailbox = (await organisationWithMailboxById(db(), authority))!.mailboxId!;
      // the authority's subscription groups and materials, as its administrator makes them
      bbr = (await api(app(), karen, 'POST', `${admin()}/subscription-groups`, { name: 'BBR' })).body;
      skat = (await api(app(), karen, 'POST', `${admin()}/subscription-groups`, { name: '=Skat; "gammel"' })).body;
      for (const [code, name, group] of [['BBR-MEDDELELSE', 'BBR-meddelelse', bbr], ['SKAT', 'Ejendomsskattebillet', skat]] as const) {
        const made = await api(app(), karen, 'POST', `${admin()}/materials`, { code, name, subscriptionGroupId: group.id });
        assert.equal(made.status, 201, made.text);
      }
    });
    after(async () => { mock.timers.reset(); await kuvert.drop(); });

    const app = () => kuvert.app;
    const db = (): Db => kuvert.store.db;
    const admin = (id = authority) => `/api/admin/organisations/${id}`;
    const stats = async (who: Person, id: string, query: string) => {
      const answer = await api(app(), who, 'GET', `${admin(id)}/statistics?${query}`);
      assert.equal(answer.status, 200, answer.text);
      return answer.body as View;
    };
    const rowOf = (view: View, id: string | null) => view.rows.find((r) => r.id === id);

    /** A letter from Kommunen naming its material by messageCode (none: null), to Demo ApS or a CPR number. */
    const sendLetter = async (messageCode: string | null, recipient: { id: string; type: 'CPR' | 'CVR' } = { id: DEMO.company.cvr, type: 'CVR' }) => {
      const made = letter({ recipientId: recipient.id, recipientType: recipient.type });
      const xml = messageCode === null ? made.xml
        : made.xml.replace('</memo:messageUUID>', `</memo:messageUUID>\n    <memo:messageCode>${messageCode}</memo:messageCode>`);
      const answer = await send(app(), xml);
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      return (await db().selectFrom('message').select('id').where('message_uuid', '=', made.uuid).executeTakeFirstOrThrow()).id;
    };

    /** The instant `ms` after midnight beginning this Danish date. */
    const danish = (date: string, ms = 0) => new Date(danishMidnight(date).getTime() + ms);

    let firstLetter: string;

    it('counts letters sent through the API in the month they arrive, by subscription group, material and sender, received and sent', async () => {
      const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit' }).format(new Date());
      firstLetter = await sendLetter('BBR-MEDDELELSE');
      await sendLetter('BBR-MEDDELELSE');
      await sendLetter('BBR-MEDDELELSE');
      await sendLetter('SKAT');
      await sendLetter('SKAT');
      await sendLetter(null);
      await sendLetter('BBR-MEDDELELSE', { id: DEMO.citizens[0].cpr, type: 'CPR' }); // to Jens: sent, but no organisation receives it

      const received = await stats(mette, company, '');
      assert.equal(received.to, month, 'this Danish month by default');
      assert.equal(received.months.length, 12, 'the last 12 months by default');
      const last = received.months.length - 1;
      assert.deepEqual(received.rows.map((r) => [r.id, r.name, r.organisation, r.counts[last], r.total]), [
        [bbr.id, 'BBR', { name: 'Kommunen', cvr: DEMO.authority.cvr }, 3, 3],
        [skat.id, '=Skat; "gammel"', { name: 'Kommunen', cvr: DEMO.authority.cvr }, 2, 2],
        [null, null, null, 1, 1],
      ]);
      assert.deepEqual([received.totals[last], received.total], [6, 6]);
      assert.ok(received.totals.slice(0, last).every((n) => n === 0));

      const bySender = await stats(mette, company, 'by=sender');
      assert.deepEqual(bySender.rows.map((r) => [r.id, r.name, r.organisation?.cvr, r.total]), [[authority, 'Kommunen', DEMO.authority.cvr, 6]]);
      const byMaterial = await stats(mette, company, 'by=material');
      assert.deepEqual(byMaterial.rows.map((r) => [r.code, r.name, r.total]), [['BBR-MEDDELELSE', 'BBR-meddelelse', 3], ['SKAT', 'Ejendomsskattebillet', 2], [null, null, 1]]);

      const sent = await stats(karen, authority, 'direction=sent');
      assert.deepEqual(sent.rows.map((r) => [r.id, r.total]), [[bbr.id, 4], [skat.id, 2], [null, 1]], 'the letter to Jens counts as sent');
      const sentByMaterial = await stats(karen, authority, `direction=sent&by=material&from=${month}&to=${month}`);
      assert.deepEqual([sentByMaterial.months, sentByMaterial.rows.map((r) => [r.code, r.counts])], [[month], [['BBR-MEDDELELSE', [4]], ['SKAT', [2]], [null, [1]]]]);
      assert.equal((await stats(karen, authority, '')).total, 0, 'Kommunen has received nothing yet');

      // a citizen writing to the authority's contact point: received by Kommunen, from no organisation
      const written = await api(app(), jens, 'POST', `/api/mailboxes/${jens.mailboxId}/messages`,
        messageForm({ contactPointId: DEMO.contactPoints[0].id, label: 'Spørgsmål', text: 'Hej.' }));
      assert.equal(written.status, 201, written.text);
      const fromCitizens = await stats(karen, authority, 'by=sender');
      assert.deepEqual(fromCitizens.rows.map((r) => [r.id, r.name, r.total]), [[null, null, 1]]);
    });

    it('letters moved or deleted by the recipient still count: it counts arrivals', async () => {
      const before = await stats(mette, company, 'by=group');
      const moved = await api(app(), mette, 'PATCH', `/api/mailboxes/${mette.mailboxId}/messages/${firstLetter}`, { folderId: mette.folders.BBR });
      assert.equal(moved.status, 200, moved.text);
      const deleted = await api(app(), mette, 'DELETE', `/api/mailboxes/${mette.mailboxId}/messages/${firstLetter}`);
      assert.equal(deleted.status, 200, deleted.text);
      const gone = await api(app(), mette, 'DELETE', `/api/mailboxes/${mette.mailboxId}/messages/${firstLetter}`);
      assert.deepEqual([gone.status, gone.body.permanent], [200, true], gone.text);
      assert.deepEqual(await stats(mette, company, 'by=group'), before);
    });

    it('counts a delayed letter when it is released into the mailbox, not when it is accepted', async () => {
      const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit' }).format(new Date());
      const query = `from=${month}&to=${month}&by=material`;
      const before = rowOf(await stats(mette, company, query), null)?.total ?? 0;
      const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
      const made = letter({ recipientId: DEMO.company.cvr, recipientType: 'CVR', doNotDeliverUntilDate: tomorrow });
      assert.equal((await send(app(), made.xml)).status, 201);
      const id = (await db().selectFrom('message').select('id').where('message_uuid', '=', made.uuid).executeTakeFirstOrThrow()).id;
      assert.equal(rowOf(await stats(mette, company, query), null)?.total ?? 0, before, 'accepted, not yet in the mailbox: not counted');
      // the release job, due now (as tomorrow comes)
      await db().updateTable('job').set({ run_at: new Date() }).where('kind', '=', 'memo.release').where(sql<string>`payload->>'messageId'`, '=', id).execute();
      for (let i = 0; i < 200; i++) {
        const row = await db().selectFrom('message').select('available_at').where('id', '=', id).executeTakeFirstOrThrow();
        if (row.available_at) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(rowOf(await stats(mette, company, query), null)?.total, before + 1, 'counted when released');
    });

    it('counts a letter arriving at Danish midnight in the new month and year (the API at a mocked clock), and folds the counts without changing them', async () => {
      // 31 December 2025 23:59:59.999 in Denmark (22:59 UTC), then 1 January 2026 00:00 (still 31 December in UTC)
      const instants = [danish('2026-01-01', -1), danish('2026-01-01'), danish('2026-01-01', 30 * 60_000)];
      assert.equal(instants[1]!.toISOString(), '2025-12-31T23:00:00.000Z');
      try {
        for (const [i, at] of instants.entries()) {
          mock.timers.enable({ apis: ['Date'], now: at.getTime() });
          await sendLetter(i === 0 ? 'SKAT' : 'BBR-MEDDELELSE');
          mock.timers.reset();
        }
      } finally {
        mock.timers.reset();
      }
      // and summer time: 31 May 2025 23:59 CEST is 21:59 UTC, 1 June 00:00 CEST is 22:00 UTC on 31 May (counted as delivery counts, without letters)
      const summer = (at: Date, materialId: string | null, groupId: string | null): Arrival => ({
        messageId: randomUUID(), mailboxId: companyMailbox, folderId: randomUUID(), at, senderMailboxId: authorityMailbox,
        senderOrganisationId: authority, materialId, subscriptionGroupId: groupId, notify: { userIds: [], addresses: [] },
      });
      await db().transaction().execute((trx) => countArrivals(trx, [
        summer(danish('2025-06-01', -60_000), null, null), summer(danish('2025-06-01'), null, skat.id), summer(danish('2025-06-01'), null, skat.id),
        // a citizen's mailbox is not counted
        { ...summer(danish('2025-06-01'), null, null), mailboxId: jens.mailboxId },
      ]));

      const view = await stats(mette, company, 'from=2025-05&to=2026-01');
      assert.deepEqual(view.months, ['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01']);
      assert.deepEqual(view.rows.map((r) => [r.name, r.counts]), [
        ['=Skat; "gammel"', [0, 2, 0, 0, 0, 0, 0, 1, 0]],
        ['BBR', [0, 0, 0, 0, 0, 0, 0, 0, 2]],
        [null, [1, 0, 0, 0, 0, 0, 0, 0, 0]],
      ]);
      assert.deepEqual(view.totals, [1, 2, 0, 0, 0, 0, 0, 1, 2]);
      const sent = await stats(karen, authority, 'direction=sent&from=2025-12&to=2026-01');
      assert.deepEqual(sent.rows.map((r) => [r.name, r.counts]), [['BBR', [0, 2]], ['=Skat; "gammel"', [1, 0]]], 'sent in the same months');

      // the periodic job folds every (mailbox, month)'s rows into one per key; the figures stay
      const everything = ['', 'by=sender', 'by=material', 'from=2025-05&to=2026-01', 'direction=sent', 'direction=sent&from=2025-05&to=2026-01&by=material'];
      const views = await Promise.all(everything.map((q) => stats(q.startsWith('direction=sent') ? karen : mette, q.startsWith('direction=sent') ? authority : company, q)));
      const unmerged = async () => Number((await sql<{ n: number }>`select count(*)::int as n from letter_count where not merged`.execute(db())).rows[0]!.n);
      assert.ok(await unmerged() > 0);
      const rowsBefore = await db().selectFrom('letter_count').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.ok(await compactAllLetterCounts(db()) > 0);
      assert.equal(await unmerged(), 0);
      const rowsAfter = await db().selectFrom('letter_count').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.ok(Number(rowsAfter.n) < Number(rowsBefore.n), `${rowsAfter.n} rows after, ${rowsBefore.n} before`);
      const again = await Promise.all(everything.map((q) => stats(q.startsWith('direction=sent') ? karen : mette, q.startsWith('direction=sent') ? authority : company, q)));
      assert.deepEqual(again, views);
      assert.equal(await compactAllLetterCounts(db()), 0, 'nothing left to fold');
    });

    it('exports CSV: a byte order mark, semicolons, a heading, totals, and names that cannot become formulas', async () => {
      const answer = await app().inject({ method: 'GET', url: `${admin(company)}/statistics.csv?from=2025-12&to=2026-01`, headers: mette.headers });
      assert.equal(answer.statusCode, 200, answer.body);
      assert.equal(answer.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(answer.headers['content-disposition'], `attachment; filename="kuvert-statistik-modtaget-${DEMO.company.cvr}-2025-12-2026-01.csv"`);
      const bytes = answer.rawPayload;
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      assert.deepEqual(lines, [
        'Tilmeldingsgruppe;Organisation;december 2025;januar 2026;I alt',
        'BBR;Kommunen (CVR 12345678);0;2;2',
        `"'=Skat; ""gammel""";Kommunen (CVR 12345678);1;0;1`,
        'I alt;;1;2;3',
        '',
      ]);
      const english = await app().inject({ method: 'GET', url: `${admin(company)}/statistics.csv?from=2026-01&to=2026-01&by=sender&lang=en`, headers: mette.headers });
      assert.deepEqual(english.rawPayload.subarray(3).toString('utf8').split('\r\n'), ['Sender;CVR;January 2026;Total', 'Kommunen;12345678;2;2', 'Total;;2;2', '']);
      assert.match(String(english.headers['content-disposition']), /filename="kuvert-statistics-received-29876543-2026-01-2026-01\.csv"/);
      const none = await app().inject({ method: 'GET', url: `${admin(company)}/statistics.csv?from=2025-05&to=2025-05&by=material`, headers: mette.headers });
      assert.deepEqual(none.rawPayload.subarray(3).toString('utf8').split('\r\n'),
        ['Materiale;Kode;Organisation;maj 2025;I alt', 'Uden materiale;;;1;1', 'I alt;;;1;1', '']);
    });

    it('the migration counts letters stored before it, in Danish months, as delivery does', async () => {
      const queries = [
        { mailboxId: companyMailbox, direction: 'received', by: 'group' }, { mailboxId: companyMailbox, direction: 'received', by: 'sender' },
        { mailboxId: authorityMailbox, direction: 'sent', by: 'material' }, { mailboxId: authorityMailbox, direction: 'received', by: 'sender' },
      ] as const;
      const period = 'from=2020-01&to=2024-12';
      const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit' }).format(new Date());
      const thisMonth = await stats(mette, company, `from=${month}&to=${month}`);
      // letters as an older Kuvert stored them: one available at Danish midnight on 1 January 2024 (23:00 UTC), one just before
      const ids = [await sendLetter('SKAT'), await sendLetter('BBR-MEDDELELSE')];
      await db().updateTable('message').set({ available_at: danish('2024-01-01') }).where('id', '=', ids[0]!).execute();
      await db().updateTable('message').set({ available_at: danish('2024-01-01', -1) }).where('id', '=', ids[1]!).execute();
      // … and none counted yet: as before migration 012
      await sql`drop table letter_count`.execute(db());
      await sql`delete from job where kind = 'statistics.compact'`.execute(db());
      await statisticsMigration(db());

      const view = await stats(mette, company, period);
      assert.deepEqual(view.rows.map((r) => [r.name, r.counts.filter((n) => n > 0), view.months[r.counts.findIndex((n) => n > 0)]]), [
        ['=Skat; "gammel"', [1], '2024-01'], ['BBR', [1], '2023-12'],
      ]);
      // every letter is counted again, each in the month of its available_at: as the letters themselves say
      for (const query of queries) {
        for (const [from, to] of [['2020-01-01', '2024-12-01'], ['2025-01-01', '2029-12-01']]) {
          const q = { ...query, from: from!, to: to! };
          const counted = await sql<{ month: string; key: string | null; letters: number }>`
            select to_char(month, 'YYYY-MM') as month, ${sql.ref(query.by === 'group' ? 'subscription_group_id' : query.by === 'material' ? 'material_id' : 'sender_organisation_id')} as key,
              sum(letters)::int as letters
            from letter_count where mailbox_id = ${q.mailboxId}::uuid and direction = ${q.direction} and month between ${q.from}::date and ${q.to}::date
            group by 1, 2 order by 1, 2`.execute(db());
          assert.deepEqual(counted.rows.map((r) => ({ ...r, letters: Number(r.letters) })), await letterCountsFromMessages(db(), q), JSON.stringify(q));
        }
      }
      assert.deepEqual(await stats(mette, company, `from=${month}&to=${month}`), thisMonth, 'the letters delivery counted are counted alike by the migration');
      const jobs = await db().selectFrom('job').select(['state', 'max_attempts']).where('kind', '=', 'statistics.compact').execute();
      assert.equal(jobs.length, 1, 'the migration makes the periodic job');
      assert.ok(['pending', 'running'].includes(jobs[0]!.state) && jobs[0]!.max_attempts === 1_000_000, JSON.stringify(jobs));
    });

    it('answers 404 for another organisation, 403 below administrator, 401 without a session, and refuses a bad period', async () => {
      const writer = await memberOf(kuvert.ctx, authority, 'writer');
      const reader = await memberOf(kuvert.ctx, authority, 'reader');
      const administrator = await memberOf(kuvert.ctx, authority, 'admin');
      const before = await snapshot(db());
      for (const url of [`${admin(company)}/statistics`, `${admin(company)}/statistics.csv`]) {
        const other = await api(app(), karen, 'GET', url);
        assert.deepEqual([other.status, other.body?.errorCode], [404, 'ORGANISATION_NOT_FOUND'], url);
        const citizen = await api(app(), jens, 'GET', url);
        assert.deepEqual([citizen.status, citizen.body?.errorCode], [404, 'ORGANISATION_NOT_FOUND'], url);
        const anonymous = await api(app(), undefined, 'GET', url);
        assert.equal(anonymous.status, 401, url);
      }
      for (const who of [writer, reader]) {
        for (const url of [`${admin()}/statistics`, `${admin()}/statistics.csv`]) {
          const refused = await api(app(), who, 'GET', url);
          assert.deepEqual([refused.status, refused.body?.errorCode], [403, 'FORBIDDEN_ROLE'], url);
        }
      }
      assert.equal((await api(app(), administrator, 'GET', `${admin()}/statistics?direction=sent`)).status, 200, 'an administrator sees them');

      for (const [query, code] of [
        ['from=2026-05&to=2026-04', 'STATISTICS_PERIOD_INVALID'],
        ['from=2020-01&to=2025-01', 'STATISTICS_PERIOD_INVALID'],
        ['from=2026-13', 'REQUEST_INVALID'],
        ['to=26-01', 'REQUEST_INVALID'],
        ['by=folder', 'REQUEST_INVALID'],
        ['direction=sent&by=sender', 'STATISTICS_BY_INVALID'],
      ]) {
        const refused = await api(app(), karen, 'GET', `${admin()}/statistics?${query}`);
        assert.deepEqual([refused.status, refused.body?.errorCode], [400, code], query);
      }
      assert.equal((await api(app(), karen, 'GET', `${admin()}/statistics?from=2021-02&to=2026-01`)).body.months.length, 60, '60 months at most');
      // reading changes nothing, so it needs no CSRF token; there is nothing to write here
      const noCsrf = await app().inject({ method: 'GET', url: `${admin()}/statistics`, headers: { cookie: karen.headers.cookie! } });
      assert.equal(noCsrf.statusCode, 200);
      const post = await app().inject({ method: 'POST', url: `${admin()}/statistics`, headers: karen.headers, payload: {} });
      assert.equal(post.statusCode, 404);
      assert.equal(await snapshot(db()), before);
    });

    if (database.name === 'PostgreSQL') {
      it('two delivery transactions counting the same key at once do not wait for each other', async () => {
        const arrival: Arrival = {
          messageId: randomUUID(), mailboxId: companyMailbox, folderId: randomUUID(), at: new Date(), senderMailboxId: authorityMailbox,
          senderOrganisationId: authority, materialId: null, subscriptionGroupId: bbr.id, notify: { userIds: [], addresses: [] },
        };
        let release!: () => void;
        const held = new Promise<void>((resolve) => { release = resolve; });
        let counted!: () => void;
        const first = new Promise<void>((resolve) => { counted = resolve; });
        const a = db().transaction().execute(async (trx) => {
          await countArrivals(trx, [arrival, arrival]);
          counted();
          await held; // still open while the other one counts
        });
        await first;
        await db().transaction().execute(async (trx) => {
          await sql`set local lock_timeout = '500ms'`.execute(trx);
          await countArrivals(trx, [arrival]);
        });
        release();
        await a;
        const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit' }).format(new Date());
        const view = await stats(mette, company, `from=${month}&to=${month}`);
        assert.equal(rowOf(view, bbr.id)?.total, 3 + 3, 'three letters of this month before (one of them deleted, still counted), three now');
      });
    }
  });
}

describe('statistics: CSV cells and periods (pure)', () => {
  it('a cell a spreadsheet would run as a formula starts with an apostrophe; separators, quotes and line breaks are quoted', () => {
    for (const [value, cell] of [
      ['BBR', 'BBR'], ['=SUM(A1:A9)', "'=SUM(A1:A9)"], ['+45 12345678', "'+45 12345678"], ['-Skat', "'-Skat"], ['@BBR', "'@BBR"],
      ['\tTab', "'\tTab"], ['\rCR', `"'\rCR"`], ['a;b', '"a;b"'], ['Kommunen "Nord"', '"Kommunen ""Nord"""'], ['to\nlinjer', '"to\nlinjer"'],
      ['=HYPERLINK("http://x";"klik")', `"'=HYPERLINK(""http://x"";""klik"")"`], ['Æblegård', 'Æblegård'], [42, '42'],
    ] as const) {
      assert.equal(csvCell(value), cell, JSON.stringify(value));
    }
  });

  it('a period defaults to the last 12 Danish months, and is refused backwards or longer than 60 months', () => {
    const newYear = new Date('2025-12-31T23:30:00Z'); // 00:30 on 1 January 2026 in Denmark
    assert.deepEqual(periodOf({}, newYear), { from: '2025-02', to: '2026-01' });
    assert.deepEqual(periodOf({ from: '2024-03' }, newYear), { from: '2024-03', to: '2025-02' });
    assert.deepEqual(periodOf({ from: '2025-09' }, newYear), { from: '2025-09', to: '2026-01' }, 'not past this month');
    assert.deepEqual(periodOf({ to: '2025-06' }, newYear), { from: '2024-07', to: '2025-06' });
    assert.deepEqual(periodOf({ from: '2021-02', to: '2026-01' }, newYear), { from: '2021-02', to: '2026-01' });
    for (const query of [{ from: '2026-02', to: '2026-01' }, { from: '2021-01', to: '2026-01' }, { from: '2026-13' }]) {
      assert.throws(() => periodOf(query, newYear), (e: { code?: string }) => e.code === 'STATISTICS_PERIOD_INVALID', JSON.stringify(query));
    }
    assert.deepEqual(periodOf({ from: '2026-03' }, newYear), { from: '2026-03', to: '2026-03' }, 'a month to come: that month alone');
  });
});
