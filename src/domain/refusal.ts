/**
 * How a request can be refused, in the domain's words; `src/api` alone turns a kind into an HTTP
 * status. `not-allowed`: the rules do not let this happen (422); `forbidden`: this party may not do
 * it (403); `not-found`: nothing the party may see has this id (404).
 */
export type RefusalKind =
  | 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'too-large' | 'not-allowed' | 'too-many-attempts';

/** A refusal with a stable machine code and a human sentence; services throw it, nothing is stored. */
export class Refusal extends Error {
  constructor(readonly kind: RefusalKind, readonly code: string, message: string, readonly details?: readonly unknown[]) {
    super(message);
    this.name = 'Refusal';
  }
}
