import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyRules, conditionHolds, describeRule, fromForwardingRules, toForwardingRules, validateRule,
  type ForwardingCondition, type ForwardingRule, type LetterFacts, type Rule, type RuleAction, type RuleCondition, type RuleDraft,
  type RuleOrgContext, type RuleProblemCode,
} from '../../src/domain/index.ts';

// The secure-mail filter as it was before its rules became rules of the engine (migration 010): the
// oracle the converted rules are compared with.
interface ForwardingFacts {
  pNumber: string | null;
  senderCvr: string | null;
  attention: { person?: string; email?: string } | null;
}

function holds(condition: ForwardingCondition, facts: ForwardingFacts): boolean {
  switch (condition.field) {
    case 'pNumber': return facts.pNumber === condition.equals;
    case 'senderCvr': return facts.senderCvr === condition.equals;
    case 'attentionEmail': return (facts.attention?.email ?? '').toLowerCase() === condition.equals.toLowerCase();
    case 'attentionPerson': return (facts.attention?.person ?? '').toLowerCase().includes(condition.contains.toLowerCase());
  }
}

function selectsForForwarding(scope: 'all' | 'rules', rules: readonly ForwardingRule[], facts: ForwardingFacts): boolean {
  if (scope === 'all') return true;
  return rules.some((rule) => rule.conditions.length > 0 && rule.conditions.every((c) => holds(c, facts)));
}

/** A letter with nothing in it but a type: every fact absent. */
function blank(): LetterFacts {
  return {
    sender: null, subscriptionGroup: null, material: null, messageType: 'DIGITALPOST',
    mandatory: false, legalNotification: false, replyAllowed: false,
    attention: { pNumber: null, person: null, email: null, seNumber: null, contentResponsible: { id: null, label: null } },
    content: { cpr: null, cvr: null, caseId: null, kle: null, form: null, propertyNumber: null },
  };
}

type Change = (f: LetterFacts) => void;
const facts = (...changes: Change[]): LetterFacts => {
  const f = blank();
  for (const change of changes) change(f);
  return f;
};

// One letter with every fact set, and the change that sets each field.
const SET: Record<string, Change> = {
  senderCvr: (f) => { f.sender = { organisationId: 'org-skat', cvr: '19552101' }; },
  subscriptionGroup: (f) => { f.subscriptionGroup = 'BBR-meddelelse'; },
  material: (f) => { f.material = 'BBR-AENDRING'; },
  pNumber: (f) => { f.attention.pNumber = '1012345678'; },
  attentionPerson: (f) => { f.attention.person = 'Sagsbehandler Åse Hansen'; },
  attentionEmail: (f) => { f.attention.email = 'Post@Firma.dk'; },
  seNumber: (f) => { f.attention.seNumber = '12345678'; },
  contentResponsible: (f) => { f.attention.contentResponsible = { id: 'cr-7', label: 'Borgerservice' }; },
  cpr: (f) => { f.content.cpr = '2211771212'; },
  contentCvr: (f) => { f.content.cvr = '87654321'; },
  caseId: (f) => { f.content.caseId = 'SAG-2024-123'; },
  kle: (f) => { f.content.kle = '03.10.08'; },
  form: (f) => { f.content.form = '03.10.08.00'; },
  propertyNumber: (f) => { f.content.propertyNumber = 'ABC1234'; },
};
const full = () => facts(...Object.values(SET));

type ConditionCase = [name: string, condition: RuleCondition, letter: LetterFacts, holds: boolean];

const textCases = (field: Extract<RuleCondition, { op: 'contains' }>['field'], value: string, part: string): ConditionCase[] => [
  [`${field} equals (case-insensitive)`, { field, op: 'equals', value: value.toUpperCase() }, full(), true],
  [`${field} equals another`, { field, op: 'equals', value: `${value}x` }, full(), false],
  [`${field} equals, absent`, { field, op: 'equals', value }, blank(), false],
  [`${field} one of`, { field, op: 'oneOf', values: ['nothing', value.toLowerCase()] }, full(), true],
  [`${field} one of, none`, { field, op: 'oneOf', values: ['nothing', 'else'] }, full(), false],
  [`${field} contains`, { field, op: 'contains', value: part.toUpperCase() }, full(), true],
  [`${field} contains, not`, { field, op: 'contains', value: 'zzz' }, full(), false],
  [`${field} contains, absent`, { field, op: 'contains', value: part }, blank(), false],
  [`${field} exists`, { field, op: 'exists' }, full(), true],
  [`${field} exists, absent`, { field, op: 'exists' }, blank(), false],
];

