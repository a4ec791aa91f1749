import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replyVerdict, type AnsweredLetter } from '../../src/domain/index.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const letter = (over: Partial<AnsweredLetter>): AnsweredLetter => ({ senderKind: 'authority', replyAllowed: true, replyBy: null, ...over });

describe('reply verdicts', () => {
  const cases: Array<[string, Partial<AnsweredLetter>, true | 'REPLY_NOT_ALLOWED' | 'REPLY_DEADLINE_PASSED']> = [
    ['an authority letter that asks for replies', {}, true],
    ['an authority letter before its deadline', { replyBy: new Date('2026-12-01T12:00:01Z') }, true],
    ['an authority letter at its deadline', { replyBy: NOW }, 'REPLY_DEADLINE_PASSED'],
    ['an authority letter after its deadline', { replyBy: new Date('2026-11-30T00:00:00Z') }, 'REPLY_DEADLINE_PASSED'],
    ['an authority letter that takes no replies', { replyAllowed: false }, 'REPLY_NOT_ALLOWED'],
    ['an authority letter that takes no replies, deadline passed', { replyAllowed: false, replyBy: new Date(0) }, 'REPLY_NOT_ALLOWED'],
    ["a citizen's message (reply flag unset)", { senderKind: 'citizen', replyAllowed: false }, true],
    ["a company's message, whatever its header says", { senderKind: 'company', replyAllowed: false, replyBy: new Date(0) }, true],
  ];
  for (const [name, over, expected] of cases) {
    it(`${name}: ${expected === true ? 'may be answered' : expected}`, () => {
      const verdict = replyVerdict(letter(over), NOW);
      if (expected === true) assert.deepEqual(verdict, { ok: true });
      else assert.equal(!verdict.ok && verdict.code, expected);
    });
  }
});
