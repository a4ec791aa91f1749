import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor } from './executor.ts';

/** Event types, named as in NgDP's event log where one exists there. */
export type EventType =
  | 'MEMO_SEND_RECEIVED'
  | 'MEMO_SEND_VALIDATED'
  | 'MEMO_SEND_VALIDATION_FAILED'
  | 'MEMO_SEND_NOT_ALLOWED'
  | 'DELAYED_MEMO_SEND_VALIDATED_AWAITING_DELAY'
  | 'MEMO_AVAILABLE_TO_RECIPIENT'
  | 'RULE_CREATED'
  | 'RULE_CHANGED'
  | 'RULE_DELETED'
  | 'RULES_REORDERED'
  | 'RULES_REAPPLIED'
  | 'RULE_RUN_UNDONE'
  | 'RULE_DISABLED'
  | 'MEMO_SEND_READY_FOR_FETCH'
  | 'MEMO_SEND_FETCHED_BY_RECIPIENT_SYSTEM'
  | 'MEMO_SEND_REMOVED_FROM_SYSTEM_QUEUE'
  | 'BUSINESS_RECEIPT_RECEIVED'
  | 'CPR_LOOKED_UP'
  | 'CVR_LOOKED_UP'
  // what people do in the portal (actor `user:<id>`)
  | 'MESSAGE_READ'
  | 'MESSAGE_MOVED'
  | 'MESSAGE_UPDATED'
  | 'FLAG_CHANGED'
  | 'MESSAGE_DELETED'
  | 'MESSAGE_SENT'
  | 'FOLDER_CREATED'
  | 'FOLDER_UPDATED'
  | 'FOLDER_DELETED'
  // is the mailbox emptied (docs/emptying.md): handled letters (actor `user:<id>`), folders' and systems' watches, alerts (actor `kuvert`)
  | 'MESSAGE_HANDLED'
  | 'MESSAGE_UNHANDLED'
  | 'FOLDER_WATCH_SET'
  | 'FOLDER_WATCH_REMOVED'
  | 'SYSTEM_WATCH_SET'
  | 'EMPTYING_ALERTS_RAISED'
  | 'SYSTEM_ALERT_RAISED'
  | 'SYSTEM_ALERT_CLEARED'
  // the secure e-mail gateway (actor `smtp`, `mail:<certificate>`, `kuvert` or `user:<id>`)
  | 'MAIL_RECEIVED'
  | 'MAIL_DELIVERED'
  | 'MAIL_REJECTED'
  | 'MAIL_DSN_SENT'
  | 'MEMO_FORWARDED_BY_EMAIL'
  | 'FORWARDING_FAILED'
  | 'FORWARDING_CONFIGURED'
  | 'FORWARDING_CONFIRMATION_SENT'
  | 'FORWARDING_CONFIRMATION_REQUESTED'
  | 'FORWARDING_CONFIRMED'
  | 'FORWARDING_PAUSED'
  | 'FORWARDING_DISABLED'
  | 'FORWARDING_RETRIED'
  | 'MAIL_CERTIFICATE_REGISTERED'
  | 'MAIL_CERTIFICATE_REMOVED'
  | 'CERTIFICATE_EXPIRY_WARNING'
  // systems administered by an operator (actor `cli` on the command line; docs/admin.md); never the secret
  | 'SYSTEM_CREATED'
  | 'SYSTEM_SECRET_ROTATED'
  | 'SYSTEM_DISABLED'
  // systems' client certificates (docs/certificates.md): fingerprint, subject and serial, never key material
  | 'SYSTEM_CERTIFICATE_REGISTERED'
  | 'SYSTEM_CERTIFICATE_REMOVED'
  // operator API keys (actor `cli`, or `kuvert` for a server's local key; docs/admin.md); never the secret
  | 'OPERATOR_KEY_CREATED'
  | 'OPERATOR_KEY_REVOKED'
  // the organisation's administration in the portal (actor `user:<id>`; docs/admin.md): mailbox, default sender, contact points
  | 'SYSTEM_DEFAULT_CHANGED'
  | 'MAILBOX_ACTIVATED'
  | 'MAILBOX_LEVEL_CHANGED'
  | 'CONTACT_POINT_CREATED'
  | 'CONTACT_POINT_CHANGED'
  | 'CONTACT_POINT_DEACTIVATED'
  | 'CONTACT_POINT_REACTIVATED'
  // an authority's materials and subscription groups (actor `user:<id>`; docs/admin.md)
  | 'SUBSCRIPTION_GROUP_CREATED'
  | 'SUBSCRIPTION_GROUP_CHANGED'
  | 'MATERIAL_CREATED'
  | 'MATERIAL_CHANGED'
  // the self-test, "Test om det virker" (docs/doctor.md): who ran it, how many checks, the red ones' codes
  | 'SELF_TEST_RUN'
  | 'SYSTEM_DEFAULT_MATERIAL_SET'
  // the registry import (actor `cli`; docs/admin.md): organisations by id and CVR, citizens by id, never a CPR number
  | 'REGISTRY_ORGANISATION_CREATED'
  | 'REGISTRY_ORGANISATION_CHANGED'
  | 'REGISTRY_ORGANISATION_CLOSED'
  | 'REGISTRY_CITIZEN_CREATED'
  | 'REGISTRY_CITIZEN_CHANGED'
  | 'REGISTRY_CITIZEN_CLOSED'
  // people and roles (actor `user:<id>`, `operator:<name>`, `cli`, `idp` or `demo`; docs/admin.md): ids, roles and folder ids, never an e-mail address or token
  | 'EMPLOYEE_USER_CREATED'
  | 'PROFILE_UPDATED'
  | 'EMAIL_CONFIRMATION_SENT'
  | 'EMAIL_CONFIRMED'
  | 'ACCESS_REQUESTED'
  | 'ACCESS_REQUEST_WITHDRAWN'
  | 'ACCESS_APPROVED'
  | 'ACCESS_REJECTED'
  | 'MEMBERSHIP_GRANTED'
  | 'MEMBERSHIP_CHANGED'
  | 'MEMBERSHIP_REVOKED'
  | 'FIRST_ADMINISTRATOR_FROM_IDP'
  | 'INVITATION_CREATED'
  | 'INVITATION_ACCEPTED'
  | 'INVITATION_REVOKED'
  // notifications of new mail (docs/notifications.md; actor `user:<id>`, `kuvert`, or `notification-link` for whoever holds a link in the mail): ids, never an e-mail address or token
  | 'NOTIFICATION_ADDRESS_ADDED'
  | 'NOTIFICATION_CONFIRMATION_SENT'
  | 'NOTIFICATION_ADDRESS_CONFIRMED'
  | 'NOTIFICATION_ADDRESS_REMOVED'
  | 'NOTIFICATION_RECIPIENTS_CHANGED'
  | 'NOTIFICATION_UNSUBSCRIBED'
  | 'NOTIFICATION_SENT'
  // failed and throttled authentication (actor `address:<client address>`; docs/security.md)
  | 'SYSTEM_AUTHENTICATION_FAILED'
  | 'OPERATOR_AUTHENTICATION_FAILED'
  | 'LOGIN_FAILED'
  | 'AUTHENTICATION_THROTTLED';