const numberCases = (field: Extract<RuleCondition, { op: 'oneOf'; values: readonly string[] }>['field'] & ('senderCvr' | 'pNumber' | 'seNumber' | 'contentCvr'), value: string, other: string): ConditionCase[] => [
  [`${field} equals`, { field, op: 'equals', value }, full(), true],
  [`${field} equals another`, { field, op: 'equals', value: other }, full(), false],
  [`${field} equals, absent`, { field, op: 'equals', value }, blank(), false],
  [`${field} one of`, { field, op: 'oneOf', values: [other, value] }, full(), true],
  [`${field} one of, none`, { field, op: 'oneOf', values: [other] }, full(), false],
  [`${field} exists`, { field, op: 'exists' }, full(), true],
  [`${field} exists, absent`, { field, op: 'exists' }, blank(), false],
];

const CONDITIONS: ConditionCase[] = [
  ...textCases('subscriptionGroup', 'BBR-meddelelse', 'bbr'),
  ...textCases('material', 'BBR-AENDRING', 'aendring'),
  ...textCases('attentionPerson', 'Sagsbehandler Åse Hansen', 'åse'),
  ...textCases('attentionEmail', 'post@firma.dk', '@firma'),
  ...textCases('contentResponsible', 'Borgerservice', 'borger'),
  ...textCases('caseId', 'SAG-2024-123', '2024'),
  ...textCases('kle', '03.10.08', '03.10'),
  ...textCases('form', '03.10.08.00', '03.10.08'),
  ...textCases('propertyNumber', 'ABC1234', 'abc'),
  ['contentResponsible equals its id', { field: 'contentResponsible', op: 'equals', value: 'CR-7' }, full(), true],
  ...numberCases('senderCvr', '19552101', '19552102'),
  ...numberCases('pNumber', '1012345678', '1012345679'),
  ...numberCases('seNumber', '12345678', '12345679'),
  ...numberCases('contentCvr', '87654321', '87654320'),
  ['cpr equals', { field: 'cpr', op: 'equals', value: '2211771212' }, full(), true],
  ['cpr equals another', { field: 'cpr', op: 'equals', value: '2211771213' }, full(), false],
  ['cpr equals, absent', { field: 'cpr', op: 'equals', value: '2211771212' }, blank(), false],
  ['cpr exists', { field: 'cpr', op: 'exists' }, full(), true],
  ['cpr exists, absent', { field: 'cpr', op: 'exists' }, blank(), false],
  ['messageType equals', { field: 'messageType', op: 'equals', value: 'DIGITALPOST' }, blank(), true],
  ['messageType equals another', { field: 'messageType', op: 'equals', value: 'NEMSMS' }, blank(), false],
  ['messageType one of', { field: 'messageType', op: 'oneOf', values: ['NEMSMS', 'DIGITALPOST'] }, blank(), true],
  ['messageType one of, none', { field: 'messageType', op: 'oneOf', values: ['NEMSMS'] }, blank(), false],
  ...(['mandatory', 'legalNotification', 'replyAllowed'] as const).flatMap((field): ConditionCase[] => [
    [`${field} true, set`, { field, op: 'equals', value: true }, facts((f) => { f[field] = true; }), true],
    [`${field} true, not set`, { field, op: 'equals', value: true }, blank(), false],
    [`${field} false, not set`, { field, op: 'equals', value: false }, blank(), true],
    [`${field} false, set`, { field, op: 'equals', value: false }, facts((f) => { f[field] = true; }), false],
  ]),
];

describe('rule conditions: every field × operator', () => {
  for (const [name, condition, letter, holds] of CONDITIONS) {
    it(`${name} → ${holds ? 'holds' : 'does not hold'}`, () => {
      assert.equal(conditionHolds(condition, letter), holds);
    });
  }
  it('a number is compared exactly (no case folding, no partial match)', () => {
    assert.equal(conditionHolds({ field: 'pNumber', op: 'equals', value: '101234567' }, full()), false);
  });
});

