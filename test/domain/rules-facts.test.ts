import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attentionOf } from '../../src/delivery/summary.ts';
import { applyRules, letterFacts, type LetterFacts, type Rule } from '../../src/domain/index.ts';
import { parseMemo, serializeMemo, type MemoMessage } from '../../src/memo/index.ts';
import { fullExample } from '../helpers/full-example.ts';
import { letter } from '../helpers/memo.ts';
import { example, examples, replaceOnce } from '../memo/helpers.ts';

function parsed(xml: string): MemoMessage {
  const result = parseMemo(xml);
  if (!result.ok) assert.fail(JSON.stringify(result.issues, null, 2));
  return result.message;
}

const NOTHING: LetterFacts['attention'] = { pNumber: null, person: null, email: null, seNumber: null, contentResponsible: { id: null, label: null } };
const NO_CONTENT: LetterFacts['content'] = { cpr: null, cvr: null, caseId: null, kle: null, form: null, propertyNumber: null };

describe('letter facts from MeMo', () => {
  it('the minimum example: a DIGITALPOST letter with no attention or content data', () => {
    assert.deepEqual(letterFacts(parsed(example('MeMo_Minimum_Example.xml'))), {
      sender: null, subscriptionGroup: null, material: null, messageType: 'DIGITALPOST',
      mandatory: false, legalNotification: false, replyAllowed: false, attention: NOTHING, content: NO_CONTENT,
    });
  });

  it('the NemSMS example is a NEMSMS', () => {
    assert.equal(letterFacts(parsed(example('MeMo_NemSMS.xml'))).messageType, 'NEMSMS');
  });

  it('every official example gives facts', () => {
    for (const { name, xml } of examples()) assert.ok(letterFacts(parsed(xml)).messageType, name);
  });

  it('what Kuvert knows comes from the context, not from the MeMo', () => {
    const memo = parsed(serializeMemo(fullExample()));
    const facts = letterFacts(memo, { sender: { organisationId: 'org-1', cvr: '29189846' }, subscriptionGroup: 'Pladsanvisning', material: 'PLADS-1' });
    assert.deepEqual(facts.sender, { organisationId: 'org-1', cvr: '29189846' }, 'not Sender/senderID');
    assert.equal(facts.subscriptionGroup, 'Pladsanvisning');
    assert.equal(facts.material, 'PLADS-1', 'not MessageHeader/messageCode');
    assert.equal(letterFacts(memo, { subscriptionGroup: '' }).subscriptionGroup, null);
  });

  it('the MeMo 1.2 full example: Recipient/AttentionData, ContentData and the flags', () => {
    const facts = letterFacts(parsed(serializeMemo(fullExample())));
    assert.equal(facts.mandatory, true);
    assert.equal(facts.legalNotification, false);
    assert.equal(facts.replyAllowed, true);
    assert.deepEqual(facts.attention, {
      pNumber: '1234567890', person: 'Mette Hansen', email: 'm.hansen@gmail.com', seNumber: '12345678',
      contentResponsible: { id: '22334455', label: '[Ansvarlig]' },
    }, 'the recipient\'s attention data, not the sender\'s');
    assert.deepEqual(facts.content, {
      cpr: '2512169996', cvr: '12345678', caseId: 'SAG-12345', kle: '00.00.00', form: '00.00.00.00', propertyNumber: 'ABC1234',
    });
  });

  it('is what the delivery keeps as message.attention: P-number, person and e-mail as written; an empty label is no person', () => {
    const cases: Array<[MemoMessage, ReturnType<typeof attentionOf>]> = [
      [parsed(serializeMemo(fullExample())), { productionUnit: '1234567890', person: 'Mette Hansen', email: 'm.hansen@gmail.com' }],
      [parsed(letter({ pNumber: '1012345678' }).xml), { productionUnit: '1012345678' }],
      [parsed(example('MeMo_Minimum_Example.xml')), null],
      [parsed(replaceOnce(example('MeMo_Minimum_Example.xml'), '<memo:idType>CPR</memo:idType>',
        '<memo:idType>CPR</memo:idType><memo:AttentionData><memo:AttentionPerson><memo:label></memo:label></memo:AttentionPerson><memo:EMail><memo:emailAddress>a@b.dk</memo:emailAddress></memo:EMail></memo:AttentionData>')), { email: 'a@b.dk' }],
    ];
    for (const [memo, stored] of cases) {
      assert.deepEqual(attentionOf(letterFacts(memo)), stored);
      assert.equal(letterFacts(memo).content.caseId, memo.header.contentData?.caseID?.caseID ?? null);
    }
  });

  it('a letter with a P-number goes to the ESDH system through facts built from its MeMo', () => {
    const rules: Rule[] = [{
      id: 'p', name: 'P → ESDH', position: 1, enabled: true, stopHere: false,
      conditions: [{ field: 'pNumber', op: 'equals', value: '1012345678' }], actions: [{ kind: 'deliver', systemIds: ['esdh'] }],
    }];
    assert.deepEqual(applyRules(rules, letterFacts(parsed(letter({ pNumber: '1012345678' }).xml))).systems, ['esdh']);
    assert.equal(applyRules(rules, letterFacts(parsed(letter().xml))).systems, null);
  });
});
