/**
 * Ingest benchmark: sends MeMo letters through the real HTTP API of a `kuvert serve` child process and,
 * in the same run, inserts the same rows and blobs straight into the database (the baseline).
 *
 *   npm run bench:ingest                  2,000 letters with a 100 KB PDF each, 10 concurrent clients
 *   npm run bench:ingest-bulk             one 100 KB PDF to 10,000 citizens: the blob is stored once
 *   npm run bench:ingest -- --rules 20    the recipient mailbox has 20 active rules; the comparison is the
 *                                         same API without rules (target: ≥ 0.9 of its throughput)
 *
 * PostgreSQL when DATABASE_URL is set (or with --postgres: postgres://postgres@127.0.0.1:5432/test),
 * each run in fresh schemas that are dropped afterwards; else PGlite in fresh temporary folders.
 * API and baseline take turns in --rounds slices (default 4), so that the other load of a shared machine
 * falls on both alike. Flags: --n, --concurrency, --size-kb, --bulk, --recipients, --warmup, --rounds,
 * --max-seconds, --profile <dir> (CPU profile of the server, summarised), --api-only, --check (exit 3
 * when a target is missed). See README.md, "Performance".
 */
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Pool } from 'undici';
import { loadConfig } from '../src/config.ts';
import { DEMO } from '../src/demo/index.ts';
import { seedDemoData } from '../src/demo/index.ts';
import type { RuleBody } from '../src/domain/index.ts';
import { ensureEventChains, insertRule, organisationIdByCvr, verifyEvents, type Store } from '../src/store/index.ts';
import { prepareBaseline } from './lib/baseline.ts';
import { CpuMeter, serverAndPostgres, type CpuUse } from './lib/cpu.ts';
import { mergeLoads, progressBar, runLoad, summarize, type LoadResult, type LoadSummary } from './lib/load.ts';
import { buildMessages, COMPANY_CVR, COMPANY_P_NUMBER, type MessageSet } from './lib/messages.ts';
import { mainThreadProfile, summarizeProfile } from './lib/profile.ts';
import { startServer, type ServerMemory } from './lib/server.ts';
import { createCitizens, newTarget, storeStats, type StoreStats, type Target } from './lib/targets.ts';
import { DEFAULT_POSTGRES, guardRun, intFlag, log, timed, runMain } from './lib/run.ts';

const TARGETS = { msgPerSec: 500, ratio: 0.5, peakRssMb: 400 };