let nextId = 0;
function rule(conditions: RuleCondition[], actions: RuleAction[], more: Partial<Rule> = {}): Rule {
  nextId++;
  return {
    id: `r${nextId}`, name: `rule ${nextId}`, position: nextId, enabled: true, stopHere: false,
    conditions: conditions as unknown as Rule['conditions'], actions: actions as unknown as Rule['actions'], ...more,
  };
}
const bbr: RuleCondition = { field: 'subscriptionGroup', op: 'equals', value: 'BBR-meddelelse' };
const always: RuleCondition = { field: 'messageType', op: 'oneOf', values: ['DIGITALPOST', 'NEMSMS'] };
const never: RuleCondition = { field: 'messageType', op: 'equals', value: 'NEMSMS' };

describe('applying rules', () => {
  it('no rules: Indbakke, every system (null), nothing else', () => {
    assert.deepEqual(applyRules([], full()), {
      matched: [], stoppedBy: null, folder: null, overriddenFolders: [], systems: null,
      notify: { userIds: [], addresses: [] }, forward: false, mark: false,
    });
  });

  const actionCases: Array<[string, RuleAction, (o: ReturnType<typeof applyRules>) => unknown, unknown]> = [
    ['file', { kind: 'file', folderId: 'f-bbr' }, (o) => o.folder, { folderId: 'f-bbr', ruleId: 'x' }],
    ['deliver', { kind: 'deliver', systemIds: ['s-esdh', 's-cms'] }, (o) => o.systems, ['s-esdh', 's-cms']],
    ['notify', { kind: 'notify', to: [{ userId: 'u-hr' }, { address: 'hr@kommune.dk' }] }, (o) => o.notify, { userIds: ['u-hr'], addresses: ['hr@kommune.dk'] }],
    ['forward', { kind: 'forward' }, (o) => o.forward, true],
    ['mark', { kind: 'mark' }, (o) => o.mark, true],
  ];
  for (const [name, action, pick, expected] of actionCases) {
    it(`action ${name}`, () => {
      const outcome = applyRules([rule([bbr], [action], { id: 'x' })], full());
      assert.deepEqual(pick(outcome), expected);
      assert.deepEqual(outcome.matched, ['x']);
      assert.deepEqual(pick(applyRules([rule([never], [action], { id: 'x' })], full())), pick(applyRules([], full())), 'no match, no effect');
    });
  }

  it('runs by position, not by list order; ties by id', () => {
    const rules = [
      rule([always], [{ kind: 'file', folderId: 'late' }], { id: 'b', position: 20 }),
      rule([always], [{ kind: 'file', folderId: 'early' }], { id: 'a', position: 10 }),
      rule([always], [{ kind: 'mark' }], { id: 'c', position: 10 }),
    ];
    const outcome = applyRules(rules, full());
    assert.deepEqual(outcome.matched, ['a', 'c', 'b']);
    assert.deepEqual(outcome.folder, { folderId: 'early', ruleId: 'a' });
    assert.deepEqual(outcome.overriddenFolders, [{ folderId: 'late', ruleId: 'b' }]);
    assert.equal(rules[0]!.id, 'b', 'the list given is not reordered');
  });

  it('skips disabled rules', () => {
    const outcome = applyRules([rule([always], [{ kind: 'file', folderId: 'off' }], { id: 'off', enabled: false }), rule([always], [{ kind: 'file', folderId: 'on' }], { id: 'on' })], full());
    assert.deepEqual(outcome.matched, ['on']);
    assert.equal(outcome.folder?.folderId, 'on');
  });

  it('"stop here" ends the run after a match, and only after a match', () => {
    const rules = [
      rule([never], [{ kind: 'mark' }], { id: 'nomatch', position: 1, stopHere: true }),
      rule([always], [{ kind: 'deliver', systemIds: ['s1'] }], { id: 'stop', position: 2, stopHere: true }),
      rule([always], [{ kind: 'forward' }], { id: 'after', position: 3 }),
    ];
    const outcome = applyRules(rules, full());
    assert.deepEqual(outcome.matched, ['stop']);
    assert.equal(outcome.stoppedBy, 'stop');
    assert.equal(outcome.forward, false);
    assert.equal(outcome.mark, false);
  });

  it('a disabled "stop here" rule does not stop', () => {
    const outcome = applyRules([rule([always], [{ kind: 'mark' }], { id: 's', stopHere: true, enabled: false }), rule([always], [{ kind: 'forward' }], { id: 'f' })], full());
    assert.deepEqual(outcome.matched, ['f']);
    assert.equal(outcome.stoppedBy, null);
  });

  it('all conditions must hold', () => {
    assert.deepEqual(applyRules([rule([bbr, never], [{ kind: 'mark' }])], full()).matched, []);
  });

  it('systems and people are united without repeats; forward and mark if any rule asks', () => {
    const outcome = applyRules([
      rule([always], [{ kind: 'deliver', systemIds: ['esdh', 'cms'] }, { kind: 'notify', to: [{ userId: 'u1' }] }], { id: 'a' }),
      rule([always], [{ kind: 'deliver', systemIds: ['cms', 'mail'] }, { kind: 'notify', to: [{ userId: 'u1' }, { userId: 'u2' }, { address: 'a@b.dk' }] }, { kind: 'forward' }], { id: 'b' }),
      rule([never], [{ kind: 'deliver', systemIds: ['other'] }], { id: 'c' }),
    ], full());
    assert.deepEqual(outcome.systems, ['esdh', 'cms', 'mail']);
    assert.deepEqual(outcome.notify, { userIds: ['u1', 'u2'], addresses: ['a@b.dk'] });
    assert.equal(outcome.forward, true);
    assert.equal(outcome.mark, false);
  });

  it('rules that match but deliver to no system leave systems null (every active system)', () => {
    assert.equal(applyRules([rule([always], [{ kind: 'file', folderId: 'f' }])], full()).systems, null);
  });
});

