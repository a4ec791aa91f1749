/**
 * Portal benchmark: how fast the citizen portal serves a large mailbox in a large store.
 *
 *   npm run bench:portal                  PGlite (scaled down, see below)
 *   npm run bench:portal -- --postgres    PostgreSQL: 100,000 messages in Jens's mailbox, 1,000,000 in the store
 *
 * The database is filled with set-based SQL (generate_series) straight into message / message_state:
 * --mailbox-messages in the demo citizen Jens Hansen's mailbox (CPR 2211771212; about 10 % unread, about
 * 5 % in a folder of his own, the rest in Indbakke) and the remaining --messages spread over
 * --citizens other citizens' inboxes. Then `kuvert serve` runs on that database as a child process and
 * one client (undici) times --n requests each of the inbox's first page, a deep page (a cursor half way
 * down the inbox), the folder counts, and searches (docs/portal.md, "Search"): a word inside compounds
 * ("skat" in "Ejendomsskattebillet"), a word prefix ("bygge"), two words, a common word, a rare word (in
 * one letter of 10,000, also in other mailboxes), a word in no letter — in every folder, and in Jens's
 * own folder — and the next page of a search. The baselines, in the same run: the same portal functions
 * (listMessages, listFolders: the same Kysely queries with the same driver) called directly, the plain
 * folder listing (first page), and a naive search without the index (`position(word in search_text)`
 * over the mailbox, --naive-n times), so the search figures carry a ratio to each.
 *
 * Every letter's search text is ~600 characters: the sender, one of 12 titles (compounds like
 * "Ejendomsskattebillet", "Byggetilladelse"), a paragraph of ordinary words and two words drawn from
 * 200 by the letter's number, so trigrams are shared as in real mail. The search indexes of migration
 * 017 are dropped during the fill and built again after it (quicker; the end state is the same).
 *
 * PostgreSQL when DATABASE_URL is set (or with --postgres: postgres://postgres@127.0.0.1:5432/test), in a
 * fresh schema dropped afterwards; else PGlite in a fresh temporary folder. Flags: --messages,
 * --mailbox-messages, --citizens, --n, --warmup, --limit, --naive-n, --postgres, --max-seconds, --check (exit 3
 * when a p99 target is missed: 20 ms for the listing, 100 ms for searches), --keep (leave the schema / folder
 * for EXPLAIN). See README.md, "Performance".
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { Pool } from 'undici';
import { loadSession } from '../src/auth/index.ts';
import { loadConfig } from '../src/config.ts';
import { DEMO, seedDemoData } from '../src/demo/index.ts';
import { encodeCursor } from '../src/portal/cursor.ts';
import { listFolders, listMessages } from '../src/portal/index.ts';
import { searchableText } from '../src/domain/index.ts';
import { ensureEventChains, type Db, type Store } from '../src/store/index.ts';
import { sessionFor } from '../test/helpers/session.ts';
import { percentile } from './lib/load.ts';
import { startServer } from './lib/server.ts';
import { newTarget, type Target } from './lib/targets.ts';
import { DEFAULT_POSTGRES, guardRun, intFlag, log, timed } from './lib/run.ts';

const TARGET_P99_MS = 20;
const SEARCH_TARGET_P99_MS = 100;
const JENS = DEMO.people.find((p) => p.sub === 'demo-citizen-jens')!;

const { values: flags } = parseArgs({
  options: {
    messages: { type: 'string' },
    'mailbox-messages': { type: 'string' },
    citizens: { type: 'string', default: '1000' },
    n: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '50' },
    limit: { type: 'string', default: '50' },
    'naive-n': { type: 'string', default: '5' },
    postgres: { type: 'boolean', default: false },
    'max-seconds': { type: 'string', default: '1800' },
    check: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  process.stdout.write(`usage: node --import tsx bench/portal.ts [--postgres] [--messages N] [--mailbox-messages N] [--citizens 1000]
       [--n 500] [--warmup 50] [--limit 50] [--naive-n 5] [--max-seconds 1800] [--check] [--keep]
PostgreSQL when DATABASE_URL is set or --postgres is given (${DEFAULT_POSTGRES}); PGlite otherwise.
Defaults: 1,000,000 messages, 100,000 of them Jens's, on PostgreSQL; 200,000 / 50,000 on PGlite.\n`);
  process.exit(0);
}

const databaseUrl = process.env.DATABASE_URL || (flags.postgres ? DEFAULT_POSTGRES : undefined);
const onPostgres = databaseUrl !== undefined;
const FULL = { messages: 1_000_000, mailbox: 100_000 };
const totalMessages = intFlag('messages', flags.messages, onPostgres ? FULL.messages : 200_000, 1);
const mailboxMessages = intFlag('mailbox-messages', flags['mailbox-messages'], onPostgres ? FULL.mailbox : Math.min(50_000, totalMessages), 1);
const citizens = intFlag('citizens', flags.citizens, 1000, 1);
const n = intFlag('n', flags.n, 500, 1);
const warmup = intFlag('warmup', flags.warmup, 50, 0);
const limit = intFlag('limit', flags.limit, 50, 1);
const maxSeconds = intFlag('max-seconds', flags['max-seconds'], 1800, 10);
const naiveN = intFlag('naive-n', flags['naive-n'], 5, 1);
if (mailboxMessages > totalMessages) throw new Error('--mailbox-messages cannot exceed --messages');
const scaledDown = totalMessages < FULL.messages || mailboxMessages < FULL.mailbox;
const eventChains = loadConfig({ EVENT_CHAINS: process.env.EVENT_CHAINS }).eventChains;

const { cleanups, signal, cleanupAll } = guardRun(maxSeconds);

const fmt = (x: number) => x.toLocaleString('en');

// ---- filling the database ------------------------------------------------------------------------
interface Fixture {
  mailboxId: string;
  inboxId: string;
  userFolderId: string;
  counts: { message: number; messageState: number; mailbox: number; inbox: number; inboxUnread: number; userFolder: number };
}

/** Titles of the bench letters (one by the letter's number), with Danish compounds to search inside. */
const TITLES = [
  'Ejendomsskattebillet 2026', 'Byggetilladelse til carport', 'Årsopgørelse 2025', 'Påmindelse om tandlægebesøg', 'Ændring af affaldsordning',
  'Forskudsopgørelse 2026', 'Restskat og rentetillæg', 'Indkaldelse til sundhedsundersøgelse', 'Afgørelse om boligstøtte', 'Valgkort til kommunalvalget',
  'Parkeringslicens fornyet', 'Vejledning om byggesagsbehandling',
];
/** One letter in RARE_EVERY carries the rare word, in every mailbox. */
const RARE_EVERY = 10_000;
const RARE_WORD = 'vandløbsregulativ';
const PARAGRAPH = 'Kære borger. Vi skriver til dig, fordi kommunen har behandlet din sag. Du kan læse mere om afgørelsen i brevet '
  + 'og i vedlagte bilag. Har du spørgsmål, er du velkommen til at kontakte os på telefon eller skrive til os i Digital Post. '
  + 'Husk at oplyse dit sagsnummer, når du henvender dig. Med venlig hilsen Borgerservice';
