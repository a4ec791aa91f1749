/**
 * Secure e-mail gateway benchmark: S/MIME-signed letters into Kuvert's SMTP gateway, against Postfix +
 * Dovecot receiving the very same mails in the same run, and Kuvert's S/MIME encryption against openssl.
 *
 *   npm run bench:smtp                   2,000 signed mails of ~50 KB over 4 pooled SMTP connections
 *   npm run bench:smtp -- --postgres     the same on PostgreSQL (also when DATABASE_URL is set)
 *
 * 1. Kuvert: `kuvert serve` in a child process (bench/lib/server.ts) with its SMTP gateway on a free loopback
 *    port, on a fresh PostgreSQL schema (DATABASE_URL or --postgres) or a fresh PGlite folder, dropped
 *    afterwards. The demo authority (CVR 12345678) gets a signing certificate registered (self-signed,
 *    e-mail post@kommunen.example) before the server starts; every mail is signed with it (signMime,
 *    built before timing) and goes to 29876543-1012345678@byggesager.<domain>: a letter from the
 *    authority's contact point "byggesager" to P-unit 1012345678 of the demo company, whose recipient
 *    system gets it queued. The gateway stores each mail with its job in one transaction and answers
 *    250; its job worker verifies the signature and the signer, turns the mail into a MeMo message and
 *    delivers it to the mailbox. Measured: messages/s INTO MAILBOXES (first send of a slice until every
 *    mail of it is delivered — PostgreSQL: inbound_mail counted in the database; PGlite, which one
 *    process holds: the recipient system's queue counted over the API), SMTP latency (send → 250) and
 *    end to end (send → inbound_mail.processed_at, i.e. in the mailbox), CPU per message, peak RSS.
 * 2. Baseline: Postfix (smtpd → queue → lmtp) delivering to Dovecot over LMTP into Maildir, both configured
 *    from scratch in a temporary folder on free loopback ports (bench/lib/postfix.ts; installs Debian's
 *    postfix, dovecot-core and dovecot-lmtpd when missing), fed the same mails by the same client. A mail
 *    counts as delivered when its file is in new/; end to end = the file's mtime − send. Postfix does not
 *    look inside the S/MIME mail: the baseline is what plain, durable mail delivery costs on this machine.
 * Both sides: nodemailer with pool: true, `--connections` connections (maxMessages unlimited, so the pool
 * never reconnects), `--connections` sends in flight, no TLS (loopback), raw messages with an envelope;
 * `--warmup` mails each first, delivered and not counted; then `--rounds` slices taking turns, so that the
 * other load of a shared machine falls on both alike.
 * 3. S/MIME encryption: encryptMime (AES-256-CBC, RSA-OAEP-SHA-256, base64 output) in this process against
 *    `openssl cms -encrypt -aes256 -recip cert.pem -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256`
 *    timed as a process on the same input file (a `--encrypt-mb` MB MIME entity); median and best of
 *    `--encrypt-reps` after one untimed run each; openssl decrypts Kuvert's output once as a check.
 *
 * Flags: --n (2000), --connections (4), --size-kb (50), --warmup (50), --rounds (2), --postgres,
 * --skip-baseline (no Postfix/Dovecot; the openssl comparison still runs), --encrypt-mb (20; 0 skips part 3),
 * --encrypt-reps (3), --max-seconds (900: then everything is stopped and cleaned up), --profile DIR (a CPU
 * profile of the Kuvert server, summarised over the measured slices), --help.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { DEMO, seedDemoData } from '../src/demo/index.ts';
import { registerMailCertificate } from '../src/admin/index.ts';
import { encryptMime, generateIdentity } from '../src/gateway/smime/index.ts';
import { ensureEventChains, verifyEvents } from '../src/store/index.ts';
import { CpuMeter, serverAndPostgres, treeCpuMs, type CpuUse } from './lib/cpu.ts';
import { mergeLoads, percentile, progressBar, runLoad, summarize, type LoadResult, type LoadSummary } from './lib/load.ts';
import { ensureMailPackages, startMailBaseline, type MailBaseline } from './lib/postfix.ts';
import { mainThreadProfile, summarizeProfile } from './lib/profile.ts';
import { DEFAULT_POSTGRES, guardRun, intFlag, log, timed, runMain } from './lib/run.ts';
import { freePort, startServer, type ServerMemory, type ServerProcess } from './lib/server.ts';
import { buildSignedMails, largeEntity, mailIndexOf, type SignedMails } from './lib/smime-mail.ts';
import { newTarget, type Target } from './lib/targets.ts';

const execFileAsync = promisify(execFile);

const { values: flags } = parseArgs({
  options: {
    n: { type: 'string' },
    connections: { type: 'string' },
    'size-kb': { type: 'string' },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    postgres: { type: 'boolean', default: false },
    'skip-baseline': { type: 'boolean', default: false },
    'encrypt-mb': { type: 'string' },
    'encrypt-reps': { type: 'string' },
    'max-seconds': { type: 'string' },
    profile: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  process.stdout.write(`usage: node --import tsx bench/smtp.ts [--n 2000] [--connections 4] [--size-kb 50] [--warmup 50] [--rounds 2]
       [--postgres] [--skip-baseline] [--encrypt-mb 20] [--encrypt-reps 3] [--max-seconds 900] [--profile DIR]
Signed S/MIME mails into Kuvert's SMTP gateway until they are in the mailbox, against Postfix → LMTP → Dovecot
(Maildir) with the same mails in the same run; then encryptMime against openssl cms -encrypt.
PostgreSQL when DATABASE_URL is set or --postgres is given (${DEFAULT_POSTGRES}); PGlite otherwise.
--skip-baseline leaves out Postfix/Dovecot (installed with apt-get when missing); --encrypt-mb 0 leaves out the encryption part.\n`);
  process.exit(0);
}

const n = intFlag('n', flags.n, 2000, 1);
const connections = intFlag('connections', flags.connections, 4, 1);
const sizeKb = intFlag('size-kb', flags['size-kb'], 50, 4);
const warmup = intFlag('warmup', flags.warmup, 50, 0);
const roundCount = Math.min(n, intFlag('rounds', flags.rounds, 2, 1));
const encryptMb = intFlag('encrypt-mb', flags['encrypt-mb'], 20, 0);
const encryptReps = intFlag('encrypt-reps', flags['encrypt-reps'], 3, 1);
const maxSeconds = intFlag('max-seconds', flags['max-seconds'], 900, 10);
const skipBaseline = flags['skip-baseline']!;
const databaseUrl = process.env.DATABASE_URL || (flags.postgres ? DEFAULT_POSTGRES : undefined);
const eventChains = loadConfig({ EVENT_CHAINS: process.env.EVENT_CHAINS }).eventChains;
const total = warmup + n;
const profileDir = flags.profile === undefined ? undefined : resolve(flags.profile);

const DOMAIN = 'kuvert.test';
const CONTACT_POINT = DEMO.contactPoints[1].mailName; // byggesager
const FROM = 'post@kommunen.example';
const TO = `${DEMO.company.cvr}-${DEMO.company.pUnits[0].pNumber}@${CONTACT_POINT}.${DOMAIN}`;
/** a delivery that makes no progress for this long is broken, not slow */
const STALL_MS = 60_000;

