import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEMO, seedDemoData } from '../../src/demo/index.ts';
import { ensureEventChains, insertRule, openStore, organisationIdByCvr } from '../../src/store/index.ts';
import { basic } from '../helpers/api.ts';
import { testDatabases, type TestTarget } from '../helpers/databases.ts';
import { letter } from '../helpers/memo.ts';
import { killAllServers, runKuvert, startServer, type ServerProcess } from '../helpers/process.ts';

/**
 * Crash safety, end to end: a real `kuvert serve` is SIGKILLed while four sender systems are sending,
 * then restarted on the same data. Whatever got a RECEIVED receipt must be there, byte for byte; whatever
 * was cut off mid-request must be all there or not at all; the event chains must still verify. Demo ApS
 * has a rule (P-number → folder BBR, marked): every letter that is there met it.
 */

const CLIENTS = 4;
const KILL_AFTER_RECEIVED = 150;
const KILL_AFTER_MS = 3000;
/** on a busy machine, wait longer for a meaningful number of receipts, but not forever */
const MIN_RECEIVED = 20;
const KILL_AFTER_MS_AT_MOST = 20_000;
const ATTACHMENT_BYTES = 30_000;
const HEAD_OFFICE = DEMO.company.pUnits[0].pNumber;

type Outcome =
  | { kind: 'received'; status: number; transmissionId: string }
  | { kind: 'cut' ; error: string } // the request failed mid-way: no answer
  | { kind: 'answered'; status: number; body: string }; // an answer other than a RECEIVED receipt

interface Sent { uuid: string; bytes: Buffer; outcome?: Outcome }

