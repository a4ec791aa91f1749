import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mayWrite, type PartyKind } from '../../src/domain/index.ts';

// Seed 001, "Hvem kan skrive til hvem?": every cell of sender × recipient × (new | to a contact point | reply).
const KINDS: PartyKind[] = ['citizen', 'company', 'authority'];
type Way = 'new' | 'contact point' | 'reply';
const WAYS: Way[] = ['new', 'contact point', 'reply'];

const ALLOWED: Record<PartyKind, Record<PartyKind, Way[]>> = {
  authority: { citizen: WAYS, company: WAYS, authority: WAYS },
  citizen: { citizen: ['reply'], company: ['reply'], authority: ['contact point', 'reply'] },
  company: { citizen: ['reply'], company: ['reply'], authority: ['contact point', 'reply'] },
};

describe('who may write to whom', () => {
  for (const sender of KINDS) {
    for (const recipient of KINDS) {
      for (const way of WAYS) {
        const allowed = ALLOWED[sender][recipient].includes(way);
        it(`${sender} → ${recipient}, ${way}: ${allowed ? 'allowed' : 'SENDER_KIND_NOT_ALLOWED'}`, () => {
          const verdict = mayWrite({ sender, recipient, toContactPoint: way === 'contact point', reply: way === 'reply' });
          if (allowed) assert.deepEqual(verdict, { ok: true });
          else {
            assert.equal(verdict.ok, false);
            assert.equal(!verdict.ok && verdict.code, 'SENDER_KIND_NOT_ALLOWED');
            assert.match(!verdict.ok ? verdict.message : '', /authorit/);
          }
        });
      }
    }
  }
});