const VOCABULARY = Array.from({ length: 200 }, (_, i) => `sag${(i * 7919).toString(36)}nummer`);

/**
 * Set-based inserts. Every message shares one small document text and '[]' blob refs; its search text
 * is built from TITLES, PARAGRAPH and VOCABULARY by its number (as searchableText would write it);
 * received_at (= message_state.created_at) steps back one second per message from now, so that the
 * order is total and a cursor lands in the middle of the inbox.
 */
async function fill(db: Db): Promise<Fixture> {
  const jens = await db.selectFrom('citizen as c').innerJoin('mailbox as b', 'b.citizen_id', 'c.id').select('b.id')
    .where('c.cpr', '=', JENS.cpr).executeTakeFirstOrThrow();
  const inbox = await db.selectFrom('folder').select('id').where('mailbox_id', '=', jens.id).where('kind', '=', 'INBOX').executeTakeFirstOrThrow();
  const own = await db.insertInto('folder').values({ mailbox_id: jens.id, kind: 'USER', name: 'Arkiv (bench)' }).returning('id').executeTakeFirstOrThrow();
  const sender = await db.selectFrom('organisation as o').innerJoin('mailbox as b', 'b.organisation_id', 'o.id')
    .select(['o.id as organisationId', 'b.id as mailboxId']).where('o.cvr', '=', DEMO.authority.cvr).executeTakeFirstOrThrow();

  const others = totalMessages - mailboxMessages;
  if (others > 0) {
    await timed(`${fmt(citizens)} citizens with mailboxes and standard folders`, async () => {
      await sql`insert into citizen (cpr, name) select '9' || lpad(g::text, 9, '0'), 'Bench borger ' || g from generate_series(1, ${citizens}::int) g`.execute(db);
      await sql`insert into mailbox (citizen_id) select id from citizen where cpr like '9%' and name like 'Bench borger %'`.execute(db);
      await sql`insert into folder (mailbox_id, kind, name)
        select b.id, k.kind, k.name from mailbox b join citizen c on c.id = b.citizen_id
        cross join (values ('INBOX', 'Indbakke'), ('SENT', 'Sendt'), ('DRAFTS', 'Kladder'), ('DELETED', 'Slettet')) k (kind, name)
        where c.name like 'Bench borger %'`.execute(db);
    });
  }

  const paragraph = searchableText([PARAGRAPH]);
  const insertMessages = (count: number, recipients: ReturnType<typeof sql>, offset: number) => sql`
    insert into message (transmission_id, message_uuid, memo_version, message_type, thread_id, sender_mailbox_id,
      sender_organisation_id, sender_label, recipient_id_type, recipient_mailbox_id, label, attachment_count,
      reply_allowed, mandatory, legal_notification, document_sha256, document_size, document_text, blob_refs,
      search_text, received_at, available_at)
    select gen_random_uuid(), gen_random_uuid(), '1.2', 'DIGITALPOST', gen_random_uuid(), ${sender.mailboxId}::uuid,
      ${sender.organisationId}::uuid, ${DEMO.authority.name}, 'CPR', r.id, v.title, 0,
      false, false, false, 'bench', 12, 'Brev fra os.', '[]'::jsonb,
      ${searchableText([DEMO.authority.name])} || ' ' || lower(v.title) || ${paragraph} || ' ' || v.word1 || ' ' || v.word2
        || case when g % ${RARE_EVERY}::int = 0 then ${` ${RARE_WORD}`} else '' end,
      t.at, t.at
    from generate_series(1, ${count}::int) g
    join ${recipients} on r.k = g % r.n
    cross join lateral (select (${TITLES}::text[])[1 + g % ${TITLES.length}::int] as title,
      (${VOCABULARY}::text[])[1 + (g * 31) % ${VOCABULARY.length}::int] as word1, (${VOCABULARY}::text[])[1 + (g * 17 + 5) % ${VOCABULARY.length}::int] as word2) v
    cross join lateral (select now() - make_interval(secs => (g + ${offset}::int)::double precision) as at) t`;

  // the search indexes are built once after the fill (quicker than row by row); the end state is the same
  const later = ['message_search_received', 'message_search_sent'];
  const definitions = (await sql<{ def: string }>`select indexdef as def from pg_indexes where schemaname = current_schema() and indexname in (${sql.join(later)})`.execute(db)).rows;
  for (const name of later) await sql`drop index if exists ${sql.ref(name)}`.execute(db);

  await timed(`${fmt(mailboxMessages)} messages for Jens`, async () => {
    await insertMessages(mailboxMessages, sql`(select ${jens.id}::uuid as id, 0 as k, 1 as n) r`, 0).execute(db);
    await sql`insert into message_state (mailbox_id, message_id, folder_id, read_at, created_at)
      select m.recipient_mailbox_id, m.id,
        case when abs(hashtext(m.id::text || 'f')) % 100 < 5 then ${own.id}::uuid else ${inbox.id}::uuid end,
        case when abs(hashtext(m.id::text || 'u')) % 100 < 10 then null else m.received_at + interval '1 hour' end,
        m.received_at
      from message m
      where m.recipient_mailbox_id = ${jens.id}::uuid`.execute(db);
  });
  if (others > 0) {
    await timed(`${fmt(others)} messages for the other citizens`, async () => {
      await insertMessages(others, sql`(select b.id, (row_number() over (order by b.id) - 1)::int as k, count(*) over ()::int as n
        from mailbox b join citizen c on c.id = b.citizen_id where c.name like 'Bench borger %') r`, 0).execute(db);
      await sql`insert into message_state (mailbox_id, message_id, folder_id, read_at, created_at)
        select m.recipient_mailbox_id, m.id, f.id, case when random() < 0.10 then null else m.received_at + interval '1 hour' end, m.received_at
        from message m join folder f on f.mailbox_id = m.recipient_mailbox_id and f.kind = 'INBOX'
        where m.recipient_mailbox_id <> ${jens.id}::uuid`.execute(db);
    });
  }
  await timed(`indexes ${later.join(', ')} built again`, async () => {
    if (onPostgres) await sql`set maintenance_work_mem = '256MB'`.execute(db);
    for (const { def } of definitions) await sql.raw(def).execute(db);
  });
  await timed('vacuum analyze', () => sql`vacuum analyze`.execute(db));

  const one = async (q: ReturnType<typeof sql<{ n: string }>>) => Number((await q.execute(db)).rows[0]!.n);
  return {
    mailboxId: jens.id, inboxId: inbox.id, userFolderId: own.id,
    counts: {
      message: await one(sql`select count(*) as n from message`),
      messageState: await one(sql`select count(*) as n from message_state`),
      mailbox: await one(sql`select count(*) as n from message_state where mailbox_id = ${jens.id}::uuid`),
      inbox: await one(sql`select count(*) as n from message_state where mailbox_id = ${jens.id}::uuid and folder_id = ${inbox.id}::uuid`),
      inboxUnread: await one(sql`select count(*) as n from message_state where mailbox_id = ${jens.id}::uuid and folder_id = ${inbox.id}::uuid and read_at is null`),
      userFolder: await one(sql`select count(*) as n from message_state where mailbox_id = ${jens.id}::uuid and folder_id = ${own.id}::uuid`),
    },
  };
}

