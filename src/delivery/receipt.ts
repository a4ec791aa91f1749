import type { Receipt } from '../contract/index.ts';
import type { RefusalKind } from '../domain/index.ts';

/** The technical receipt of a send, shaped as NgDP's `Receipt`: declared in the wire contract (src/contract/v1.ts). */
export type { Receipt, ReceiptStatus } from '../contract/index.ts';

/**
 * Why a send was refused, as the caller must understand it: `invalid` (the document), `conflict`
 * (its UUID was used for another document), `forbidden` (this sender may not send this),
 * `not-allowed` (the recipient cannot get it). Nothing of a refused send is stored but its event and,
 * for a system's send, its codes in the sender's error view (src/delivery/refuse.ts, docs/monitoring.md).
 */
export type SendRefusal = Extract<RefusalKind, 'invalid' | 'conflict' | 'forbidden' | 'not-allowed'>;

export type SendOutcome =
  | { result: 'accepted'; messageId: string; receipt: Receipt }
  /** the same document from the same sender again: the original receipt, nothing new stored */
  | { result: 'resent'; messageId: string; receipt: Receipt }
  | { result: 'refused'; refusal: SendRefusal; receipt: Receipt };