const { cleanups, signal, cleanupAll } = guardRun(maxSeconds);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** wall-clock ms with sub-ms precision: comparable with the server's and Dovecot's timestamps */
const epochMs = () => performance.timeOrigin + performance.now();
const hrUs = () => Number(process.hrtime.bigint() / 1000n);

// ---- an SMTP client: pooled connections, raw messages -------------------------------------------------
interface SmtpClient { send(raw: Buffer): Promise<string>; close(): void }

function smtpClient(port: number): SmtpClient {
  const transporter = nodemailer.createTransport({
    host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'mail.kommunen.example',
    pool: true, maxConnections: connections, maxMessages: Infinity, connectionTimeout: 30_000, socketTimeout: 120_000,
  });
  return {
    async send(raw) {
      const info = await transporter.sendMail({ envelope: { from: FROM, to: [TO] }, raw });
      if ((info.rejected?.length ?? 0) > 0) throw new Error(`rejected: ${String(info.response)}`);
      return String(info.response);
    },
    close() { transporter.close(); },
  };
}

// ---- the two sides ------------------------------------------------------------------------------------
interface Side {
  name: string;
  client: SmtpClient;
  /** mails delivered so far (warm-up included); throws when the side is broken */
  delivered(): Promise<number>;
  /** called with mail i's SMTP answer */
  accepted(i: number, response: string): void;
  meter: { begin(): void; end(): void };
  /** how often delivered() is asked while waiting */
  pollMs: number;
  /** send start of mail i to this side, epoch ms */
  sentAt: Float64Array;
}

