import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO } from '../../src/demo/index.ts';
import { basic } from '../helpers/api.ts';
import { letter, SHARED } from '../helpers/memo.ts';
import { killAllServers, ROOT, runCommand, runKuvert, runKuvertProcess, startServer, type ServerProcess } from '../helpers/process.ts';

/** The client commands of `kuvert`, run as processes against a real `kuvert serve` (PGlite, demo data). */
describe('the kuvert command line', () => {
  let server: ServerProcess;
  let work: string;
  /** KUVERT_URL only: no system credentials, so the demo sender sends and the demo company's system fetches */
  let env: Record<string, string>;
  const bulk = new Map<string, Buffer>(); // uuid → the exact bytes of each letter sent by send-bulk

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'kuvert-cli-'));
    server = await startServer({ DATA_DIR: join(work, 'data'), DEMO_DATA: 'true' });
    env = { KUVERT_URL: server.url };
  });
  after(async () => {
    await killAllServers();
    rmSync(work, { recursive: true, force: true });
  });

  const queue = async () => {
    const response = await fetch(`${server.url}/apis/v1/memos?page=0&size=1000`, { headers: { authorization: basic('companyRecipient') } });
    assert.equal(response.status, 200);
    return (await response.json()) as { content: string[]; totalElements: number };
  };
  const xmlFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();

  it('send: sends the official MeMo minimum example and prints the RECEIVED receipt (exit 0)', async () => {
    const file = join(SHARED, 'memo/examples/MeMo_Minimum_Example.xml');
    const first = await runKuvert(['send', file], env);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    const receipt = JSON.parse(first.stdout) as Record<string, unknown>;
    assert.equal(receipt.receiptStatus, 'RECEIVED');
    assert.equal(receipt.messageUUID, '8c2ea15d-61fb-4ba9-9366-42f8b194c114');
    assert.equal(receipt.errorCode, null);
    assert.match(String(receipt.transmissionId), /^[0-9a-f-]{36}$/);
    assert.match(first.stderr, new RegExp(`demo sender system ${DEMO.systems.authoritySender.id}`));

    // --url wins over KUVERT_URL (which points at a port nobody listens on here)
    const again = await runKuvert(['send', file, '--url', server.url], { KUVERT_URL: 'http://127.0.0.1:9' });
    assert.equal(again.code, 0, `sending the same document again is still RECEIVED\n${again.stdout}${again.stderr}`);
    assert.equal((JSON.parse(again.stdout) as Record<string, unknown>).transmissionId, receipt.transmissionId);
  });

  it('send: prints the error receipt with its code and exits 1 for an invalid or refused message', async () => {
    const broken = join(work, 'broken.xml');
    writeFileSync(broken, letter().xml.replace('</memo:label>', ''));
    // as its own process once: the exit code is the process's (every other command runs in this process)
    const invalid = await runKuvertProcess(['send', broken], env);
    assert.equal(invalid.code, 1, invalid.stdout + invalid.stderr);
    const receipt = JSON.parse(invalid.stdout) as Record<string, unknown>;
    assert.equal(receipt.receiptStatus, 'INVALID');
    assert.equal(receipt.errorCode, 'MEMO_INVALID');
    assert.match(invalid.stdout, /MEMO_INVALID/);

    const exempt = join(work, 'exempt.xml');
    writeFileSync(exempt, letter({ recipientType: 'CPR', recipientId: '0505805555' }).xml);
    const refused = await runKuvert(['send', exempt], env);
    assert.equal(refused.code, 1);
    assert.equal((JSON.parse(refused.stdout) as Record<string, unknown>).errorCode, 'RECIPIENT_EXEMPT');

    const stranger = await runKuvert(['send', exempt, '--system', DEMO.systems.authoritySender.id, '--secret', 'not-the-secret'], env);
    assert.equal(stranger.code, 1, 'wrong credentials');
    assert.equal((JSON.parse(stranger.stdout) as Record<string, unknown>).errorCode, 'UNAUTHENTICATED');
    assert.doesNotMatch(stranger.stderr, /demo sender system/, 'given credentials are used, not the demo ones');

    const missing = await runKuvert(['send', join(work, 'no-such-file.xml')], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^kuvert: .*no-such-file\.xml/m);
  });

  it('send-bulk: sends a folder, prints receipts counted by status and code, writes --report, exits 1 when one fails', async () => {
    const dir = join(work, 'outbox');
    mkdirSync(dir);
    for (let i = 0; i < 30; i++) {
      const { uuid, xml } = letter({ content: randomBytes(2_000 + i * 500), pNumber: i % 3 === 0 ? '1012345679' : undefined });
      bulk.set(uuid, Buffer.from(xml, 'utf8'));
      writeFileSync(join(dir, `letter-${String(i).padStart(2, '0')}.xml`), xml);
    }
    writeFileSync(join(dir, 'zz-broken.xml'), letter().xml.replace('<memo:MessageBody>', ''));
    writeFileSync(join(dir, 'notes.txt'), 'not a letter: send-bulk sends .xml files only');
    const report = join(work, 'receipts.json');

    const result = await runKuvert(['send-bulk', dir, '--concurrency', '4', '--report', report], env);
    assert.equal(result.code, 1, `one letter failed, so the exit code is 1\n${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /^31 file\(s\) sent$/m);
    assert.match(result.stdout, /^ {2}RECEIVED: 30$/m);
    assert.match(result.stdout, /^ {2}INVALID MEMO_INVALID: 1$/m);
    assert.match(result.stdout, /^ {2}zz-broken\.xml: MEMO_INVALID /m);
    assert.doesNotMatch(result.stdout, /notes\.txt/);

    const receipts = JSON.parse(readFileSync(report, 'utf8')) as Array<{ file: string; status: number; receipt: Record<string, unknown> }>;
    assert.equal(receipts.length, 31);
    const byFile = new Map(receipts.map((r) => [r.file, r]));
    assert.equal(byFile.get('zz-broken.xml')?.status, 400);
    assert.equal(byFile.get('zz-broken.xml')?.receipt.errorCode, 'MEMO_INVALID');
    const received = receipts.filter((r) => r.receipt.receiptStatus === 'RECEIVED');
    assert.equal(received.length, 30);
    assert.ok(received.every((r) => r.status === 201));
    assert.deepEqual(received.map((r) => r.receipt.messageUUID).sort(), [...bulk.keys()].sort());

    assert.deepEqual((await queue()).content.sort(), [...bulk.keys()].sort(), 'the 30 letters wait for Demo ApS\'s system');
  });

  it('fetch --keep: saves every waiting letter byte for byte and leaves them in the queue', async () => {
    const out = join(work, 'kept');
    const result = await runKuvert(['fetch', '--out', out, '--keep'], env);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /^30 message\(s\) saved in /m);
    assert.match(result.stderr, new RegExp(`demo recipient system ${DEMO.systems.companyRecipient.id}`));
    assert.deepEqual(readdirSync(out).sort(), [...bulk.keys()].map((uuid) => `${uuid}.xml`).sort());
    for (const [uuid, bytes] of bulk) assert.ok(readFileSync(join(out, `${uuid}.xml`)).equals(bytes), `${uuid}.xml is the letter as sent`);
    assert.equal((await queue()).totalElements, 30, '--keep leaves the letters in the queue');
  });

  it('fetch: saves every waiting letter as <uuid>.xml byte for byte, acknowledges and removes it; a second fetch saves nothing', async () => {
    const out = join(work, 'inbox');
    const result = await runKuvert(['fetch', '--out', out], env);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /^30 message\(s\) saved in /m);
    assert.equal(result.stdout.trim().split('\n').length, 30, 'one line per saved file');
    assert.deepEqual(readdirSync(out).sort(), [...bulk.keys()].map((uuid) => `${uuid}.xml`).sort(), 'no .part files are left');
    for (const [uuid, bytes] of bulk) assert.ok(readFileSync(join(out, `${uuid}.xml`)).equals(bytes), `${uuid}.xml is the letter as sent`);
    assert.equal((await queue()).totalElements, 0, 'the queue is empty');

    const gone = await fetch(`${server.url}/apis/v1/memos/${[...bulk.keys()][0]}`, { headers: { authorization: basic('companyRecipient') } });
    assert.equal(gone.status, 404);

    const again = join(work, 'inbox-again');
    const second = await runKuvert(['fetch', '--out', again], env);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stderr, /^0 message\(s\) saved in /m);
    assert.deepEqual(xmlFiles(again), []);
  });

  it('fetch --keep: saves every waiting letter also when more than one page (100) waits', { timeout: 60_000 }, async () => {
    const sent = new Map<string, Buffer>();
    const letters = Array.from({ length: 105 }, () => letter());
    let next = 0;
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (next < letters.length) {
        const { uuid, xml } = letters[next++]!;
        const response = await fetch(`${server.url}/apis/v1/memos`, {
          method: 'POST', headers: { authorization: basic('authoritySender'), 'content-type': 'application/xml' }, body: xml,
        });
        assert.equal(response.status, 201, await response.text());
        sent.set(uuid, Buffer.from(xml, 'utf8'));
      }
    }));
    assert.equal((await queue()).totalElements, 105);

    const out = join(work, 'kept-many');
    const result = await runKuvert(['fetch', '--out', out, '--keep'], env);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(xmlFiles(out).length, 105, `fetch --keep saves all 105 waiting letters (${result.stderr.trim()})`);
    for (const [uuid, bytes] of sent) assert.ok(readFileSync(join(out, `${uuid}.xml`)).equals(bytes), `${uuid}.xml is the letter as sent`);
    assert.equal((await queue()).totalElements, 105);
  });

  it('npx kuvert --help works from the repository root (npx finds the package\'s own bin)', { timeout: 60_000 }, async () => {
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const help = await runCommand(npx, ['--no-install', 'kuvert', '--help'], {}, { cwd: ROOT });
    assert.equal(help.code, 0, help.stdout + help.stderr);
    assert.match(help.stdout, /^Usage: kuvert /m);
    for (const command of ['serve', 'send', 'fetch', 'send-bulk', 'verify-events']) assert.match(help.stdout, new RegExp(`^ {2}${command}\\b`, 'm'));
  });
});
