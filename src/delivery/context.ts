import type { PartyKind } from '../domain/index.ts';
import type { Db, LetterMaterial } from '../store/index.ts';

/** What every delivery call needs: the store and the number of event chains. */
export interface SendContext {
  db: Db;
  eventChains: number;
}

/** Who sends: always a mailbox (its Sendt folder gets a copy), and the system or user acting for it. */
export interface Sender {
  mailboxId: string;
  organisationId: string | null;
  systemId: string | null;
  userId: string | null;
  /** `system:<id>`, `user:<id>` or `mail:<certificate id>`, as written in events */
  actor: string;
}

/** A sender whose kind of party the writing rules know. */
export interface Author extends Sender {
  kind: PartyKind;
}

/** Where an addressed message goes. */
export interface Delivery {
  recipientMailboxId: string;
  pNumber: string | null;
  /** the thread a reply continues; a new message starts its own */
  threadId?: string;
  recipientContactPointId?: string | null;
  /** the letter's material and its subscription group (src/delivery/material.ts) */
  material?: LetterMaterial | null;
}