interface SliceResult { load: LoadResult; seconds: number; window: { fromUs: number; toUs: number } }

/** Polls until `target` mails are delivered; a side that makes no progress for STALL_MS fails. */
async function waitDelivered(side: Side, target: number): Promise<void> {
  let last = -1;
  let lastChange = Date.now();
  let lastLog = Date.now();
  for (;;) {
    if (signal.aborted) throw new Error('aborted');
    const done = await side.delivered();
    if (done >= target) return;
    if (done !== last) { last = done; lastChange = Date.now(); }
    if (Date.now() - lastChange > STALL_MS) throw new Error(`${side.name}: no mail delivered for ${STALL_MS / 1000} s (${done} of ${target})`);
    if (Date.now() - lastLog > 5000) { log(`  ${side.name}: ${done}/${target} delivered …`); lastLog = Date.now(); }
    await sleep(side.pollMs);
  }
}

/** Sends mails [from, to) and waits until they are all delivered; the time runs from the first send to the last delivery. */
async function slice(side: Side, mails: SignedMails, from: number, to: number, onDone?: () => void, maxErrors = 20): Promise<SliceResult> {
  const started = performance.now();
  const fromUs = hrUs();
  side.meter.begin();
  try {
    const load = await runLoad(from, to, async (i) => {
      side.sentAt[i] = epochMs();
      side.accepted(i, await side.client.send(mails.mails[i]!));
    }, { concurrency: connections, signal, maxErrors, ...(onDone ? { onDone } : {}) });
    if (load.errors) return { load, seconds: (performance.now() - started) / 1000, window: { fromUs, toUs: hrUs() } };
    await waitDelivered(side, to);
    return { load, seconds: (performance.now() - started) / 1000, window: { fromUs, toUs: hrUs() } };
  } finally {
    side.meter.end();
  }
}

interface KuvertSide extends Side {
  server: ServerProcess;
  target: Target;
  queueIds: Array<string | undefined>;
  cpu: CpuMeter;
}

async function kuvertSide(signerCertPem: string, gateway: { certPath: string; keyPath: string }, workDir: string): Promise<KuvertSide> {
  const target = newTarget(databaseUrl, 4, 'smtp');
  cleanups.push(() => target.drop());
  // the signing certificate is registered before the server starts: a PGlite folder is one process's at a time
  const store = await target.open();
  try {
    await ensureEventChains(store.db, eventChains);
    await seedDemoData(store.db, eventChains);
    const authority = await store.db.selectFrom('organisation').select('id').where('cvr', '=', DEMO.authority.cvr).executeTakeFirstOrThrow();
    await registerMailCertificate(store.db, eventChains, { system: 'bench', organisationId: authority.id }, signerCertPem);
  } finally {
    await store.close();
  }
  const smtpPort = await freePort();
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const dataDir = target.kind === 'pglite' ? target.where : join(workDir, 'kuvert-data');
  const server = await timed(`Kuvert server started (${target.kind}: ${target.where}; SMTP on 127.0.0.1:${smtpPort})`, () => startServer({
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    env: {
      ...target.serverEnv, DATA_DIR: dataDir, SMTP_ENABLED: 'true', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), MAIL_DOMAIN: DOMAIN,
      GATEWAY_CERT: gateway.certPath, GATEWAY_KEY: gateway.keyPath, MAIL_CA_FILE: '', SMTP_URL: '',
    },
  }));
  cleanups.push(() => server.stop());
  const client = smtpClient(smtpPort);
  cleanups.push(async () => client.close());

  let delivered: () => Promise<number>;
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    cleanups.push(() => pool.end());
    delivered = async () => {
      const { rows } = await pool.query<{ delivered: number; rejected: number }>(
        `select count(*) filter (where status = 'delivered')::int as delivered, count(*) filter (where status = 'rejected')::int as rejected from ${target.where}.inbound_mail`);
      if (rows[0]!.rejected > 0) {
        const errors = await pool.query(`select error_code, error_message from ${target.where}.inbound_mail where status = 'rejected' limit 3`);
        throw new Error(`Kuvert rejected ${rows[0]!.rejected} mail(s): ${JSON.stringify(errors.rows)}`);
      }
      return rows[0]!.delivered;
    };
  } else {
    // PGlite is held by the server process: count the recipient system's queue over the API instead
    const { id, secret } = DEMO.systems.companyRecipient;
    const authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    delivered = async () => {
      const response = await fetch(`${server.url}/apis/v1/memos?page=0&size=1`, { headers: { authorization } });
      if (!response.ok) throw new Error(`queue count: HTTP ${response.status} ${await response.text()}`);
      return ((await response.json()) as { totalElements: number }).totalElements;
    };
  }
  const queueIds: Array<string | undefined> = new Array(total);
  const cpu = new CpuMeter(serverAndPostgres(server.pid, databaseUrl !== undefined));
  return {
    name: 'Kuvert', client, server, target, queueIds, cpu, meter: cpu, sentAt: new Float64Array(total).fill(NaN),
    pollMs: databaseUrl ? 25 : 100, // PGlite: each poll is an HTTP request and a query on the server's one connection
    async delivered() {
      if (server.exit()) throw new Error(`the Kuvert server stopped (${server.exit()}):\n${server.output()}`);
      return delivered();
    },
    accepted(i, response) {
      const id = /Queued as ([0-9a-f-]{36})/i.exec(response)?.[1];
      if (!id) throw new Error(`no queue id in Kuvert's answer: ${response}`);
      queueIds[i] = id;
    },
  };
}