export interface NewEvent {
  type: EventType;
  /** who did it: `system:<id>`, `user:<id>`, `address:<client address>` (not authenticated), `cli` for an operator's command or `kuvert` for the platform itself */
  actor: string;
  messageId?: string | null;
  mailboxId?: string | null;
  /** never personal data such as CPR numbers or letter contents */
  data?: Record<string, unknown>;
}

/** What is hashed: the event without its place in the chain (the hash links give the order). */
export interface EventBody {
  type: EventType;
  at: string;
  actor: string;
  messageId: string | null;
  mailboxId: string | null;
  data: Record<string, unknown>;
}

export interface StoredEvent extends EventBody {
  chain: number;
  seq: number;
}


function genesis(chain: number): Buffer {
  return createHash('sha256').update(`kuvert-event-chain:${chain}`).digest();
}

export function chainHash(previous: Uint8Array, body: string): Buffer {
  return createHash('sha256').update(previous).update(body, 'utf8').digest();
}

function chainOf(key: string, chains: number): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % chains;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export async function ensureEventChains(db: Db, chains: number): Promise<void> {
  const rows = Array.from({ length: chains }, (_, chain) => ({ chain, seq: 0, head: genesis(chain) }));
  await db.insertInto('event_chain').values(rows).onConflict((oc) => oc.column('chain').doNothing()).execute();
}