async function post(url: string, bytes: Buffer, signal?: AbortSignal) {
  const response = await fetch(`${url}/apis/v1/memos`, {
    method: 'POST',
    headers: { authorization: basic('authoritySender'), 'content-type': 'application/xml' },
    body: new Uint8Array(bytes),
    signal: signal ?? AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  return { status: response.status, text, body: (() => { try { return JSON.parse(text) as Record<string, any>; } catch { return {}; } })() };
}

async function getMemo(url: string, uuid: string) {
  const response = await fetch(`${url}/apis/v1/memos/${uuid}`, {
    headers: { authorization: basic('companyRecipient') }, signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Runs `work` over `items` with `n` workers. */
async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

for (const database of testDatabases()) {
  describe(`a server killed while letters arrive (${database.name})`, () => {
    let target: TestTarget | undefined;
    after(async () => {
      await killAllServers();
      await target?.drop();
    });

    it('keeps every RECEIVED letter byte for byte, loses no half letter and keeps the event chains intact', { timeout: 180_000 }, async (t) => {
      target = database.config();
      const env: Record<string, string> = target.schema
        ? { DATABASE_URL: target.config.databaseUrl!, DATABASE_SCHEMA: target.schema, DEMO_DATA: 'true', DB_POOL_SIZE: '8' }
        : { DATA_DIR: target.config.dataDir, DEMO_DATA: 'true' };

      // 0. the demo data and one rule: letters to the head office's P-number go to BBR, marked
      const setup = await openStore({ ...target.config, ...(target.schema ? { schema: target.schema } : {}) });
      let bbr: string;
      let mailboxId: string;
      try {
        await ensureEventChains(setup.db, target.config.eventChains);
        await seedDemoData(setup.db, target.config.eventChains);
        const organisationId = (await organisationIdByCvr(setup.db, DEMO.company.cvr))!;
        mailboxId = (await setup.db.selectFrom('mailbox').select('id').where('organisation_id', '=', organisationId).executeTakeFirstOrThrow()).id;
        bbr = (await setup.db.selectFrom('folder').select('id').where('mailbox_id', '=', mailboxId).where('name', '=', 'BBR').executeTakeFirstOrThrow()).id;
        await insertRule(setup.db, mailboxId, organisationId, {
          name: 'Hovedkontoret', enabled: true, stopHere: false, position: 10,
          conditions: [{ field: 'pNumber', op: 'equals', value: HEAD_OFFICE }], actions: [{ kind: 'file', folderId: bbr }, { kind: 'mark' }],
        }, 'test');
      } finally {
        await setup.close();
      }

      // 1. four sender systems send letters with a ~30 KB attachment to Demo ApS until the server dies
      let server: ServerProcess = await startServer(env);
      const sent: Sent[] = [];
      let received = 0;
      let inFlight = 0;
      let killed = false;

      // one more sender is half-way through uploading a letter when the server dies: the rest never comes
      const half = letter({ content: randomBytes(ATTACHMENT_BYTES) });
      const halfLetter: Sent = { uuid: half.uuid, bytes: Buffer.from(half.xml, 'utf8') };
      sent.push(halfLetter);
      let uploading!: () => void;
      const halfway = new Promise<void>((resolve) => { uploading = resolve; });
      const halfUpload = fetch(`${server.url}/apis/v1/memos`, {
        method: 'POST',
        headers: { authorization: basic('authoritySender'), 'content-type': 'application/xml' },
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array(halfLetter.bytes.subarray(0, halfLetter.bytes.length >> 1)));
            uploading();
          },
        }),
        duplex: 'half',
        signal: AbortSignal.timeout(30_000),
      } as RequestInit).then(
        async (response) => { halfLetter.outcome = { kind: 'answered', status: response.status, body: await response.text() }; },
        (err: Error) => { halfLetter.outcome = { kind: 'cut', error: String(err.cause ?? err) }; },
      );
      await halfway;

      const clients = Array.from({ length: CLIENTS }, async () => {
        for (let i = 0; i < 10_000 && !killed; i++) {
          const { uuid, xml } = letter({ content: randomBytes(ATTACHMENT_BYTES), pNumber: i % 2 ? HEAD_OFFICE : undefined });
          const entry: Sent = { uuid, bytes: Buffer.from(xml, 'utf8') };
          sent.push(entry);
          inFlight += 1;
          try {
            const { status, text, body } = await post(server.url, entry.bytes);
            entry.outcome = status === 201 && body.receiptStatus === 'RECEIVED' && body.messageUUID === uuid
              ? { kind: 'received', status, transmissionId: body.transmissionId as string }
              : { kind: 'answered', status, body: text };
            if (entry.outcome.kind === 'received') received += 1;
          } catch (err) {
            entry.outcome = { kind: 'cut', error: String((err as Error).cause ?? err) };
          } finally {
            inFlight -= 1;
          }
        }
      });
      const started = Date.now();
      let inFlightAtKill = 0;
      let receivedAtKill = 0;
      while (!killed) {
        await new Promise((r) => setTimeout(r, 2));
        const elapsed = Date.now() - started;
        const enough = inFlight >= 1 && (received >= KILL_AFTER_RECEIVED || (elapsed > KILL_AFTER_MS && received >= MIN_RECEIVED));
        if (enough || elapsed > KILL_AFTER_MS_AT_MOST) {
          inFlightAtKill = inFlight;
          receivedAtKill = received;
          server.child.kill('SIGKILL');
          killed = true;
        }
      }
      const exit = await server.kill();
      await Promise.all([...clients, halfUpload]);
      const killedPid = server.pid;

      assert.equal(exit.signal, 'SIGKILL', `the server died of SIGKILL (${JSON.stringify(exit)})\n${server.output()}`);
      assert.ok(receivedAtKill >= MIN_RECEIVED, `enough letters got through before the kill to mean something (${receivedAtKill} in ${Date.now() - started} ms)`);
      assert.ok(inFlightAtKill >= 1, 'requests were in flight when the server was killed');
      const answered = sent.filter((s) => s.outcome?.kind === 'answered');
      assert.deepEqual(answered.map((s) => s.outcome), [], 'while alive, the server answered every letter with a RECEIVED receipt');
      const receivedLetters = sent.filter((s) => s.outcome?.kind === 'received');
      const cutLetters = sent.filter((s) => s.outcome?.kind === 'cut');
      assert.equal(receivedLetters.length + cutLetters.length, sent.length);
      assert.equal(halfLetter.outcome?.kind, 'cut', `the half-uploaded letter got no answer (${JSON.stringify(halfLetter.outcome)})`);

      if (!target.schema) {
        const lock = join(target.config.dataDir, 'kuvert.lock');
        assert.ok(existsSync(lock), 'the killed server left its data folder lock behind');
        assert.equal(readFileSync(lock, 'utf8').trim(), String(killedPid));
      }

      // 2. the server starts again on the same data (taking over the dead process's lock)
      server = await startServer(env);

      // every RECEIVED letter is there, byte for byte
      const wrong: string[] = [];
      await pool(receivedLetters, 4, async (s) => {
        const fetched = await getMemo(server.url, s.uuid);
        if (fetched.status !== 200) wrong.push(`${s.uuid}: HTTP ${fetched.status} ${fetched.bytes.toString('utf8').slice(0, 200)}`);
        else if (!fetched.bytes.equals(s.bytes)) wrong.push(`${s.uuid}: ${fetched.bytes.length} bytes differ from the ${s.bytes.length} sent`);
      });
      assert.deepEqual(wrong, [], `every letter with a RECEIVED receipt survives the kill unchanged (${receivedLetters.length} letters)`);

      // a letter cut off mid-request is all there or not there at all, and sending it again completes it
      const cutReport: string[] = [];
      let cutPresent = 0;
      await pool(cutLetters, 4, async (s) => {
        const before = await getMemo(server.url, s.uuid);
        if (before.status === 200) {
          cutPresent += 1;
          if (!before.bytes.equals(s.bytes)) cutReport.push(`${s.uuid}: stored, but not the bytes sent`);
        } else if (before.status !== 404) {
          cutReport.push(`${s.uuid}: HTTP ${before.status} ${before.bytes.toString('utf8').slice(0, 200)}`);
        }
        const again = await post(server.url, s.bytes);
        if (s === halfLetter && before.status !== 404) cutReport.push(`${s.uuid}: half uploaded, yet answered HTTP ${before.status} instead of 404`);
        const expected = before.status === 200 ? 200 : 201;
        if (again.status !== expected || again.body.receiptStatus !== 'RECEIVED') {
          cutReport.push(`${s.uuid}: resend answered ${again.status} ${again.text} (expected ${expected} RECEIVED)`);
        }
        const after = await getMemo(server.url, s.uuid);
        if (after.status !== 200 || !after.bytes.equals(s.bytes)) cutReport.push(`${s.uuid}: after resending: HTTP ${after.status}, ${after.bytes.length} bytes`);
      });
      assert.deepEqual(cutReport, [], `letters cut off by the kill are whole or absent, and a resend completes them (${cutLetters.length} cut, ${cutPresent} stored)`);

      // a RECEIVED letter sent again is recognised: same receipt, nothing new
      for (const s of receivedLetters.slice(0, 10)) {
        const again = await post(server.url, s.bytes);
        assert.equal(again.status, 200, again.text);
        assert.equal(again.body.transmissionId, (s.outcome as { transmissionId: string }).transmissionId);
      }

      // the company's queue holds exactly these letters: nothing lost, nothing extra
      const list = await fetch(`${server.url}/apis/v1/memos?page=0&size=1000`, { headers: { authorization: basic('companyRecipient') } });
      assert.equal(list.status, 200);
      const queue = (await list.json()) as { content: string[]; totalElements: number };
      assert.equal(queue.totalElements, sent.length, 'one message per letter sent, no duplicates');
      assert.deepEqual([...queue.content].sort(), sent.map((s) => s.uuid).sort());

      // 3. the event chains verify (a clean stop first: PGlite's folder has one user at a time)
      const stopped = await server.stop();
      assert.equal(stopped.code, 0, `clean shutdown\n${server.output()}`);

      // every letter that is there met the rule in the same transaction: its folder and its mark follow its P-number
      const check = await openStore({ ...target.config, ...(target.schema ? { schema: target.schema } : {}) });
      try {
        const rows = await check.db.selectFrom('message').innerJoin('message_state', (j) => j.onRef('message_state.message_id', '=', 'message.id').on('message_state.mailbox_id', '=', mailboxId))
          .select(['message.message_uuid', 'message.p_number', 'message_state.folder_id', 'message_state.flagged']).execute();
        assert.equal(rows.length, sent.length);
        const misplaced = rows.filter((r) => (r.p_number === HEAD_OFFICE) !== (r.folder_id === bbr && r.flagged));
        assert.deepEqual(misplaced, [], 'every letter is where the rule puts it');
        assert.ok(rows.filter((r) => r.folder_id === bbr).length >= 5, 'letters met the rule');
      } finally {
        await check.close();
      }
      const verify = await runKuvert(['verify-events'], { ...env, LOG_LEVEL: 'warn' });
      assert.equal(verify.code, 0, `verify-events: ${verify.stdout}${verify.stderr}`);
      assert.match(verify.stdout, /^\d+ events in \d+ chains: intact$/m);
      const events = Number(/^(\d+) events/m.exec(verify.stdout)![1]);
      assert.ok(events >= 4 * sent.length, `every letter left its events (${events} events for ${sent.length} letters)`);

      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      t.diagnostic(`${receivedAtKill} RECEIVED before the kill, ${inFlightAtKill} in flight, ${cutLetters.length} cut (${cutPresent} of them stored), ${seconds} s`);
    });
  });
}
