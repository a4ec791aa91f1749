/**
 * Who may write to whom (seed 001, "Hvem kan skrive til hvem?"). Authorities write to citizens,
 * companies and other authorities (an authority receives as a company). Citizens and companies write
 * to an authority's contact point, and reply to what they received. Pure; every door asks it.
 */

export type PartyKind = 'citizen' | 'company' | 'authority';

export interface WritingCase {
  sender: PartyKind;
  recipient: PartyKind;
  /** the message is addressed to one of the recipient's contact points */
  toContactPoint: boolean;
  /** the message answers one the sender received from this recipient */
  reply: boolean;
}

export type WritingVerdict =
  | { ok: true }
  | { ok: false; code: 'SENDER_KIND_NOT_ALLOWED'; message: string };

const NAMES: Record<PartyKind, string> = { citizen: 'a citizen', company: 'a company', authority: 'an authority' };

export function mayWrite(c: WritingCase): WritingVerdict {
  if (c.sender === 'authority' || c.reply) return { ok: true };
  if (c.recipient === 'authority') {
    if (c.toContactPoint) return { ok: true };
    return {
      ok: false, code: 'SENDER_KIND_NOT_ALLOWED',
      message: `${capitalise(NAMES[c.sender])} writes to an authority at one of its contact points, or replies to a letter from it.`,
    };
  }
  return {
    ok: false, code: 'SENDER_KIND_NOT_ALLOWED',
    message: `${capitalise(NAMES[c.sender])} may not write to ${NAMES[c.recipient]}; only authorities send letters to citizens and companies.`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