interface BaselineSide extends Side { mta: MailBaseline; cpu: CpuMeter }

async function baselineSide(): Promise<BaselineSide> {
  await ensureMailPackages();
  const mta = await timed('Postfix and Dovecot started', () => startMailBaseline({
    domains: [`${CONTACT_POINT}.${DOMAIN}`], maxMessageBytes: 4 * sizeKb * 1024, onStop: (stop) => cleanups.push(stop),
  }));
  log(`  Postfix smtpd on 127.0.0.1:${mta.smtpPort} → LMTP 127.0.0.1:${mta.lmtpPort} → Maildir in ${mta.dir}`);
  const client = smtpClient(mta.smtpPort);
  cleanups.push(async () => client.close());
  const cpu = new CpuMeter(() => Object.fromEntries(Object.entries(mta.roots()).map(([name, pid]) => [name, pid === undefined ? undefined : treeCpuMs(pid)])));
  return {
    name: 'baseline', client, mta, cpu, meter: cpu, sentAt: new Float64Array(total).fill(NaN), pollMs: 25,
    async delivered() { return mta.deliveredCount(); },
    accepted(_i, response) { if (!/^250 /.test(response)) throw new Error(`Postfix answered: ${response}`); },
  };
}

// ---- results ------------------------------------------------------------------------------------------
interface SideOutcome {
  /** messages/s into mailboxes over the measured slices */
  msgPerSec: number;
  seconds: number;
  smtp: LoadSummary;
  /** send → in the mailbox, ms, measured mails */
  e2e: { p50: number; p99: number; max: number; count: number };
  errors: number;
  firstErrors: string[];
}

function outcome(slices: SliceResult[], e2eMs: number[]): SideOutcome {
  const load = mergeLoads(slices.map((s) => s.load));
  const seconds = slices.reduce((a, s) => a + s.seconds, 0);
  const sorted = e2eMs.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    msgPerSec: load.latenciesMs.length / seconds,
    seconds,
    smtp: summarize(load),
    e2e: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN, count: sorted.length },
    errors: load.errors,
    firstErrors: load.firstErrors,
  };
}

interface KuvertStats { inbound: number; delivered: number; rejected: number; messages: number; eventsOk: boolean; firstRejections: string[] }