describe("the seed's examples (issue #10)", () => {
  const rules: Rule[] = [
    rule([{ field: 'subscriptionGroup', op: 'equals', value: 'BBR' }, { field: 'pNumber', op: 'equals', value: '1012345678' }], [{ kind: 'file', folderId: 'f-bbr-nord' }], { id: 'bbr+p', position: 1, stopHere: true }),
    rule([{ field: 'pNumber', op: 'equals', value: '1012345678' }], [{ kind: 'deliver', systemIds: ['s-esdh'] }], { id: 'p→esdh', position: 2 }),
    rule([{ field: 'attentionPerson', op: 'contains', value: 'Jensen' }], [{ kind: 'deliver', systemIds: ['s-cms'] }], { id: 'att→cms', position: 3 }),
    rule([{ field: 'attentionEmail', op: 'equals', value: 'post@firma.dk' }], [{ kind: 'deliver', systemIds: ['s-mail'] }], { id: 'mail→mail', position: 4 }),
    rule([{ field: 'subscriptionGroup', op: 'equals', value: 'BBR-meddelelse' }], [{ kind: 'file', folderId: 'f-bbr' }], { id: 'bbr', position: 5 }),
    rule([{ field: 'subscriptionGroup', op: 'contains', value: 'pension' }], [{ kind: 'file', folderId: 'f-pension' }], { id: 'pension', position: 6 }),
  ];
  const cases: Array<[string, LetterFacts, Partial<ReturnType<typeof applyRules>>]> = [
    ['P-number → the ESDH system', facts((f) => { f.attention.pNumber = '1012345678'; }), { matched: ['p→esdh'], systems: ['s-esdh'], folder: null }],
    ['attention person → the CMS', facts((f) => { f.attention.person = 'Karen Jensen'; }), { matched: ['att→cms'], systems: ['s-cms'] }],
    ['e-mail → the mail system', facts((f) => { f.attention.email = 'Post@Firma.dk'; }), { matched: ['mail→mail'], systems: ['s-mail'] }],
    ['"BBR-meddelelse" → folder BBR', facts((f) => { f.subscriptionGroup = 'BBR-meddelelse'; }), { matched: ['bbr'], folder: { folderId: 'f-bbr', ruleId: 'bbr' }, systems: null }],
    ['"pension" → folder Pension', facts((f) => { f.subscriptionGroup = 'Pension og efterløn'; }), { matched: ['pension'], folder: { folderId: 'f-pension', ruleId: 'pension' } }],
    ['subscription group and P-number together → their folder, and stop', facts((f) => { f.subscriptionGroup = 'bbr'; f.attention.pNumber = '1012345678'; }),
      { matched: ['bbr+p'], folder: { folderId: 'f-bbr-nord', ruleId: 'bbr+p' }, systems: null, stoppedBy: 'bbr+p' }],
    ['the same P-number with another group → only the ESDH rule', facts((f) => { f.subscriptionGroup = 'Ejendomsskat'; f.attention.pNumber = '1012345678'; }), { matched: ['p→esdh'], folder: null }],
    ['P-number, attention person and e-mail → all three systems', facts((f) => { f.attention.pNumber = '1012345678'; f.attention.person = 'Ole Jensen'; f.attention.email = 'post@firma.dk'; }),
      { matched: ['p→esdh', 'att→cms', 'mail→mail'], systems: ['s-esdh', 's-cms', 's-mail'] }],
    ['nothing that matches → Indbakke, every system', blank(), { matched: [], folder: null, systems: null }],
  ];
  for (const [name, letter, expected] of cases) {
    it(name, () => {
      const outcome = applyRules(rules, letter);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(outcome[key as keyof typeof outcome], value, key);
    });
  }
});