/** The cursor after the first half of the inbox, as the server would give it out. */
async function deepCursor(db: Db, fx: Fixture): Promise<string> {
  const row = (await sql<{ at: string; id: string }>`
    select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, message_id as id
    from message_state where mailbox_id = ${fx.mailboxId}::uuid and folder_id = ${fx.inboxId}::uuid
    order by created_at desc, message_id offset ${Math.floor(fx.counts.inbox / 2)}::int limit 1`.execute(db)).rows[0]!;
  return encodeCursor({ at: row.at, messageId: row.id });
}

// ---- timing --------------------------------------------------------------------------------------
interface Timing { p50: number; p99: number; max: number; n: number }

async function timeIt(count: number, warm: number, task: () => Promise<void>): Promise<Timing> {
  for (let i = 0; i < warm; i++) await task();
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await task();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1)!, n: ms.length };
}

/** What is timed: the folder listing (first and deep page), the folder counts, and searches (docs/portal.md, "Search"). */
interface Case {
  name: string;
  /** the list's query; undefined: the folder counts */
  query?: { folderId?: string; q?: string; cursor?: string };
  target: number;
  /** a miss of this target fails --check */
  checked: boolean;
}

function cases(fx: Fixture, deep: string, searchCursor: string): Case[] {
  const listing = (name: string, query: Case['query'], checked = true): Case => ({ name, query, target: TARGET_P99_MS, checked });
  const search = (name: string, query: Case['query']): Case => ({ name, query, target: SEARCH_TARGET_P99_MS, checked: true });
  return [
    listing('first page', { folderId: fx.inboxId }),
    listing('deep page', { folderId: fx.inboxId, cursor: deep }, false),
    listing('folder counts', undefined),
    search('search compound', { q: 'skat' }),
    search('search prefix', { q: 'bygge' }),
    search('search 2 words', { q: 'skat 2026' }),
    search('search common', { q: 'kommunen' }),
    search('search rare', { q: RARE_WORD }),
    search('search absent', { q: 'zzqxyw' }),
    search('search short', { q: 'på' }),
    search('search 1 folder', { q: 'skat', folderId: fx.userFolderId }),
    search('rare, 1 folder', { q: RARE_WORD, folderId: fx.userFolderId }),
    search('search page 2', { q: 'skat', cursor: searchCursor }),
  ];
}

