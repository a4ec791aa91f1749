import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  checkProductionUnitOwners, citizenStatusOn, locateJsonError, maskCpr, parseRegistryFile, REGISTRY_FILE_MAX_BYTES, type RegistryFile,
} from '../../src/domain/index.ts';

const company = () => ({ cvr: '37465829', name: 'Eksempel Handel ApS', kind: 'company', pUnits: [{ pNumber: '1023456789', name: 'Hovedkontor' }] });
const citizen = () => ({ cpr: '1503851234', name: 'Karen Eksempel', registration: 'registered' });
const exempt = () => ({ cpr: '3112609876', name: 'Inger Eksempel', registration: 'exempt', exemption: { reason: 'Efter ansøgning', from: '2024-01-01' } });

function parse(value: unknown) {
  return parseRegistryFile(JSON.stringify(value));
}

describe('the registry file', () => {
  it('reads the documented example', () => {
    const result = parseRegistryFile(readFileSync(new URL('../../docs/examples/registry.json', import.meta.url)));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    assert.equal(result.file.organisations.length, 2);
    assert.equal(result.file.organisations[0]!.status, 'active', 'status defaults to active');
    assert.deepEqual(result.file.organisations[1]!.pUnits.map((u) => u.pNumber), ['1023456789', '1023456790']);
    assert.equal(result.file.citizens.length, 3);
    assert.deepEqual(result.file.citizens[2]!.exemption, { reason: 'Fritaget efter ansøgning (kognitiv funktionsnedsættelse)', from: '2024-01-01', to: null });
    assert.equal(result.file.citizens[2]!.postalAddress?.careOf, 'c/o Peter Eksempel');
  });

  it('accepts an empty file object and ignores keys it does not know (the format may grow)', () => {
    const result = parse({ organisations: [{ ...company(), founded: '1999', extra: { a: 1 } }], somethingElse: true });
    assert.ok(result.ok);
    assert.deepEqual(result.file.citizens, []);
    assert.deepEqual(Object.keys(result.file.organisations[0]!).sort(), ['cvr', 'kind', 'name', 'pUnits', 'status']);
  });

  const cases: Array<[string, unknown, string, string]> = [
    ['not an object', [1, 2], '', 'TYPE'],
    ['organisations not an array', { organisations: {} }, 'organisations', 'TYPE'],
    ['an organisation not an object', { organisations: ['x'] }, 'organisations[0]', 'TYPE'],
    ['a CVR as a number', { organisations: [{ ...company(), cvr: 37465829 }] }, 'organisations[0].cvr', 'TYPE'],
    ['a CVR of 7 digits', { organisations: [{ ...company(), cvr: '3746582' }] }, 'organisations[0].cvr', 'CVR_INVALID'],
    ['a missing CVR', { organisations: [{ ...company(), cvr: undefined }] }, 'organisations[0].cvr', 'MISSING'],
    ['a missing name', { organisations: [{ ...company(), name: undefined }] }, 'organisations[0].name', 'MISSING'],
    ['an empty name', { organisations: [{ ...company(), name: '  ' }] }, 'organisations[0].name', 'EMPTY'],
    ['a long name', { organisations: [{ ...company(), name: 'x'.repeat(301) }] }, 'organisations[0].name', 'TOO_LONG'],
    ['an unknown kind', { organisations: [{ ...company(), kind: 'bank' }] }, 'organisations[0].kind', 'KIND_UNKNOWN'],
    ['an unknown status', { organisations: [{ ...company(), status: 'dissolved' }] }, 'organisations[0].status', 'STATUS_UNKNOWN'],
    ['pUnits not an array', { organisations: [{ ...company(), pUnits: 'x' }] }, 'organisations[0].pUnits', 'TYPE'],
    ['a bad P-number', { organisations: [{ ...company(), pUnits: [{ pNumber: '0123456789', name: 'x' }] }] }, 'organisations[0].pUnits[0].pNumber', 'P_NUMBER_INVALID'],
    ['an address without a city', { organisations: [{ ...company(), pUnits: [{ pNumber: '1023456789', name: 'x', address: { street: 'a', postalCode: '1000' } }] }] },
      'organisations[0].pUnits[0].address.city', 'MISSING'],
    ['a duplicate CVR', { organisations: [company(), { ...company(), pUnits: [] }] }, 'organisations[1].cvr', 'CVR_DUPLICATE'],
    ['a duplicate P-number', { organisations: [company(), { ...company(), cvr: '19283746' }] }, 'organisations[1].pUnits[0].pNumber', 'P_NUMBER_DUPLICATE'],
    ['a bad CPR (month 13)', { citizens: [{ ...citizen(), cpr: '0113851234' }] }, 'citizens[0].cpr', 'CPR_INVALID'],
    ['a CPR of 9 digits', { citizens: [{ ...citizen(), cpr: '150385123' }] }, 'citizens[0].cpr', 'CPR_INVALID'],
    ['a duplicate CPR', { citizens: [citizen(), citizen()] }, 'citizens[1].cpr', 'CPR_DUPLICATE'],
    ['an unknown registration', { citizens: [{ ...citizen(), registration: 'dead' }] }, 'citizens[0].registration', 'REGISTRATION_UNKNOWN'],
    ['exempt without an exemption', { citizens: [{ ...exempt(), exemption: undefined }] }, 'citizens[0].exemption', 'EXEMPTION_MISSING'],
    ['an exemption without a reason', { citizens: [{ ...exempt(), exemption: { from: '2024-01-01' } }] }, 'citizens[0].exemption.reason', 'EXEMPTION_REASON_MISSING'],
    ['an exemption with an empty reason', { citizens: [{ ...exempt(), exemption: { reason: ' ', from: '2024-01-01' } }] }, 'citizens[0].exemption.reason', 'EXEMPTION_REASON_MISSING'],
    ['an exemption ending before it begins', { citizens: [{ ...exempt(), exemption: { reason: 'r', from: '2024-02-01', to: '2024-01-31' } }] }, 'citizens[0].exemption.to', 'EXEMPTION_PERIOD_INVALID'],
    ['an exemption from no date', { citizens: [{ ...exempt(), exemption: { reason: 'r', from: '2024-02-30' } }] }, 'citizens[0].exemption.from', 'DATE_INVALID'],
    ['an exemption without from', { citizens: [{ ...exempt(), exemption: { reason: 'r' } }] }, 'citizens[0].exemption.from', 'MISSING'],
    ['an exemption of a registered citizen', { citizens: [{ ...exempt(), registration: 'registered' }] }, 'citizens[0].exemption', 'EXEMPTION_NOT_EXEMPT'],
    ['a postal address that is a string', { citizens: [{ ...citizen(), postalAddress: 'Skolevej 4' }] }, 'citizens[0].postalAddress', 'TYPE'],
  ];
  for (const [name, file, path, code] of cases) {
    it(`${name}: ${code} at ${path || '(file)'}`, () => {
      const result = parse(file);
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.ok(result.problems.some((p) => p.path === path && p.code === code), JSON.stringify(result.problems));
      for (const p of result.problems) assert.ok(p.message.length > 0);
    });
  }

  it('lists every problem of a file, not only the first', () => {
    const result = parse({
      organisations: [{ ...company(), cvr: 'x' }, company(), { ...company(), cvr: '19283746', kind: 'y', pUnits: [{ pNumber: '1', name: 'n' }] }],
      citizens: [{ ...citizen(), cpr: '1' }, exempt(), { ...exempt(), cpr: '0101901234', exemption: { reason: 'r', from: '2024-05-01', to: '2024-04-01' } }],
    });
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map((p) => `${p.path} ${p.code}`), [
      'organisations[0].cvr CVR_INVALID',
      'organisations[1].pUnits[0].pNumber P_NUMBER_DUPLICATE',
      'organisations[2].kind KIND_UNKNOWN',
      'organisations[2].pUnits[0].pNumber P_NUMBER_INVALID',
      'citizens[0].cpr CPR_INVALID',
      'citizens[2].exemption.to EXEMPTION_PERIOD_INVALID',
    ]);
  });

  it('gives the line and column of a JSON syntax error', () => {
    const result = parseRegistryFile('{\n  "organisations": [\n    { "cvr": "37465829", }\n  ]\n}');
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map((p) => [p.path, p.code]), [['', 'JSON_SYNTAX']]);
    assert.match(result.problems[0]!.message, /line 3, column 26/);
    assert.deepEqual(locateJsonError('[1, 2'), { line: 1, column: 6, offset: 5 });
    assert.deepEqual(locateJsonError('{"a": tru}'), { line: 1, column: 7, offset: 6 });
    assert.equal(locateJsonError('{} x').offset, 3);
  });

  it('refuses a file over the size limit before parsing it', () => {
    const result = parseRegistryFile(new Uint8Array(REGISTRY_FILE_MAX_BYTES + 1));
    assert.ok(!result.ok);
    assert.equal(result.problems[0]!.code, 'FILE_TOO_LARGE');
  });

  it('reads only its own keys: __proto__ and constructor in the file pollute nothing', () => {
    const text = '{"__proto__": {"polluted": true}, "organisations": [{"__proto__": {"status": "closed"}, "cvr": "37465829", "name": "A", "kind": "company"}],'
      + ' "citizens": [{"constructor": {"x": 1}, "cpr": "1503851234", "name": "B", "registration": "registered", "__proto__": {"exemption": {"reason": "r", "from": "2024-01-01"}}}]}';
    const result = parseRegistryFile(text);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    assert.equal(result.file.organisations[0]!.status, 'active');
    assert.equal(result.file.citizens[0]!.exemption, null);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    // a name that is a key of Object.prototype is missing, not a function
    const missing = parse({ organisations: [{ cvr: '37465829', kind: 'company', toString: undefined }] });
    assert.ok(!missing.ok);
    assert.ok(missing.problems.some((p) => p.path === 'organisations[0].name' && p.code === 'MISSING'));
  });

  it('refuses a P-number of an organisation the file does not name; lets one move between organisations of the file', () => {
    const result = parse({ organisations: [company(), { cvr: '19283746', name: 'B', kind: 'authority', pUnits: [] }] });
    assert.ok(result.ok);
    const file: RegistryFile = result.file;
    assert.deepEqual(checkProductionUnitOwners(file, new Map([['1023456789', '11111111']])).map((p) => [p.path, p.code]),
      [['organisations[0].pUnits[0].pNumber', 'P_NUMBER_TAKEN']]);
    assert.deepEqual(checkProductionUnitOwners(file, new Map([['1023456789', '37465829']])), [], 'its own');
    assert.deepEqual(checkProductionUnitOwners(file, new Map([['1023456789', '19283746']])), [], 'moves from another organisation of the file');
  });

  it('masks a CPR number to its birth date', () => {
    assert.equal(maskCpr('2211771212'), '221177-****');
  });

  it('counts an exemption only within its period', () => {
    const period = { from: '2024-01-01', to: '2024-06-30' };
    assert.equal(citizenStatusOn('exempt', period, '2023-12-31'), 'registered');
    assert.equal(citizenStatusOn('exempt', period, '2024-01-01'), 'exempt');
    assert.equal(citizenStatusOn('exempt', period, '2024-06-30'), 'exempt', 'the last day is still exempt');
    assert.equal(citizenStatusOn('exempt', period, '2024-07-01'), 'registered', 'an exemption whose to has passed counts as registered');
    assert.equal(citizenStatusOn('exempt', { from: null, to: null }, '2030-01-01'), 'exempt', 'an exemption without dates lasts');
    assert.equal(citizenStatusOn('closed', period, '2024-02-01'), 'closed');
    assert.equal(citizenStatusOn('registered', period, '2024-02-01'), 'registered');
  });
});