const { values: flags } = parseArgs({
  options: {
    n: { type: 'string' },
    concurrency: { type: 'string', default: '10' },
    'size-kb': { type: 'string', default: '100' },
    bulk: { type: 'boolean', default: false },
    recipients: { type: 'string' },
    warmup: { type: 'string', default: '50' },
    postgres: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '4' },
    'max-seconds': { type: 'string', default: '1800' },
    profile: { type: 'string' },
    'api-only': { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    rules: { type: 'string', default: '0' },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  process.stdout.write(`usage: node --import tsx bench/ingest.ts [--bulk] [--n N] [--concurrency 10] [--size-kb 100] [--recipients N]
       [--warmup 50] [--rounds 4] [--postgres] [--max-seconds 1800] [--profile DIR] [--api-only] [--check] [--rules N]
PostgreSQL when DATABASE_URL is set or --postgres is given (${DEFAULT_POSTGRES}); PGlite otherwise.\n`);
  process.exit(0);
}

const bulk = flags.bulk!;
const n = intFlag('n', flags.n, bulk ? 10_000 : 2_000, 1);
const concurrency = intFlag('concurrency', flags.concurrency, 10, 1);
const sizeKb = intFlag('size-kb', flags['size-kb'], 100, 1);
const recipients = intFlag('recipients', flags.recipients, bulk ? 10_000 : 0, bulk ? 1 : 0);
const warmup = intFlag('warmup', flags.warmup, 50, 0);
const maxSeconds = intFlag('max-seconds', flags['max-seconds'], 1800, 10);
const roundCount = intFlag('rounds', flags.rounds, 4, 1);
const databaseUrl = process.env.DATABASE_URL || (flags.postgres ? DEFAULT_POSTGRES : undefined);
const eventChains = loadConfig({ EVENT_CHAINS: process.env.EVENT_CHAINS }).eventChains;
const total = warmup + n;
const ruleCount = intFlag('rules', flags.rules, 0, 0);
if (ruleCount > 0 && bulk) throw new Error('--rules goes with the letters to one company, not with --bulk');
if (!bulk && flags.recipients !== undefined) throw new Error('--recipients goes with --bulk');

const { cleanups, signal, cleanupAll } = guardRun(maxSeconds);

const hrUs = () => Number(process.hrtime.bigint() / 1000n);

/** PostgreSQL: a checkpoint before measuring, so that the set-up's dirty pages are not written during the run. */
async function checkpoint(): Promise<void> {
  if (!databaseUrl) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try { await client.query('checkpoint'); } catch { /* needs superuser or pg_checkpoint; only a nicety */ } finally { await client.end(); }
}

/** A fresh database with the parties the letters go to; the schema is created by the store's migrations. */
async function prepare(target: Target, seed: boolean): Promise<Store> {
  const store = await target.open();
  try {
    if (seed) {
      await ensureEventChains(store.db, eventChains);
      await seedDemoData(store.db, eventChains);
    }
    if (bulk) await timed(`${recipients.toLocaleString('en')} citizens with mailboxes created in ${target.where}`, () => createCitizens(store.db, recipients));
    return store;
  } catch (err) {
    await store.close();
    throw err;
  }
}

interface Outcome { summary: LoadSummary; stats: StoreStats; eventsOk: boolean; firstErrors: string[]; cpu: CpuUse }

/** One side of the comparison, set up and warmed up, measured slice by slice. */
interface Side {
  task(i: number): Promise<void>;
  meter: CpuMeter;
  /** called after the measured slices: checks, stats and teardown */
  finish(result: LoadResult): Promise<Outcome>;
}

// ---- the API side: `kuvert serve` in a child process, driven over HTTP ---------------------------------
interface ApiSide extends Side { memory(): ServerMemory | undefined; pid: number; windows: Array<{ fromUs: number; toUs: number }> }

async function apiSide(set: MessageSet, rules = 0, name = 'api'): Promise<ApiSide> {
  const target = newTarget(databaseUrl, concurrency, name);
  cleanups.push(() => target.drop());
  const store = await prepare(target, rules > 0); // else the server seeds the demo data itself
  try {
    if (rules > 0) await timed(`${rules} rules written for the recipient mailbox`, () => addBenchRules(store, rules));
  } finally {
    await store.close();
  }

  const profileDir = flags.profile === undefined ? undefined : resolve(flags.profile);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const server = await timed(`server started (${target.kind}: ${target.where})`, () => startServer({
    env: { ...target.serverEnv, DB_POOL_SIZE: String(concurrency) },
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  }));
  cleanups.push(() => server.stop());
  const pool = new Pool(server.url, { connections: concurrency, pipelining: 1, headersTimeout: 120_000, bodyTimeout: 120_000 });
  cleanups.push(() => pool.destroy()); // also ends requests in flight when the run is aborted
  const { id, secret } = DEMO.systems.authoritySender;
  const headers = { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`, 'content-type': 'application/xml' };
  const send = async (i: number) => {
    const response = await pool.request({ path: '/apis/v1/memos', method: 'POST', headers, body: set.messages[i]!.body });
    const text = await response.body.text();
    if (response.statusCode !== 201) throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 400)}`);
  };
  const warm = await runLoad(0, warmup, send, { concurrency, signal: signal, maxErrors: 1 });
  if (warm.errors) throw new Error(`API warm-up failed: ${warm.firstErrors[0]}\n${server.output()}`);

  const windows: Array<{ fromUs: number; toUs: number }> = [];
  const meter = new CpuMeter(serverAndPostgres(server.pid, databaseUrl !== undefined));
  const side: ApiSide = {
    pid: server.pid,
    windows,
    memory: () => server.memory(),
    meter,
    task: send,
    async finish(result) {
      if (server.exit()) throw new Error(`the server stopped during the run (${server.exit()}); its last output:\n${server.output()}`);
      await pool.close();
      await timed('server stopped', () => server.stop());
      if (result.errors) log(`server output:\n${server.output()}`);
      const profileFile = profileDir ? mainThreadProfile(profileDir, server.pid) : undefined;
      if (profileFile) log(summarizeProfile(profileFile, windows));
      const store = await target.open();
      try {
        return { ...(await statsOf(store, result, set.shared?.sha256)), cpu: meter.perMessage(result.latenciesMs.length) };
      } finally {
        await store.close();
        await target.drop();
      }
    },
  };
  return side;
}

/**
 * Rules as an organisation would have them: `count - 1` that the letters do not meet (other P-units,
 * subscription groups, attention people, case ids …, every kind of condition) and, last, one they meet,
 * which files them in BBR, delivers them to the company's recipient system and marks them.
 */
async function addBenchRules(store: Store, count: number): Promise<void> {
  const organisationId = (await organisationIdByCvr(store.db, COMPANY_CVR))!;
  const mailboxId = (await store.db.selectFrom('mailbox').select('id').where('organisation_id', '=', organisationId).executeTakeFirstOrThrow()).id;
  const bbr = (await store.db.selectFrom('folder').select('id').where('mailbox_id', '=', mailboxId).where('name', '=', 'BBR').executeTakeFirstOrThrow()).id;
  const misses: Array<RuleBody['conditions']> = [
    [{ field: 'pNumber', op: 'equals', value: '1099999999' }],
    [{ field: 'subscriptionGroup', op: 'equals', value: 'Ejendomsskat' }],
    [{ field: 'attentionPerson', op: 'contains', value: 'Hansen' }],
    [{ field: 'caseId', op: 'exists' }],
    [{ field: 'senderCvr', op: 'oneOf', values: ['11111111', '22222222'] }, { field: 'mandatory', op: 'equals', value: true }],
    [{ field: 'kle', op: 'equals', value: '03.10.08' }],
    [{ field: 'attentionEmail', op: 'contains', value: '@example.org' }],
  ];
  const rules: Array<Pick<RuleBody, 'conditions' | 'actions'>> = Array.from({ length: count - 1 }, (_, i) => ({
    conditions: misses[i % misses.length]!, actions: [{ kind: 'file', folderId: bbr }],
  }));
  rules.push({ conditions: [{ field: 'pNumber', op: 'equals', value: COMPANY_P_NUMBER }], actions: [{ kind: 'file', folderId: bbr }, { kind: 'deliver', systemIds: [DEMO.systems.companyRecipient.id] }, { kind: 'mark' }] });
  for (const [i, rule] of rules.entries()) {
    await insertRule(store.db, mailboxId, organisationId, {
      name: `Regel ${i + 1}`, enabled: true, stopHere: false, position: (i + 1) * 10,
      conditions: rule.conditions, actions: rule.actions,
    }, 'bench');
  }
}

// ---- the baseline side: the same rows straight into the database, in this process ----------------------
async function baselineSide(set: MessageSet): Promise<Side> {
  const target = newTarget(databaseUrl, concurrency, 'base');
  cleanups.push(() => target.drop());
  const store = await prepare(target, true);
  let closed = false;
  const close = async () => { if (!closed) { closed = true; await store.close(); } };
  cleanups.push(close);
  const baseline = await prepareBaseline(store.db, set.messages, eventChains);
  const task = (i: number) => baseline.insert(i);
  const warm = await runLoad(0, warmup, task, { concurrency, signal: signal, maxErrors: 1 });
  if (warm.errors) throw new Error(`baseline warm-up failed: ${warm.firstErrors[0]}`);
  const meter = new CpuMeter(serverAndPostgres(undefined, databaseUrl !== undefined));
  return {
    meter,
    task,
    async finish(result) {
      try {
        return { ...(await statsOf(store, result, set.shared?.sha256)), cpu: meter.perMessage(result.latenciesMs.length) };
      } finally {
        await close();
        await target.drop();
      }
    },
  };
}

/** What was stored, and whether the event hash chains still verify after the concurrent run. */
async function statsOf(store: Store, result: LoadResult, sharedSha256: string | undefined): Promise<Omit<Outcome, 'cpu'>> {
  const stats = await storeStats(store, sharedSha256);
  const verified = await verifyEvents(store.db);
  return { summary: summarize(result), stats, eventsOk: verified.ok, firstErrors: result.firstErrors };
}

/**
 * The measured messages are sent in `rounds` slices, API and baseline taking turns, so that a change in
 * the machine's other load (it is shared) hits both sides alike instead of only one.
 */
async function measure(api: ApiSide, base: Side | undefined): Promise<{ api: LoadResult; base: LoadResult | undefined }> {
  const rounds = Math.min(roundCount, n);
  const apiSlices: LoadResult[] = [];
  const baseSlices: LoadResult[] = [];
  const bar = progressBar(base ? 2 * n : n);
  try {
    for (let r = 0; r < rounds; r++) {
      const from = warmup + Math.floor((r * n) / rounds);
      const to = warmup + Math.floor(((r + 1) * n) / rounds);
      const label = rounds > 1 ? ` ${r + 1}/${rounds}` : '';
      const fromUs = hrUs();
      api.meter.begin();
      apiSlices.push(await runLoad(from, to, api.task, { concurrency, signal: signal, onDone: () => bar.tick(`API${label}`) }));
      api.meter.end();
      api.windows.push({ fromUs, toUs: hrUs() });
      if (apiSlices.at(-1)!.errors >= 20) break; // broken, not slow
      if (!base) continue;
      base.meter.begin();
      baseSlices.push(await runLoad(from, to, base.task, { concurrency, signal: signal, onDone: () => bar.tick(`baseline${label}`) }));
      base.meter.end();
    }
  } finally {
    bar.stop();
  }
  return { api: mergeLoads(apiSlices), base: base ? mergeLoads(baseSlices) : undefined };
}

// ---- output ------------------------------------------------------------------------------------------
const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');
const mb = (bytes: number) => bytes / 1e6;

async function databaseVersion(): Promise<string> {
  if (!databaseUrl) return 'PGlite (embedded, WASM)';
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try { return `PostgreSQL ${(await client.query('show server_version')).rows[0].server_version}`; } finally { await client.end(); }
}

async function main(): Promise<number> {
  const dbName = await databaseVersion();
  const load = loadavg()[0]!;
  log(`Kuvert ingest benchmark${bulk ? ' (bulk)' : ''} on ${dbName}: building ${total.toLocaleString('en')} request bodies …`);
  const set = await timed('request bodies built', () => buildMessages({ count: total, sizeKb, bulk, recipients }));
  const requestBytes = set.messages.slice(warmup).reduce((sum, m) => sum + m.body.byteLength, 0);
  const meanRequest = requestBytes / n;

  // with --rules the comparison is the same API without rules, else the rows straight into the database
  const apiSetup = await apiSide(set, ruleCount);
  const baseSetup = ruleCount > 0 ? await apiSide(set, 0, 'norules') : flags['api-only'] ? undefined : await baselineSide(set);
  const targetRatio = ruleCount > 0 ? 0.9 : TARGETS.ratio;
  const baseName = ruleCount > 0 ? 'API without rules' : 'baseline (direct DB)';
  await checkpoint();
  const loads = await measure(apiSetup, baseSetup);
  const memory = apiSetup.memory();
  const api = { ...(await apiSetup.finish(loads.api)), memory, pid: apiSetup.pid };
  const base = baseSetup && loads.base ? await baseSetup.finish(loads.base) : undefined;

  const ratio = base ? api.summary.msgPerSec / base.summary.msgPerSec : NaN;
  const peakRssMb = api.memory?.peakRssMb ?? NaN;
  const meets = {
    msgPerSec: api.summary.msgPerSec >= TARGETS.msgPerSec,
    ratio: base ? ratio >= targetRatio : null,
    peakRss: Number.isFinite(peakRssMb) ? peakRssMb < TARGETS.peakRssMb : null,
  };
  const yesNo = (v: boolean | null) => (v === null ? 'n/a' : v ? 'yes' : 'NO');

  const row = (name: string, s: LoadSummary) => [
    name.padEnd(24), fmt(s.msgPerSec, 1).padStart(8), fmt(mb(requestBytes) / s.seconds, 1).padStart(8),
    fmt(s.p50Ms, 1).padStart(8), fmt(s.p99Ms, 1).padStart(8), fmt(s.maxMs, 1).padStart(8), fmt(s.seconds, 2).padStart(8), String(s.errors).padStart(7),
  ].join(' ');
  const cores = cpus().length;
  /**
   * CPU per message by process, and the throughput that CPU allows: all cores for all processes, and one
   * core for the process whose work runs on one JavaScript thread (the server; in the baseline this bench).
   */
  const cpuLine = (c: CpuUse, server: string, bench: string, singleThreadMs: number | undefined) => {
    const parts: Array<[string, number | undefined]> = [[server, c.perMessage.server], ['postgres', c.perMessage.postgres], [bench, c.benchMs]];
    const known = parts.filter((p): p is [string, number] => p[0] !== '' && p[1] !== undefined);
    const sum = known.reduce((a, [, ms]) => a + ms, 0);
    const thread = singleThreadMs === undefined ? '' : `, ≤ ${fmt(1000 / singleThreadMs)} on the ${c.perMessage.server === undefined ? "bench's" : "server's"} one thread`;
    return `${known.map(([name, ms]) => `${name} ${fmt(ms, 2)}`).join(' + ')} = ${fmt(sum, 2)} ms → CPU allows ≤ ${fmt((cores * 1000) / sum)} msg/s on ${cores} cores${thread}`;
  };
  const busy = (c: CpuUse) => (c.machineBusy === undefined ? 'n/a' : `${fmt(100 * c.machineBusy, 0)} % of ${cores} cores`);
  const what = bulk
    ? `${fmt(n)} letters to ${fmt(Math.min(recipients, total))} citizens, all with the SAME ${sizeKb} KB PDF`
    : `${fmt(n)} letters to CVR ${COMPANY_CVR} (P-unit ${COMPANY_P_NUMBER}), each with its own ${sizeKb} KB PDF`;
  const out = [
    '',
    `Kuvert ingest${bulk ? ' (bulk)' : ''} · ${dbName} · ${cpus().length} CPU (${cpus()[0]?.model.trim() ?? '?'}), load avg ${load.toFixed(2)} at start · Node ${process.version}`,
    `${what} (${fmt(meanRequest / 1024, 1)} KB request) · ${concurrency} concurrent · ${warmup} warm-up not counted`,
    '',
    `${''.padEnd(24)}    msg/s  MB/s in   p50 ms   p99 ms   max ms   time s  errors`,
    row(ruleCount > 0 ? `API with ${ruleCount} rules` : 'API (HTTP → server)', api.summary),
    ...(base ? [row(baseName, base.summary)] : []),
    `${(ruleCount > 0 ? 'ratio rules/no rules' : 'ratio API/baseline').padEnd(24)} ${base ? fmt(ratio, 2) : 'n/a (--api-only)'}`,
    `${'CPU per message, API'.padEnd(24)} ${cpuLine(api.cpu, databaseUrl ? 'server' : 'server (with PGlite)', 'bench client', api.cpu.perMessage.server)}`,
    ...(base && ruleCount === 0 ? [`${'  … baseline'.padEnd(24)} ${cpuLine(base.cpu, '', databaseUrl ? 'bench (Kysely, pg)' : 'bench (Kysely, PGlite)', base.cpu.benchMs)}`] : []),
    `${'machine busy'.padEnd(24)} ${busy(api.cpu)} during the API run${base ? `, ${busy(base.cpu)} during the baseline` : ''} (all processes, other users' too)`,
    `${'server peak RSS'.padEnd(24)} ${api.memory ? `${fmt(peakRssMb, 0)} MB (VmHWM of pid ${api.pid}; ${fmt(api.memory.rssMb, 0)} MB at the end)` : 'n/a (no /proc)'}`,
    `${'stored by the API'.padEnd(24)} ${fmt(api.stats.messages)} messages, ${fmt(api.stats.blobRows)} blob row${api.stats.blobRows === 1 ? '' : 's'} = ${fmt(mb(api.stats.blobBytes), 1)} MB, `
      + `${fmt(api.stats.systemQueueRows)} queue rows, ${fmt(api.stats.events)} events (hash chains ${api.eventsOk ? 'verified' : 'BROKEN'})`,
  ];
  if (set.shared) {
    const sentAttachmentBytes = total * set.shared.bytes;
    const warmupBytes = set.messages.slice(0, warmup).reduce((sum, m) => sum + m.body.byteLength, 0);
    out.push(
      `${'shared attachment'.padEnd(24)} sha256 ${set.shared.sha256.slice(0, 16)}…: ${api.stats.sharedBlobRows} blob row${api.stats.sharedBlobRows === 1 ? '' : 's'}`,
      `${'blob bytes'.padEnd(24)} stored ${fmt(api.stats.blobBytes)} B (all blob rows) vs sent ${fmt(sentAttachmentBytes)} B of attachments `
        + `(${fmt(total)} × ${fmt(set.shared.bytes)} B, warm-up included) in ${fmt(mb(requestBytes + warmupBytes), 1)} MB of requests`,
    );
    if (api.stats.blobTableBytes !== null) out.push(`${'blob table on disk'.padEnd(24)} ${fmt(mb(api.stats.blobTableBytes), 2)} MB (pg_total_relation_size)`);
  }
  out.push(`${'targets'.padEnd(24)} ≥ ${TARGETS.msgPerSec} msg/s: ${yesNo(meets.msgPerSec)} · ratio ≥ ${targetRatio}: ${yesNo(meets.ratio)} · peak RSS < ${TARGETS.peakRssMb} MB: ${yesNo(meets.peakRss)}`);
  process.stdout.write(`${out.join('\n')}\n\n`);

  const round = (x: number, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
  const brief = (s: LoadSummary, c: CpuUse) => ({
    msgPerSec: round(s.msgPerSec), p50Ms: round(s.p50Ms, 2), p99Ms: round(s.p99Ms, 2), seconds: round(s.seconds, 2), errors: s.errors,
    cpuMsPerMsg: { server: round(c.perMessage.server ?? NaN, 3), postgres: round(c.perMessage.postgres ?? NaN, 3), bench: round(c.benchMs, 3) },
    machineBusy: round(c.machineBusy ?? NaN, 3),
  });
  const summary = {
    bench: bulk ? 'ingest-bulk' : ruleCount > 0 ? `ingest-rules-${ruleCount}` : 'ingest', db: databaseUrl ? 'postgres' : 'pglite', dbVersion: dbName, cpus: cpus().length, loadAvg: round(load, 2),
    n, warmup, concurrency, sizeKb, ...(bulk ? { recipients } : {}),
    api: brief(api.summary, api.cpu), baseline: base ? brief(base.summary, base.cpu) : null, ratio: round(ratio, 3),
    serverPeakRssMb: round(peakRssMb), serverRssEndMb: round(api.memory?.rssMb ?? NaN),
    stored: { ...api.stats, eventsVerified: api.eventsOk },
    ...(set.shared ? { sharedBlob: { sha256: set.shared.sha256, rows: api.stats.sharedBlobRows, sentAttachmentBytes: total * set.shared.bytes } } : {}),
    targets: { ...TARGETS, met: meets },
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);

  const problems: string[] = [];
  for (const [name, run] of [['API', api], [baseName, base]] as const) {
    if (!run) continue;
    if (run.summary.errors) problems.push(`${name}: ${run.summary.errors} failed message(s), first: ${run.firstErrors[0]}`);
    if (run.stats.messages !== total) problems.push(`${name}: ${run.stats.messages} messages stored, expected ${total}`);
    if (!run.eventsOk) problems.push(`${name}: event hash chains do not verify`);
    const expectedBlobs = bulk ? 1 : total;
    if (run.stats.blobRows !== expectedBlobs) problems.push(`${name}: ${run.stats.blobRows} blob rows, expected ${expectedBlobs}`);
  }
  if (problems.length) {
    log(problems.join('\n'));
    return 1;
  }
  return flags.check && (meets.msgPerSec === false || meets.ratio === false || meets.peakRss === false) ? 3 : 0;
}

await runMain(main, { signal, cleanupAll });