/** After the run: the server is stopped; its database tells when each mail reached the mailbox. */
async function finishKuvert(side: KuvertSide, measured: number[]): Promise<{ stats: KuvertStats; e2eMs: number[]; memory: ServerMemory | undefined }> {
  const memory = side.server.memory();
  side.client.close();
  await timed('Kuvert server stopped', () => side.server.stop());
  const store = await side.target.open();
  try {
    const rows = await store.db.selectFrom('inbound_mail').select(['id', 'status', 'processed_at', 'error_code', 'error_message']).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const e2eMs = measured.map((i) => {
      const row = byId.get(side.queueIds[i] ?? '');
      return row?.status === 'delivered' && row.processed_at ? new Date(row.processed_at).getTime() - side.sentAt[i]! : NaN;
    });
    const messages = Number((await store.db.selectFrom('message').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const verified = await verifyEvents(store.db);
    return {
      stats: {
        inbound: rows.length,
        delivered: rows.filter((r) => r.status === 'delivered').length,
        rejected: rows.filter((r) => r.status === 'rejected').length,
        messages,
        eventsOk: verified.ok,
        firstRejections: rows.filter((r) => r.status === 'rejected').slice(0, 3).map((r) => `${r.error_code}: ${r.error_message}`),
      },
      e2eMs,
      memory,
    };
  } finally {
    await store.close();
    await side.target.drop();
  }
}

async function finishBaseline(side: BaselineSide, mails: SignedMails, measured: number[]): Promise<{ files: number; matched: number; e2eMs: number[] }> {
  side.client.close();
  const files = side.mta.deliveredFiles();
  const deliveredAt = new Float64Array(total).fill(NaN);
  let matched = 0;
  for (const file of files) {
    const i = mailIndexOf(side.mta.head(file.path), mails.runId);
    if (i !== undefined && i < total && Number.isNaN(deliveredAt[i]!)) { deliveredAt[i] = file.mtimeMs; matched++; }
  }
  const e2eMs = measured.map((i) => deliveredAt[i]! - side.sentAt[i]!);
  await timed('Postfix and Dovecot stopped', () => side.mta.stop());
  return { files: files.length, matched, e2eMs };
}

// ---- S/MIME encryption throughput ---------------------------------------------------------------------
interface EncryptOutcome { inputBytes: number; kuvert: { medianS: number; bestS: number }; openssl: { medianS: number; bestS: number }; roundTrip: boolean; opensslVersion: string }

async function encryptionBench(workDir: string, certDer: Buffer, certPath: string, keyPath: string): Promise<EncryptOutcome> {
  const input = largeEntity(encryptMb * 1e6);
  const inputPath = join(workDir, 'encrypt-input.mime');
  writeFileSync(inputPath, input);
  const opensslArgs = ['cms', '-encrypt', '-aes256', '-in', inputPath, '-out', '/dev/null', '-recip', certPath,
    '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256'];
  const timeIt = async (fn: () => Promise<unknown>) => { const t0 = performance.now(); await fn(); return (performance.now() - t0) / 1000; };
  const stats = (s: number[]) => { const sorted = [...s].sort((a, b) => a - b); return { medianS: sorted[Math.floor((sorted.length - 1) / 2)]!, bestS: sorted[0]! }; };

  // one untimed run each (JIT, page cache), then the repetitions taking turns
  const encrypted = await encryptMime(input, [certDer]);
  await execFileAsync('openssl', opensslArgs);
  const kuvertTimes: number[] = [];
  const opensslTimes: number[] = [];
  for (let r = 0; r < encryptReps; r++) {
    kuvertTimes.push(await timeIt(() => encryptMime(input, [certDer])));
    opensslTimes.push(await timeIt(() => execFileAsync('openssl', opensslArgs)));
  }
  // check: openssl decrypts what encryptMime wrote, back to the input
  const encryptedPath = join(workDir, 'encrypted.p7m');
  const decryptedPath = join(workDir, 'decrypted.mime');
  writeFileSync(encryptedPath, Buffer.concat([Buffer.from('MIME-Version: 1.0\r\n'), encrypted]));
  let roundTrip = false;
  try {
    await execFileAsync('openssl', ['cms', '-decrypt', '-in', encryptedPath, '-out', decryptedPath, '-recip', certPath, '-inkey', keyPath, '-binary']);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    roundTrip = sha(readFileSync(decryptedPath)) === sha(input);
  } catch (err) {
    log(`openssl could not decrypt encryptMime's output: ${(err as { stderr?: string }).stderr ?? (err as Error).message}`);
  }
  const opensslVersion = (await execFileAsync('openssl', ['version'])).stdout.trim();
  rmSync(encryptedPath, { force: true });
  rmSync(decryptedPath, { force: true });
  rmSync(inputPath, { force: true });
  return { inputBytes: input.length, kuvert: stats(kuvertTimes), openssl: stats(opensslTimes), roundTrip, opensslVersion };
}

// ---- output ------------------------------------------------------------------------------------------
const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');
const round = (x: number | undefined, d = 1) => (x !== undefined && Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);

async function databaseVersion(): Promise<string> {
  if (!databaseUrl) return 'PGlite (embedded, WASM)';
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try { return `PostgreSQL ${(await client.query('show server_version')).rows[0].server_version}`; } finally { await client.end(); }
}

async function checkpoint(): Promise<void> {
  if (!databaseUrl) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try { await client.query('checkpoint'); } catch { /* needs superuser or pg_checkpoint; only a nicety */ } finally { await client.end(); }
}

async function main(): Promise<number> {
  const dbName = await databaseVersion();
  const load = loadavg()[0]!;
  const cores = cpus().length;
  const workDir = mkdtempSync(join(tmpdir(), 'kuvert-bench-smtp-'));
  cleanups.push(async () => rmSync(workDir, { recursive: true, force: true }));
  mkdirSync(join(workDir, 'kuvert-data'));

  // identities: the authority's mail system (signs) and Kuvert's gateway (decrypts; the encryption recipient)
  const signer = await generateIdentity({ commonName: 'Kommunen mailsystem', email: FROM });
  const gatewayIdentity = await generateIdentity({ commonName: DOMAIN, email: `postmaster@${DOMAIN}` });
  const gateway = { certPath: join(workDir, 'gateway-cert.pem'), keyPath: join(workDir, 'gateway-key.pem') };
  writeFileSync(gateway.certPath, gatewayIdentity.certPem);
  writeFileSync(gateway.keyPath, gatewayIdentity.keyPem, { mode: 0o600 });

  log(`Kuvert SMTP benchmark on ${dbName}: signing ${total.toLocaleString('en')} mails of ~${sizeKb} KB …`);
  const mails = await timed('signed mails built', () => buildSignedMails({ count: total, sizeKb, signer: signer.identity, from: FROM, to: TO }));
  const measuredBytes = mails.mails.slice(warmup).reduce((a, m) => a + m.length, 0);

  const kuvert = await kuvertSide(signer.certPem, gateway, workDir);
  const base = skipBaseline ? undefined : await baselineSide();

  // warm-up: the first `warmup` mails to each side, delivered, not counted
  for (const side of [kuvert, base]) {
    if (!side || warmup === 0) continue;
    const warm = await slice(side, mails, 0, warmup, undefined, 1);
    if (warm.load.errors) throw new Error(`${side.name} warm-up failed: ${warm.load.firstErrors[0]}${side === kuvert ? `\n${kuvert.server.output()}` : `\n${base?.mta.logs()}`}`);
    log(`${side.name} warm-up: ${warmup} mails delivered (${warm.seconds.toFixed(1)} s)`);
  }
  await checkpoint();

  const kuvertSlices: SliceResult[] = [];
  const baseSlices: SliceResult[] = [];
  const bar = progressBar(base ? 2 * n : n);
  try {
    for (let r = 0; r < roundCount; r++) {
      const from = warmup + Math.floor((r * n) / roundCount);
      const to = warmup + Math.floor(((r + 1) * n) / roundCount);
      const label = roundCount > 1 ? ` ${r + 1}/${roundCount}` : '';
      kuvertSlices.push(await slice(kuvert, mails, from, to, () => bar.tick(`Kuvert${label}`)));
      if (kuvertSlices.at(-1)!.load.errors) break;
      if (!base) continue;
      baseSlices.push(await slice(base, mails, from, to, () => bar.tick(`baseline${label}`)));
      if (baseSlices.at(-1)!.load.errors) break;
    }
  } finally {
    bar.stop();
  }

  const measured = Array.from({ length: n }, (_, k) => warmup + k);
  const k = await finishKuvert(kuvert, measured);
  const profileFile = profileDir ? mainThreadProfile(profileDir, kuvert.server.pid) : undefined;
  if (profileFile) log(summarizeProfile(profileFile, kuvertSlices.map((s) => s.window)));
  const kOut = outcome(kuvertSlices, k.e2eMs);
  const kCpu = kuvert.cpu.perMessage(kOut.smtp.messages);
  const b = base ? await finishBaseline(base, mails, measured) : undefined;
  const bOut = b ? outcome(baseSlices, b.e2eMs) : undefined;
  const bCpu = base && bOut ? base.cpu.perMessage(bOut.smtp.messages) : undefined;

  const enc = encryptMb > 0 ? await timed(`S/MIME encryption of ${encryptMb} MB measured`, () => encryptionBench(workDir, gatewayIdentity.identity.certificate, gateway.certPath, gateway.keyPath)) : undefined;

  // ---- the table
  const ratio = bOut ? kOut.msgPerSec / bOut.msgPerSec : NaN;
  const row = (name: string, o: SideOutcome) => [
    name.padEnd(26), fmt(o.msgPerSec, 1).padStart(9), fmt(o.smtp.msgPerSec, 1).padStart(9), fmt(o.smtp.p50Ms, 1).padStart(8), fmt(o.smtp.p99Ms, 1).padStart(8),
    fmt(o.e2e.p50, 0).padStart(8), fmt(o.e2e.p99, 0).padStart(8), fmt(o.seconds, 1).padStart(7), String(o.errors).padStart(6),
  ].join(' ');
  const busy = (x: number | undefined) => (x === undefined ? 'n/a' : `${fmt(100 * x, 0)} % of ${cores} cores`);
  /** CPU per message by process, and the throughput that CPU allows on all cores (and on the server's one thread). */
  const cpuLine = (c: CpuUse) => {
    const parts = [...Object.entries(c.perMessage), ['bench client', c.benchMs] as const];
    const sum = parts.reduce((a, [, ms]) => a + (ms ?? 0), 0);
    const server = c.perMessage.server;
    return `${parts.map(([name, ms]) => `${name} ${fmt(ms ?? NaN, 2)}`).join(' + ')} = ${fmt(sum, 2)} ms → CPU allows ≤ ${fmt((cores * 1000) / sum)} msg/s on ${cores} cores`
      + (server === undefined ? '' : `, ≤ ${fmt(1000 / server)} on the server's one thread`);
  };
  const mbps = (s: number) => (enc ? enc.inputBytes / 1e6 / s : NaN);
  const out = [
    '',
    `Kuvert SMTP gateway · ${dbName} · ${cores} CPU (${cpus()[0]?.model.trim() ?? '?'}), load avg ${load.toFixed(2)} at start · Node ${process.version}`,
    `${fmt(n)} S/MIME-signed mails of ${fmt(mails.meanBytes / 1024, 1)} KB (a ${fmt(mails.attachmentBytes / 1024, 1)} KB PDF in base64) to ${TO}`,
    `${connections} pooled SMTP connections, ${connections} in flight · ${warmup} warm-up not counted · ${roundCount} round${roundCount === 1 ? '' : 's'} taking turns`,
    '',
    `${''.padEnd(26)}  msg/s in   msg/s   SMTP p50 SMTP p99  e2e p50  e2e p99  time s errors`,
    `${''.padEnd(26)} mailboxes   SMTP 250      ms       ms       ms       ms`,
    row('Kuvert (verify → MeMo)', kOut),
    ...(bOut ? [row('Postfix → LMTP → Dovecot', bOut)] : []),
    `${'ratio Kuvert/baseline'.padEnd(26)} ${bOut ? `${fmt(ratio, 2)} (into mailboxes) · SMTP p50 ${fmt(kOut.smtp.p50Ms / bOut.smtp.p50Ms, 2)}× · SMTP p99 ${fmt(kOut.smtp.p99Ms / bOut.smtp.p99Ms, 2)}×` : 'n/a (--skip-baseline)'}`,
    `${'CPU per message, Kuvert'.padEnd(26)} ${cpuLine(kCpu)}`,
    ...(bCpu ? [`${'  … baseline'.padEnd(26)} ${cpuLine(bCpu)}`] : []),
    `${'machine busy'.padEnd(26)} ${busy(kCpu.machineBusy)} during Kuvert${bCpu ? `, ${busy(bCpu.machineBusy)} during the baseline` : ''} (all processes, other users' too)`,
    `${'Kuvert server peak RSS'.padEnd(26)} ${k.memory ? `${fmt(k.memory.peakRssMb, 0)} MB (VmHWM of pid ${kuvert.server.pid}; ${fmt(k.memory.rssMb, 0)} MB at the end)` : 'n/a (no /proc)'}`,
    `${'stored by Kuvert'.padEnd(26)} ${fmt(k.stats.inbound)} inbound mails: ${fmt(k.stats.delivered)} delivered, ${fmt(k.stats.rejected)} rejected; ${fmt(k.stats.messages)} messages; `
      + `event hash chains ${k.stats.eventsOk ? 'verified' : 'BROKEN'}`,
    ...(b ? [`${'delivered by baseline'.padEnd(26)} ${fmt(b.files)} Maildir files in new/, ${fmt(b.matched)} matched to the mails sent`] : []),
    `${'wire bytes measured'.padEnd(26)} ${fmt(measuredBytes / 1e6, 1)} MB per side`,
  ];
  if (enc) {
    const encRatio = mbps(enc.kuvert.medianS) / mbps(enc.openssl.medianS);
    out.push(
      '',
      `S/MIME encryption of one ${fmt(enc.inputBytes / 1e6, 1)} MB MIME entity (AES-256-CBC, RSA-OAEP-SHA-256, base64 out) · median and best of ${encryptReps}`,
      `${''.padEnd(26)}  MB/s med  MB/s best  median s`,
      `${'encryptMime (in process)'.padEnd(26)} ${fmt(mbps(enc.kuvert.medianS), 1).padStart(9)} ${fmt(mbps(enc.kuvert.bestS), 1).padStart(10)} ${fmt(enc.kuvert.medianS, 3).padStart(9)}`,
      `${'openssl cms (a process)'.padEnd(26)} ${fmt(mbps(enc.openssl.medianS), 1).padStart(9)} ${fmt(mbps(enc.openssl.bestS), 1).padStart(10)} ${fmt(enc.openssl.medianS, 3).padStart(9)}   ${enc.opensslVersion}`,
      `${'ratio Kuvert/openssl'.padEnd(26)} ${fmt(encRatio, 2)} (medians) · openssl decrypts encryptMime's output to the input: ${enc.roundTrip ? 'yes' : 'NO'}`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n\n`);

  const brief = (o: SideOutcome) => ({
    msgPerSec: round(o.msgPerSec), smtpMsgPerSec: round(o.smtp.msgPerSec), smtpP50Ms: round(o.smtp.p50Ms, 2), smtpP99Ms: round(o.smtp.p99Ms, 2),
    e2eP50Ms: round(o.e2e.p50), e2eP99Ms: round(o.e2e.p99), seconds: round(o.seconds, 2), errors: o.errors,
  });
  const summary = {
    bench: 'smtp', db: databaseUrl ? 'postgres' : 'pglite', dbVersion: dbName, cpus: cores, loadAvg: round(load, 2),
    n, warmup, connections, rounds: roundCount, sizeKb, meanMailBytes: Math.round(mails.meanBytes),
    kuvert: { ...brief(kOut), cpuMsPerMsg: { server: round(kCpu.perMessage.server, 3), postgres: round(kCpu.perMessage.postgres, 3), bench: round(kCpu.benchMs, 3) }, machineBusy: round(kCpu.machineBusy, 3) },
    baseline: bOut && bCpu ? {
      ...brief(bOut),
      cpuMsPerMsg: { ...Object.fromEntries(Object.entries(bCpu.perMessage).map(([name, ms]) => [name, round(ms, 3)])), bench: round(bCpu.benchMs, 3) },
      machineBusy: round(bCpu.machineBusy, 3),
    } : null,
    ratio: round(ratio, 3),
    serverPeakRssMb: round(k.memory?.peakRssMb), serverRssEndMb: round(k.memory?.rssMb),
    stored: k.stats,
    encryption: enc ? {
      inputBytes: enc.inputBytes, reps: encryptReps,
      kuvertMBps: round(mbps(enc.kuvert.medianS)), kuvertBestMBps: round(mbps(enc.kuvert.bestS)),
      opensslMBps: round(mbps(enc.openssl.medianS)), opensslBestMBps: round(mbps(enc.openssl.bestS)),
      ratio: round(mbps(enc.kuvert.medianS) / mbps(enc.openssl.medianS), 3), roundTrip: enc.roundTrip,
    } : null,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);

  const problems: string[] = [];
  if (kOut.errors) problems.push(`Kuvert: ${kOut.errors} failed send(s), first: ${kOut.firstErrors[0]}`);
  if (k.stats.delivered !== total) problems.push(`Kuvert: ${k.stats.delivered} mails delivered, expected ${total}${k.stats.firstRejections.length ? `; ${k.stats.firstRejections.join('; ')}` : ''}`);
  if (k.stats.messages !== total) problems.push(`Kuvert: ${k.stats.messages} messages stored, expected ${total}`);
  if (!k.stats.eventsOk) problems.push('Kuvert: event hash chains do not verify');
  if (bOut && bOut.errors) problems.push(`baseline: ${bOut.errors} failed send(s), first: ${bOut.firstErrors[0]}`);
  if (b && b.matched !== total) problems.push(`baseline: ${b.matched} of ${total} mails found in the Maildir`);
  if (enc && !enc.roundTrip) problems.push('encryption: openssl did not decrypt encryptMime\'s output to the input');
  if (problems.length) {
    log(problems.join('\n'));
    return 1;
  }
  return 0;
}

await runMain(main, { signal, cleanupAll });
