import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runKuvert } from '../helpers/process.ts';

const EXAMPLE = 'docs/examples/registry.json';
const CPRS = ['1503851234', '0707925678', '3112609876'];

/** `kuvert registry import` as a process, on the configured (here: a fresh PGlite) database. */
describe('kuvert registry import', () => {
  let work: string;
  let env: Record<string, string>;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'kuvert-registry-'));
    env = { DATA_DIR: join(work, 'data'), DEMO_DATA: 'false' };
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  const noCpr = (text: string) => { for (const cpr of CPRS) assert.ok(!text.includes(cpr), 'no full CPR number in the output'); };

  it('--dry-run reports what would be created and writes nothing', async () => {
    const dry = await runKuvert(['registry', 'import', EXAMPLE, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.match(dry.stdout, /^dry run: nothing was written$/m);
    assert.match(dry.stdout, /^organisations: 2 created, 0 changed, 0 closed, 0 unchanged$/m);
    const again = await runKuvert(['registry', 'import', EXAMPLE, '--dry-run', '--json'], env);
    assert.equal(JSON.parse(again.stdout).organisations.created, 2, 'still nothing there');
  });

  it('imports, prints one line per party (CVR, masked CPR), then finds nothing to change', async () => {
    const run = await runKuvert(['registry', 'import', EXAMPLE], env);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^citizens: 3 created, 0 changed, 0 closed, 0 unchanged$/m);
    assert.match(run.stdout, /^ {2}created organisation 37465829$/m);
    assert.match(run.stdout, /^ {2}created citizen 311260-\*\*\*\*$/m);
    noCpr(run.stdout + run.stderr);

    const json = await runKuvert(['registry', 'import', EXAMPLE, '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.equal(report.ok, true);
    assert.deepEqual(report.citizens, { created: 0, changed: 0, closed: 0, unchanged: 3 });
    noCpr(json.stdout);
  });

  it('refuses a malformed file with every problem (path, code, sentence) and exit 1', async () => {
    const bad = join(work, 'bad.json');
    writeFileSync(bad, JSON.stringify({
      organisations: [{ cvr: '37465829', name: 'X', kind: 'bank', pUnits: [{ pNumber: '1023456789', name: 'a' }, { pNumber: '1023456789', name: 'b' }] }],
      citizens: [{ cpr: CPRS[0], name: 'Y', registration: 'registered' }, { cpr: CPRS[0], name: 'Z', registration: 'registered' }],
    }));
    const run = await runKuvert(['registry', 'import', bad], env);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /REGISTRY_FILE_INVALID: The registry file has 3 problems; nothing was imported\./);
    assert.match(run.stderr, /organisations\[0\]\.kind: KIND_UNKNOWN: /);
    assert.match(run.stderr, /organisations\[0\]\.pUnits\[1\]\.pNumber: P_NUMBER_DUPLICATE: /);
    assert.match(run.stderr, /citizens\[1\]\.cpr: CPR_DUPLICATE: 150385-\*\*\*\* is also in citizens\[0\]\./);
    noCpr(run.stdout + run.stderr);

    const json = await runKuvert(['registry', 'import', bad, '--json'], env);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout).problems.map((p: { code: string }) => p.code), ['KIND_UNKNOWN', 'P_NUMBER_DUPLICATE', 'CPR_DUPLICATE']);

    const broken = join(work, 'broken.json');
    writeFileSync(broken, '{\n  "citizens": [\n    {"cpr": "1503851234",}\n  ]\n}\n');
    const syntax = await runKuvert(['registry', 'import', broken], env);
    assert.equal(syntax.code, 1);
    assert.match(syntax.stderr, /JSON_SYNTAX: The file is not valid JSON: line 3, column 26\./);
    noCpr(syntax.stderr);

    const check = await runKuvert(['registry', 'import', EXAMPLE, '--json'], env);
    assert.deepEqual(JSON.parse(check.stdout).organisations, { created: 0, changed: 0, closed: 0, unchanged: 2 }, 'nothing of the refused files was written');
  });
});