const ORG: RuleOrgContext = {
  organisationId: 'org-1',
  folderIds: ['f-bbr', 'f-pension'],
  systems: [{ id: 's-esdh', organisationId: 'org-1' }, { id: 's-cms', organisationId: 'org-1' }, { id: 's-foreign', organisationId: 'org-2' }],
  userIds: ['u-hr', 'u-payroll'],
  confirmedAddresses: ['hr@kommune.dk'],
  forwardingSetUp: true,
};
const draft = (more: Partial<RuleDraft> = {}): RuleDraft => ({ name: 'BBR', enabled: true, stopHere: false, conditions: [bbr], actions: [{ kind: 'file', folderId: 'f-bbr' }], ...more });

describe('validating a rule', () => {
  it('accepts a good rule, normalised', () => {
    const result = validateRule(draft({
      name: '  BBR  ',
      conditions: [{ field: 'pNumber', op: 'equals', value: ' 1012345678 ' }, { field: 'kle', op: 'oneOf', values: ['03.10', '03.10', ' 03.11 '] }],
      actions: [{ kind: 'deliver', systemIds: ['s-esdh', 's-cms', 's-esdh'] }, { kind: 'notify', to: [{ userId: 'u-hr' }, { address: 'HR@Kommune.DK' }] }, { kind: 'forward' }, { kind: 'mark' }],
    }), ORG);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    assert.equal(result.rule.name, 'BBR');
    assert.deepEqual(result.rule.conditions, [{ field: 'pNumber', op: 'equals', value: '1012345678' }, { field: 'kle', op: 'oneOf', values: ['03.10', '03.11'] }]);
    assert.deepEqual(result.rule.actions[0], { kind: 'deliver', systemIds: ['s-esdh', 's-cms'] });
    assert.deepEqual(result.rule.actions[1], { kind: 'notify', to: [{ userId: 'u-hr' }, { address: 'hr@kommune.dk' }] });
  });

  const refused: Array<[string, RuleDraft, RuleOrgContext, Array<[path: string, code: RuleProblemCode]>]> = [
    ['no conditions', draft({ conditions: [] }), ORG, [['conditions', 'RULE_CONDITIONS_EMPTY']]],
    ['no actions', draft({ actions: [] }), ORG, [['actions', 'RULE_ACTIONS_EMPTY']]],
    ['no name', draft({ name: '  ' }), ORG, [['name', 'RULE_NAME_INVALID']]],
    ['an unknown folder', draft({ actions: [{ kind: 'file', folderId: 'f-nope' }] }), ORG, [['actions[0].folderId', 'RULE_FOLDER_UNKNOWN']]],
    ['an unknown system', draft({ actions: [{ kind: 'deliver', systemIds: ['s-esdh', 's-nope'] }] }), ORG, [['actions[0].systemIds[1]', 'RULE_SYSTEM_UNKNOWN']]],
    ['a system of another organisation', draft({ actions: [{ kind: 'deliver', systemIds: ['s-foreign'] }] }), ORG, [['actions[0].systemIds[0]', 'RULE_SYSTEM_UNKNOWN']]],
    ['no systems', draft({ actions: [{ kind: 'deliver', systemIds: [] as unknown as ['x'] }] }), ORG, [['actions[0].systemIds', 'RULE_VALUE_INVALID']]],
    ['an unknown person', draft({ actions: [{ kind: 'notify', to: [{ userId: 'u-ghost' }] }] }), ORG, [['actions[0].to[0].userId', 'RULE_PERSON_UNKNOWN']]],
    ['an unconfirmed address', draft({ actions: [{ kind: 'notify', to: [{ address: 'boss@kommune.dk' }] }] }), ORG, [['actions[0].to[0].address', 'RULE_ADDRESS_UNCONFIRMED']]],
    ['a malformed address', draft({ actions: [{ kind: 'notify', to: [{ address: 'not an address' }] }] }), ORG, [['actions[0].to[0].address', 'RULE_VALUE_INVALID']]],
    ['forwarding not set up', draft({ actions: [{ kind: 'forward' }] }), { ...ORG, forwardingSetUp: false }, [['actions[0]', 'RULE_FORWARDING_NOT_SET_UP']]],
    ['two different folders', draft({ actions: [{ kind: 'file', folderId: 'f-bbr' }, { kind: 'file', folderId: 'f-pension' }] }), ORG, [['actions[1]', 'RULE_ACTIONS_CONTRADICTORY']]],
    ['the same action twice', draft({ actions: [{ kind: 'mark' }, { kind: 'mark' }] }), ORG, [['actions[1]', 'RULE_ACTION_DUPLICATE']]],
    ['an unknown action', draft({ actions: [{ kind: 'shred' } as unknown as RuleAction] }), ORG, [['actions[0].kind', 'RULE_ACTION_UNKNOWN']]],
    ['a P-number of 9 digits', draft({ conditions: [{ field: 'pNumber', op: 'equals', value: '101234567' }] }), ORG, [['conditions[0].value', 'RULE_VALUE_INVALID']]],
    ['a CVR of 7 digits', draft({ conditions: [{ field: 'senderCvr', op: 'oneOf', values: ['19552101', '1955210'] }] }), ORG, [['conditions[0].values[1]', 'RULE_VALUE_INVALID']]],
    ['a content CVR with letters', draft({ conditions: [{ field: 'contentCvr', op: 'equals', value: '1955210A' }] }), ORG, [['conditions[0].value', 'RULE_VALUE_INVALID']]],
    ['an SE number of 9 digits', draft({ conditions: [{ field: 'seNumber', op: 'equals', value: '123456789' }] }), ORG, [['conditions[0].value', 'RULE_VALUE_INVALID']]],
    ['a CPR with no date', draft({ conditions: [{ field: 'cpr', op: 'equals', value: '9999999999' }] }), ORG, [['conditions[0].value', 'RULE_VALUE_INVALID']]],
    ['an empty text', draft({ conditions: [{ field: 'subscriptionGroup', op: 'equals', value: '   ' }] }), ORG, [['conditions[0].value', 'RULE_VALUE_INVALID']]],
    ['an empty list', draft({ conditions: [{ field: 'material', op: 'oneOf', values: [] as unknown as ['x'] }] }), ORG, [['conditions[0].values', 'RULE_VALUE_INVALID']]],
    ['an attention e-mail that is no address', draft({ conditions: [{ field: 'attentionEmail', op: 'equals', value: 'post' }] }), ORG, [['conditions[0].value', 'RULE_VALUE_INVALID']]],
    ['an unknown message type', draft({ conditions: [{ field: 'messageType', op: 'equals', value: 'FAX' as 'NEMSMS' }] }), ORG, [['conditions[0].value', 'RULE_VALUE_INVALID']]],
    ['contains on a number', draft({ conditions: [{ field: 'pNumber', op: 'contains', value: '1012' } as unknown as RuleCondition] }), ORG, [['conditions[0]', 'RULE_CONDITION_UNKNOWN']]],
    ['one of on the CPR number', draft({ conditions: [{ field: 'cpr', op: 'oneOf', values: ['2211771212'] } as unknown as RuleCondition] }), ORG, [['conditions[0]', 'RULE_CONDITION_UNKNOWN']]],
    ['an unknown field', draft({ conditions: [{ field: 'colour', op: 'exists' } as unknown as RuleCondition] }), ORG, [['conditions[0]', 'RULE_CONDITION_UNKNOWN']]],
    ['two groups that cannot both be', draft({ conditions: [bbr, { field: 'subscriptionGroup', op: 'oneOf', values: ['Pension', 'Ejendomsskat'] }] }), ORG, [['conditions[1]', 'RULE_CONDITIONS_CONTRADICTORY']]],
    ['mandatory and not mandatory', draft({ conditions: [{ field: 'mandatory', op: 'equals', value: true }, { field: 'mandatory', op: 'equals', value: false }] }), ORG, [['conditions[1]', 'RULE_CONDITIONS_CONTRADICTORY']]],
    ['too many conditions', draft({ conditions: Array.from({ length: 21 }, () => bbr) }), ORG, [['conditions', 'RULE_CONDITIONS_TOO_MANY']]],
    ['everything at once: all problems', draft({ name: '', conditions: [], actions: [{ kind: 'file', folderId: 'nope' }, { kind: 'deliver', systemIds: ['s-foreign'] }] }), ORG,
      [['name', 'RULE_NAME_INVALID'], ['conditions', 'RULE_CONDITIONS_EMPTY'], ['actions[0].folderId', 'RULE_FOLDER_UNKNOWN'], ['actions[1].systemIds[0]', 'RULE_SYSTEM_UNKNOWN']]],
  ];
  for (const [name, rule, org, expected] of refused) {
    it(`refuses ${name}: ${expected.map(([, code]) => code).join(', ')}`, () => {
      const result = validateRule(rule, org);
      assert.equal(result.ok, false);
      assert.deepEqual(!result.ok && result.problems.map((p) => [p.path, p.code]), expected);
      for (const p of !result.ok ? result.problems : []) assert.ok(p.message.length > 0);
    });
  }

  it('two equals on the content responsible are not contradictory (label and id)', () => {
    assert.ok(validateRule(draft({ conditions: [{ field: 'contentResponsible', op: 'equals', value: 'Borgerservice' }, { field: 'contentResponsible', op: 'equals', value: 'cr-7' }] }), ORG).ok);
  });

  it('never repeats a CPR number in a problem', () => {
    const result = validateRule(draft({ conditions: [{ field: 'cpr', op: 'equals', value: '2213771212' }] }), ORG);
    assert.equal(result.ok, false);
    assert.doesNotMatch(JSON.stringify(result), /2213771212/);
  });
});

