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
 * down the inbox) and the folder counts. The baseline, in the same run: the same portal functions
 * (listMessages, listFolders: the same Kysely queries with the same driver) called directly.
 *
 * PostgreSQL when DATABASE_URL is set (or with --postgres: postgres://postgres@127.0.0.1:5432/test), in a
 * fresh schema dropped afterwards; else PGlite in a fresh temporary folder. Flags: --messages,
 * --mailbox-messages, --citizens, --n, --warmup, --limit, --postgres, --max-seconds, --check (exit 3
 * when a p99 target is missed), --keep (leave the schema / folder for EXPLAIN). See README.md, "Performance".
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
import { ensureEventChains, type Db, type Store } from '../src/store/index.ts';
import { sessionFor } from '../test/helpers/session.ts';
import { percentile } from './lib/load.ts';
import { startServer } from './lib/server.ts';
import { newTarget, type Target } from './lib/targets.ts';
import { DEFAULT_POSTGRES, guardRun, intFlag, log, timed } from './lib/run.ts';

const TARGET_P99_MS = 20;
const JENS = DEMO.people.find((p) => p.sub === 'demo-citizen-jens')!;

const { values: flags } = parseArgs({
  options: {
    messages: { type: 'string' },
    'mailbox-messages': { type: 'string' },
    citizens: { type: 'string', default: '1000' },
    n: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '50' },
    limit: { type: 'string', default: '50' },
    postgres: { type: 'boolean', default: false },
    'max-seconds': { type: 'string', default: '1800' },
    check: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  process.stdout.write(`usage: node --import tsx bench/portal.ts [--postgres] [--messages N] [--mailbox-messages N] [--citizens 1000]
       [--n 500] [--warmup 50] [--limit 50] [--max-seconds 1800] [--check] [--keep]
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

/**
 * Set-based inserts. Every message shares one small document text, '[]' blob refs and one tsvector;
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

  const insertMessages = (count: number, recipients: ReturnType<typeof sql>, offset: number) => sql`
    insert into message (transmission_id, message_uuid, memo_version, message_type, thread_id, sender_mailbox_id,
      sender_organisation_id, sender_label, recipient_id_type, recipient_mailbox_id, label, attachment_count,
      reply_allowed, mandatory, legal_notification, document_sha256, document_size, document_text, blob_refs,
      search, received_at, available_at)
    select gen_random_uuid(), gen_random_uuid(), '1.2', 'DIGITALPOST', gen_random_uuid(), ${sender.mailboxId}::uuid,
      ${sender.organisationId}::uuid, ${DEMO.authority.name}, 'CPR', r.id, 'Brev ' || g, 0,
      false, false, false, 'bench', 12, 'Brev fra os.', '[]'::jsonb,
      v.search, t.at, t.at
    from generate_series(1, ${count}::int) g
    join ${recipients} on r.k = g % r.n
    cross join (select to_tsvector('danish', 'Brev fra kommunen') as search) v
    cross join lateral (select now() - make_interval(secs => (g + ${offset}::int)::double precision) as at) t`;

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

const ENDPOINTS = ['first page', 'deep page', 'folder counts'] as const;
type Endpoint = typeof ENDPOINTS[number];

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
  const sqlTasks: Record<Endpoint, () => Promise<void>> = {
    'first page': async () => { await listMessages(ctx, active.principal, fx.mailboxId, { folderId: fx.inboxId, limit }); },
    'deep page': async () => { await listMessages(ctx, active.principal, fx.mailboxId, { folderId: fx.inboxId, limit, cursor }); },
    'folder counts': async () => { await listFolders(ctx, active.principal, fx.mailboxId); },
  };
  const baseline = {} as Record<Endpoint, Timing>;
  for (const e of ENDPOINTS) baseline[e] = await timed(`SQL ${e}`, () => timeIt(n, warmup, sqlTasks[e]));
  // the answers the API must match
  const expected = await listFolders(ctx, active.principal, fx.mailboxId);
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
  const paths: Record<Endpoint, string> = {
    'first page': `${base}/messages?folderId=${fx.inboxId}&limit=${limit}`,
    'deep page': `${base}/messages?folderId=${fx.inboxId}&limit=${limit}&cursor=${cursor}`,
    'folder counts': `${base}/folders`,
  };
  // sanity: a full first page, and the same counts as the direct call
  const first = JSON.parse(await get(paths['first page'])) as { messages: unknown[]; nextCursor: string | null };
  if (first.messages.length !== Math.min(limit, fx.counts.inbox)) throw new Error(`first page has ${first.messages.length} messages`);
  const folders = JSON.parse(await get(paths['folder counts'])) as { folders: Array<{ id: string; total: number; unread: number }> };
  const inboxView = folders.folders.find((f) => f.id === fx.inboxId);
  if (inboxView?.total !== fx.counts.inbox || inboxView.unread !== fx.counts.inboxUnread || JSON.stringify(folders.folders) !== JSON.stringify(expected)) {
    throw new Error(`folder counts differ: ${JSON.stringify(folders.folders)}`);
  }
  const api = {} as Record<Endpoint, Timing>;
  for (const e of ENDPOINTS) api[e] = await timed(`API ${e}`, () => timeIt(n, warmup, async () => { await get(paths[e]); }));
  const memory = server.memory();
  await cleanupAll();

  // ---- report ------------------------------------------------------------------------------------
  const c = fx.counts;
  const out: string[] = [];
  out.push(`Portal bench — ${onPostgres ? 'PostgreSQL' : 'PGlite'}, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}, Node ${process.versions.node}`);
  if (scaledDown) out.push(`NOTE: scaled down from ${fmt(FULL.messages)} messages / ${fmt(FULL.mailbox)} in the mailbox${onPostgres ? ' (flags)' : ' for PGlite (use --postgres for the full size)'}`);
  out.push(`rows: message ${fmt(c.message)}, message_state ${fmt(c.messageState)}; Jens's mailbox ${fmt(c.mailbox)}: Indbakke ${fmt(c.inbox)} (${fmt(c.inboxUnread)} unread), own folder ${fmt(c.userFolder)}`);
  out.push(`${fmt(n)} sequential requests per endpoint after ${warmup} warm-up, page size ${limit}; SQL = the portal function called directly (same Kysely driver)`);
  out.push('');
  out.push(`${'endpoint'.padEnd(16)} ${'API p50'.padStart(8)} ${'p99'.padStart(7)} ${'max'.padStart(7)}   ${'SQL p50'.padStart(8)} ${'p99'.padStart(7)} ${'max'.padStart(7)}   ${'API/SQL p50'.padStart(11)}  target p99 < ${TARGET_P99_MS} ms`);
  let missed = false;
  for (const e of ENDPOINTS) {
    const a = api[e];
    const s = baseline[e];
    const ok = a.p99 < TARGET_P99_MS;
    if (e !== 'deep page' && !ok) missed = true;
    out.push(`${e.padEnd(16)} ${a.p50.toFixed(2).padStart(8)} ${a.p99.toFixed(2).padStart(7)} ${a.max.toFixed(1).padStart(7)}   ${s.p50.toFixed(2).padStart(8)} ${s.p99.toFixed(2).padStart(7)} ${s.max.toFixed(1).padStart(7)}   ${(a.p50 / s.p50).toFixed(2).padStart(11)}  ${ok ? 'met' : 'MISSED'}`);
  }
  if (memory) out.push(`server peak RSS ${memory.peakRssMb.toFixed(0)} MB`);
  process.stdout.write(`${out.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify({ kind: onPostgres ? 'postgres' : 'pglite', messages: totalMessages, mailboxMessages, counts: c, api, sql: baseline, scaledDown })}\n`);
  if (flags.check && missed) process.exit(3);
  process.exit(0);
}

main().catch(async (err) => {
  log(err instanceof Error ? err.stack ?? err.message : String(err));
  await cleanupAll();
  process.exit(1);
});
