import { parseCpr, parseCvr, parsePNumber } from './identifiers.ts';
import type { PartyKind } from './writing.ts';

export type RecipientIdType = 'CPR' | 'CVR';

/** What the registry knows about a recipient, as the store found it. */
export type RegistryEntry =
  | { kind: 'citizen'; status: 'registered' | 'exempt' | 'closed'; mailboxId: string | null; name: string }
  | { kind: 'company' | 'authority'; status: 'active' | 'closed'; mailboxId: string | null; pNumbers: readonly string[]; name: string; organisationId: string };

export type NotAllowedCode =
  | 'RECIPIENT_ID_INVALID'
  | 'RECIPIENT_ID_TYPE_UNSUPPORTED'
  | 'RECIPIENT_UNKNOWN'
  | 'RECIPIENT_EXEMPT'
  | 'RECIPIENT_CLOSED'
  | 'P_NUMBER_NOT_OF_RECIPIENT'
  | 'SENDER_NOT_ALLOWED';

export type AddressDecision =
  | { ok: true; mailboxId: string; kind: PartyKind; name: string; organisationId: string | null; pNumber: string | null }
  | { ok: false; code: NotAllowedCode; message: string };

type Refused = Extract<AddressDecision, { ok: false }>;

export interface RecipientAddress {
  idType: string;
  id: string;
  pNumber?: string | undefined;
}

/** Checks the recipient's id before the registry is asked; undefined when it may be looked up. */
function checkRecipientId(address: RecipientAddress): Refused | undefined {
  if (address.idType !== 'CPR' && address.idType !== 'CVR') {
    return { ok: false, code: 'RECIPIENT_ID_TYPE_UNSUPPORTED', message: `Recipient idType must be CPR or CVR, not "${address.idType}".` };
  }
  const valid = address.idType === 'CPR' ? parseCpr(address.id) : parseCvr(address.id);
  if (!valid) return { ok: false, code: 'RECIPIENT_ID_INVALID', message: `Recipient ${address.idType} number is not well-formed.` };
  if (address.pNumber !== undefined && address.idType === 'CVR' && !parsePNumber(address.pNumber)) {
    return { ok: false, code: 'P_NUMBER_NOT_OF_RECIPIENT', message: 'A production unit (P-number) is ten digits.' };
  }
  return undefined;
}

/**
 * Decides which mailbox a message goes to, or why it may not be delivered digitally. Attention data
 * is the recipient's routing metadata: a P-number routes inside a company and must be one of its
 * units; for a citizen it does not apply, so it is kept with the letter and does not count here.
 */
export function decideRecipient(address: RecipientAddress, entry: RegistryEntry | undefined): AddressDecision {
  const early = checkRecipientId(address);
  if (early) return early;
  if (!entry || entry.mailboxId === null) {
    return { ok: false, code: 'RECIPIENT_UNKNOWN', message: `No Digital Post mailbox exists for this ${address.idType} recipient.` };
  }
  if (entry.status === 'closed') return { ok: false, code: 'RECIPIENT_CLOSED', message: 'The recipient\'s mailbox is closed.' };
  if (entry.kind === 'citizen' && entry.status === 'exempt') {
    return { ok: false, code: 'RECIPIENT_EXEMPT', message: 'The recipient is exempt from Digital Post and receives physical post.' };
  }
  if (entry.kind === 'citizen') return { ok: true, mailboxId: entry.mailboxId, kind: 'citizen', name: entry.name, organisationId: null, pNumber: null };
  if (address.pNumber !== undefined && !entry.pNumbers.includes(address.pNumber)) {
    return { ok: false, code: 'P_NUMBER_NOT_OF_RECIPIENT', message: 'The P-number in the attention data is not a production unit of the recipient.' };
  }
  return { ok: true, mailboxId: entry.mailboxId, kind: entry.kind, name: entry.name, organisationId: entry.organisationId, pNumber: address.pNumber ?? null };
}

/** A sender system may send only as its own organisation. */
export function checkSender(sender: { idType: string; id: string }, organisationCvr: string): Refused | undefined {
  if (sender.idType !== 'CVR' || sender.id !== organisationCvr) {
    return { ok: false, code: 'SENDER_NOT_ALLOWED', message: 'Sender senderID must be the CVR number of the organisation the sending system belongs to.' };
  }
  return undefined;
}