describe('rules in plain sentences', () => {
  const names = {
    folders: new Map([['f-bbr', 'BBR'], ['f-pension', 'Pension']]),
    systems: new Map([['s-esdh', 'ESDH'], ['s-cms', 'CMS']]),
    people: new Map([['u-hr', 'Hanne Rasmussen']]),
  };
  const cases: Array<[Pick<Rule, 'conditions' | 'actions' | 'stopHere'>, string, string]> = [
    [{ conditions: [{ field: 'subscriptionGroup', op: 'equals', value: 'BBR' }, { field: 'pNumber', op: 'equals', value: '1012345678' }], actions: [{ kind: 'file', folderId: 'f-bbr' }], stopHere: true },
      'Når tilmeldingsgruppen er BBR og P-nummeret er 1012345678: læg i mappen BBR, og stop.',
      'When the subscription group is BBR and the P-number is 1012345678: file in the folder BBR, and stop.'],
    [{ conditions: [{ field: 'attentionPerson', op: 'contains', value: 'Jensen' }], actions: [{ kind: 'deliver', systemIds: ['s-cms'] }], stopHere: false },
      'Når att.-personen indeholder Jensen: send til systemet CMS.',
      'When the attention person contains Jensen: deliver to the system CMS.'],
    [{ conditions: [{ field: 'subscriptionGroup', op: 'oneOf', values: ['Sygedagpenge', 'Løn', 'Pension'] }, { field: 'mandatory', op: 'equals', value: true }],
      actions: [{ kind: 'deliver', systemIds: ['s-esdh', 's-cms'] }, { kind: 'notify', to: [{ userId: 'u-hr' }, { address: 'hr@kommune.dk' }] }, { kind: 'mark' }], stopHere: false },
      'Når tilmeldingsgruppen er Sygedagpenge, Løn eller Pension og brevet er obligatorisk: send til systemerne ESDH og CMS, giv besked til Hanne Rasmussen og hr@kommune.dk og markér brevet.',
      'When the subscription group is Sygedagpenge, Løn or Pension and the letter is mandatory: deliver to the systems ESDH and CMS, notify Hanne Rasmussen and hr@kommune.dk and mark the letter.'],
    [{ conditions: [{ field: 'cpr', op: 'equals', value: '2211771212' }, { field: 'legalNotification', op: 'equals', value: false }, { field: 'caseId', op: 'exists' }],
      actions: [{ kind: 'forward' }, { kind: 'file', folderId: 'f-unnamed' }], stopHere: false },
      'Når CPR-nummeret er 221177-****, brevet ikke har retsvirkning og sagsnummeret er angivet: videresend med sikker e-mail og læg i mappen f-unnamed.',
      'When the CPR number is 221177-****, the letter has no legal effect and the case id is given: forward by secure e-mail and file in the folder f-unnamed.'],
  ];
  for (const [r, da, en] of cases) {
    it(da, () => {
      assert.equal(describeRule(r, 'da', names), da);
      assert.equal(describeRule(r, 'en', names), en);
    });
  }
});