/**
 * Appends events to the hash chains their message (or mailbox, or actor) picks, one SQL call
 * (`append_events`) per chain. Chain heads are locked in ascending order, so concurrent writers never
 * deadlock, and stay locked until the transaction ends: call this last in a transaction.
 */
export async function appendEvents(trx: Executor, chains: number, events: NewEvent[]): Promise<void> {
  const byChain = new Map<number, NewEvent[]>();
  for (const event of events) {
    const chain = chainOf(event.messageId ?? event.mailboxId ?? event.actor, chains);
    byChain.set(chain, [...(byChain.get(chain) ?? []), event]);
  }
  const at = new Date();
  for (const [chain, group] of [...byChain].sort(([a], [b]) => a - b)) {
    const bodies = group.map((event) => canonical({
      type: event.type,
      at: at.toISOString(),
      actor: event.actor,
      messageId: event.messageId ?? null,
      mailboxId: event.mailboxId ?? null,
      data: event.data ?? {},
    } satisfies EventBody));
    await sql`select append_events(${chain}, ${at}, ${group.map((e) => e.type)}::text[], ${group.map((e) => e.messageId ?? null)}::uuid[],
      ${group.map((e) => e.mailboxId ?? null)}::uuid[], ${bodies}::text[])`.execute(trx);
  }
}

export async function eventsOfMessage(db: Executor, messageId: string): Promise<StoredEvent[]> {
  const rows = await db.selectFrom('event').select(['chain', 'seq', 'body']).where('message_id', '=', messageId).orderBy('at').orderBy('seq').execute();
  return rows.map((r) => ({ ...(JSON.parse(r.body) as EventBody), chain: r.chain, seq: Number(r.seq) }));
}

export interface ChainProblem { chain: number; seq: number; problem: string }
export interface VerifyResult { ok: boolean; events: number; chains: number; problems: ChainProblem[] }

/** Recomputes every chain from its genesis; any edited, inserted, reordered or deleted event shows up. */
export async function verifyEvents(db: Db, pageSize = 2000): Promise<VerifyResult> {
  const heads = await db.selectFrom('event_chain').selectAll().orderBy('chain').execute();
  const problems: ChainProblem[] = [];
  let total = 0;
  for (const head of heads) {
    let expectedSeq = 1;
    let hash: Uint8Array = genesis(head.chain);
    for (;;) {
      const page = await db.selectFrom('event').selectAll()
        .where('chain', '=', head.chain).where('seq', '>=', expectedSeq)
        .orderBy('seq').limit(pageSize).execute();
      for (const row of page) {
        const seq = Number(row.seq);
        if (seq !== expectedSeq) {
          problems.push({ chain: head.chain, seq: expectedSeq, problem: `events ${expectedSeq}..${seq - 1} are missing` });
        }
        hash = chainHash(hash, row.body);
        if (!Buffer.from(row.hash).equals(hash)) problems.push({ chain: head.chain, seq, problem: 'hash does not match the chain (event edited or reordered)' });
        let body: EventBody | undefined;
        try { body = JSON.parse(row.body) as EventBody; } catch { problems.push({ chain: head.chain, seq, problem: 'body is not JSON' }); }
        if (body && (body.type !== row.type || body.messageId !== row.message_id
          || body.mailboxId !== row.mailbox_id || new Date(body.at).getTime() !== new Date(row.at).getTime())) {
          problems.push({ chain: head.chain, seq, problem: 'indexed columns differ from the hashed body' });
        }
        hash = Buffer.from(row.hash);
        expectedSeq = seq + 1;
        total += 1;
      }
      if (page.length < pageSize) break;
    }
    if (expectedSeq - 1 !== Number(head.seq)) {
      problems.push({ chain: head.chain, seq: expectedSeq, problem: `chain head says ${head.seq} events, found ${expectedSeq - 1} (events deleted at the end)` });
    } else if (!Buffer.from(head.head).equals(hash)) {
      problems.push({ chain: head.chain, seq: expectedSeq - 1, problem: 'chain head hash does not match the last event' });
    }
  }
  return { ok: problems.length === 0, events: total, chains: heads.length, problems };
}
