import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideRecipient, type RegistryEntry } from '../../src/domain/index.ts';

const citizen: RegistryEntry = { kind: 'citizen', status: 'registered', mailboxId: 'mb-citizen', name: 'Jens Hansen' };
const company: RegistryEntry = { kind: 'company', status: 'active', mailboxId: 'mb-company', pNumbers: ['1012345678'], name: 'Demo ApS', organisationId: 'org' };

describe('addressing decisions', () => {
  const cases: Array<[string, Parameters<typeof decideRecipient>[0], RegistryEntry | undefined, string]> = [
    ['a registered citizen', { idType: 'CPR', id: '2211771212' }, citizen, 'mb-citizen'],
    ['a citizen with a P-number in the attention data (kept, does not count)', { idType: 'CPR', id: '2211771212', pNumber: '1234567890' }, citizen, 'mb-citizen'],
    ['an exempt citizen', { idType: 'CPR', id: '2211771212' }, { ...citizen, status: 'exempt' }, 'RECIPIENT_EXEMPT'],
    ['a closed mailbox', { idType: 'CPR', id: '2211771212' }, { ...citizen, status: 'closed' }, 'RECIPIENT_CLOSED'],
    ['an unknown CPR', { idType: 'CPR', id: '2211771212' }, undefined, 'RECIPIENT_UNKNOWN'],
    ['a malformed CPR', { idType: 'CPR', id: '22117712' }, citizen, 'RECIPIENT_ID_INVALID'],
    ['an id type Kuvert does not deliver to', { idType: 'SE', id: '12345678' }, undefined, 'RECIPIENT_ID_TYPE_UNSUPPORTED'],
    ['a company', { idType: 'CVR', id: '29876543' }, company, 'mb-company'],
    ['a company at one of its P-units', { idType: 'CVR', id: '29876543', pNumber: '1012345678' }, company, 'mb-company'],
    ['a company at a P-unit of another company', { idType: 'CVR', id: '29876543', pNumber: '1234567890' }, company, 'P_NUMBER_NOT_OF_RECIPIENT'],
    ['a company at a malformed P-number', { idType: 'CVR', id: '29876543', pNumber: '12345' }, company, 'P_NUMBER_NOT_OF_RECIPIENT'],
  ];
  for (const [name, address, entry, expected] of cases) {
    it(`${name}: ${expected}`, () => {
      const decision = decideRecipient(address, entry);
      assert.equal(decision.ok ? decision.mailboxId : decision.code, expected);
    });
  }

  it('keeps the P-number only where it routes: for a company, not for a citizen', () => {
    const forCitizen = decideRecipient({ idType: 'CPR', id: '2211771212', pNumber: '1234567890' }, citizen);
    const forCompany = decideRecipient({ idType: 'CVR', id: '29876543', pNumber: '1012345678' }, company);
    assert.equal(forCitizen.ok && forCitizen.pNumber, null);
    assert.equal(forCompany.ok && forCompany.pNumber, '1012345678');
  });
});