describe('secure-mail forwarding rules as rules of the engine', () => {
  const forwarding: ForwardingRule[] = [
    { name: 'Nord', conditions: [{ field: 'pNumber', equals: '1012345678' }] },
    { name: 'Skat til Åse', conditions: [{ field: 'senderCvr', equals: '19552101' }, { field: 'attentionPerson', contains: 'åse' }] },
    { name: 'Postkassen', conditions: [{ field: 'attentionEmail', equals: 'Post@Firma.dk' }] },
  ];

  for (const scope of ['rules', 'all'] as const) {
    it(`round trip, scope ${scope}: nothing lost`, () => {
      assert.deepEqual(toForwardingRules(fromForwardingRules(scope, forwarding)), { scope, rules: forwarding });
      assert.deepEqual(toForwardingRules(fromForwardingRules(scope, [])), { scope, rules: [] });
    });

    it(`converted rules are valid and forward exactly what selectsForForwarding forwards, scope ${scope}`, () => {
      const drafts = fromForwardingRules(scope, forwarding);
      const rules: Rule[] = drafts.map((d, i) => {
        const checked = validateRule(d, ORG);
        assert.ok(checked.ok, JSON.stringify(!checked.ok && checked.problems));
        return { ...checked.rule, id: `fw${i}`, position: i };
      });
      const letters: Array<[ForwardingFacts, LetterFacts]> = [];
      for (const pNumber of [null, '1012345678', '1012345679']) {
        for (const senderCvr of [null, '19552101']) {
          for (const attention of [null, { person: 'Åse Hansen' }, { email: 'post@firma.dk' }, { person: 'Bo', email: 'x@y.dk' }]) {
            letters.push([{ pNumber, senderCvr, attention }, facts((f) => {
              f.attention.pNumber = pNumber;
              f.sender = senderCvr ? { organisationId: 'o', cvr: senderCvr } : null;
              f.attention.person = attention?.person ?? null;
              f.attention.email = attention?.email ?? null;
            })]);
          }
        }
      }
      for (const [old, letter] of letters) {
        assert.equal(applyRules(rules, letter).forward, selectsForForwarding(scope, forwarding, old), JSON.stringify(old));
      }
    });
  }

  it('a rule that does more than forward is not a forwarding rule', () => {
    assert.equal(toForwardingRules([{ ...draft(), actions: [{ kind: 'forward' }, { kind: 'mark' }] }]), undefined);
    assert.equal(toForwardingRules([{ ...draft(), actions: [{ kind: 'forward' }] }]), undefined, 'a subscription-group condition');
  });
});
