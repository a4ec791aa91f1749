import type { Db } from '../store/index.ts';

/** What administration services need: the store, the event chains, and the public address links in mails point to. */
export interface AdminContext {
  db: Db;
  eventChains: number;
  /** PUBLIC_URL, without a trailing slash */
  publicUrl: string;
}

/**
 * Who acts, as the event log and the access history name them: `user:<id>` (a person in the portal),
 * `operator:<key name>` (the operator API), `cli` (an operator command on the database), `idp` (the
 * identity provider's lead-administrator claim), `demo` (the demo seed).
 */
export type ActorName = `user:${string}` | `operator:${string}` | 'cli' | 'idp' | 'demo';