/** The naive search this replaces, as a baseline: the newest matches of the mailbox without any search index. */
function naiveSearch(db: Db, fx: Fixture, word: string) {
  return sql<{ id: string }>`select s.message_id as id from message_state s join message m on m.id = s.message_id
    where s.mailbox_id = ${fx.mailboxId}::uuid and s.folder_id in (${fx.inboxId}::uuid, ${fx.userFolderId}::uuid) and position(${word} in m.search_text) > 0
    order by s.created_at desc, s.message_id limit ${limit}::int`.execute(db);
}

async function main(): Promise<void> {
  log(`portal bench: ${onPostgres ? `PostgreSQL ${databaseUrl}` : 'PGlite'}, ${fmt(totalMessages)} messages, ${fmt(mailboxMessages)} in Jens's mailbox` +
    `${scaledDown ? ` (scaled down from ${fmt(FULL.messages)} / ${fmt(FULL.mailbox)}${onPostgres ? '' : ' for PGlite'})` : ''}`);
  const target: Target = newTarget(databaseUrl, 4, 'portal');
  if (flags.keep) log(`--keep: ${target.where} is left in place`);
  else cleanups.push(() => target.drop());

  // seed, fill, session and baseline from this process; then the server (PGlite allows one process at a time)
  const store: Store = await target.open();
  let closed = false;
  const close = async () => { if (!closed) { closed = true; await store.close(); } };
  cleanups.push(close);
  await ensureEventChains(store.db, eventChains);
  await seedDemoData(store.db, eventChains);
  const fx = await timed(`filled ${target.where}`, () => fill(store.db));
  const session = await sessionFor(store.db, JENS.sub);
  const cursor = await deepCursor(store.db, fx);

  const active = await loadSession(store.db, session.headers.cookie!.split('=')[1]!);
  if (!active) throw new Error('the bench session does not load');
  const ctx = { db: store.db, eventChains };
  const searchCursor = (await listMessages(ctx, active.principal, fx.mailboxId, { q: 'skat', limit })).nextCursor;
  if (!searchCursor) throw new Error('a search for "skat" has no second page');
  const all = cases(fx, cursor, searchCursor);
  const call = (c: Case) => (c.query === undefined
    ? listFolders(ctx, active.principal, fx.mailboxId)
    : listMessages(ctx, active.principal, fx.mailboxId, { ...c.query, limit }));
  const baseline: Record<string, Timing> = {};
  for (const c of all) baseline[c.name] = await timed(`SQL ${c.name}`, () => timeIt(n, warmup, async () => { await call(c); }));
  const naive = await timed(`naive search "${RARE_WORD}" (no index), ${naiveN}×`, () => timeIt(naiveN, 1, async () => { await naiveSearch(store.db, fx, RARE_WORD); }));
  // the answers the API must match
  const expected = await listFolders(ctx, active.principal, fx.mailboxId);
  const expectedHits: Record<string, string[]> = {};
  for (const word of ['skat', RARE_WORD]) expectedHits[word] = (await naiveSearch(store.db, fx, word)).rows.map((r) => r.id);
  await close();

  const server = await timed('server started', () => startServer({ env: { ...target.serverEnv, DB_POOL_SIZE: '4' } }));
  cleanups.push(() => server.stop());
  const pool = new Pool(server.url, { connections: 1 });
  cleanups.push(() => pool.destroy());
  const base = `/api/mailboxes/${fx.mailboxId}`;
  const get = async (path: string) => {
    const res = await pool.request({ method: 'GET', path, headers: { cookie: session.headers.cookie! } });
    const body = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${body.slice(0, 300)}`);
    return body;
  };
  const pathOf = (c: Case) => (c.query === undefined
    ? `${base}/folders`
    : `${base}/messages?${new URLSearchParams({ ...c.query, limit: String(limit) })}`);
  // sanity: a full first page, the same counts as the direct call, and the same hits as the naive search
  const first = JSON.parse(await get(pathOf(all[0]!))) as { messages: unknown[]; nextCursor: string | null };
  if (first.messages.length !== Math.min(limit, fx.counts.inbox)) throw new Error(`first page has ${first.messages.length} messages`);
  const folders = JSON.parse(await get(`${base}/folders`)) as { folders: Array<{ id: string; total: number; unread: number }> };
  const inboxView = folders.folders.find((f) => f.id === fx.inboxId);
  if (inboxView?.total !== fx.counts.inbox || inboxView.unread !== fx.counts.inboxUnread || JSON.stringify(folders.folders) !== JSON.stringify(expected)) {
    throw new Error(`folder counts differ: ${JSON.stringify(folders.folders)}`);
  }
  for (const [word, ids] of Object.entries(expectedHits)) {
    const found = (JSON.parse(await get(`${base}/messages?${new URLSearchParams({ q: word, limit: String(limit) })}`)) as { messages: Array<{ id: string }> }).messages.map((m) => m.id);
    if (JSON.stringify(found) !== JSON.stringify(ids)) throw new Error(`the search for "${word}" found ${found.length} letters, the naive scan ${ids.length}`);
    log(`search "${word}": ${found.length} letters on the first page, as the naive scan`);
  }
  const api: Record<string, Timing> = {};
  for (const c of all) api[c.name] = await timed(`API ${c.name}`, () => timeIt(n, warmup, async () => { await get(pathOf(c)); }));
  const memory = server.memory();
  await cleanupAll();

  // ---- report ------------------------------------------------------------------------------------
  const c = fx.counts;
  const listingP50 = baseline['first page']!.p50;
  const out: string[] = [];
  out.push(`Portal bench — ${onPostgres ? 'PostgreSQL' : 'PGlite'}, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}, Node ${process.versions.node}`);
  if (scaledDown) out.push(`NOTE: scaled down from ${fmt(FULL.messages)} messages / ${fmt(FULL.mailbox)} in the mailbox${onPostgres ? ' (flags)' : ' for PGlite (use --postgres for the full size)'}`);
  out.push(`rows: message ${fmt(c.message)}, message_state ${fmt(c.messageState)}; Jens's mailbox ${fmt(c.mailbox)}: Indbakke ${fmt(c.inbox)} (${fmt(c.inboxUnread)} unread), own folder ${fmt(c.userFolder)}`);
  out.push(`${fmt(n)} sequential requests per endpoint after ${warmup} warm-up, page size ${limit}; SQL = the portal function called directly (same Kysely driver)`);
  out.push(`baselines in this run: the folder listing's first page (SQL p50 ${listingP50.toFixed(2)} ms); a naive search without index for "${RARE_WORD}" `
    + `(p50 ${naive.p50.toFixed(1)} ms, max ${naive.max.toFixed(1)} ms, ${naiveN}×)`);
  out.push('');
  out.push(`${'endpoint'.padEnd(16)} ${'API p50'.padStart(8)} ${'p99'.padStart(7)} ${'max'.padStart(7)}   ${'SQL p50'.padStart(8)} ${'p99'.padStart(7)} ${'max'.padStart(7)}   `
    + `${'API/SQL'.padStart(7)} ${'÷listing'.padStart(8)} ${'÷naive'.padStart(7)}  target p99`);
  let missed = false;
  for (const cs of all) {
    const a = api[cs.name]!;
    const s = baseline[cs.name]!;
    const ok = a.p99 < cs.target;
    if (cs.checked && !ok) missed = true;
    out.push(`${cs.name.padEnd(16)} ${a.p50.toFixed(2).padStart(8)} ${a.p99.toFixed(2).padStart(7)} ${a.max.toFixed(1).padStart(7)}   ${s.p50.toFixed(2).padStart(8)} ${s.p99.toFixed(2).padStart(7)} ${s.max.toFixed(1).padStart(7)}   `
      + `${(a.p50 / s.p50).toFixed(2).padStart(7)} ${(s.p50 / listingP50).toFixed(2).padStart(8)} ${(s.p50 / naive.p50).toFixed(3).padStart(7)}  < ${cs.target} ms ${ok ? 'met' : 'MISSED'}`);
  }
  if (memory) out.push(`server peak RSS ${memory.peakRssMb.toFixed(0)} MB`);
  process.stdout.write(`${out.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify({ kind: onPostgres ? 'postgres' : 'pglite', messages: totalMessages, mailboxMessages, counts: c, api, sql: baseline, naive, scaledDown })}\n`);
  if (flags.check && missed) process.exit(3);
  process.exit(0);
}

main().catch(async (err) => {
  log(err instanceof Error ? err.stack ?? err.message : String(err));
  await cleanupAll();
  process.exit(1);
});
