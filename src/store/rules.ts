import { sql } from 'kysely';
import type { LetterFacts, Rule, RuleAction, RuleBody } from '../domain/index.ts';
import type { Executor } from './executor.ts';
import type { RuleOrigin } from './schema.ts';

// The rules of a mailbox (docs/rules.md) and what running them again leaves: runs with their folder
// moves, which can be undone.

/** A stored rule as the engine takes it, with where it came from and who changed it last. */
export interface StoredRule extends Rule {
  mailboxId: string;
  origin: RuleOrigin;
  updatedAt: Date;
  updatedBy: string;
}

const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

function ruleOf(row: {
  id: string; mailbox_id: string; name: string; position: number; enabled: boolean; stop_here: boolean; conditions: unknown; actions: unknown;
  origin: RuleOrigin; updated_at: Date; updated_by: string;
}): StoredRule {
  return {
    id: row.id, mailboxId: row.mailbox_id, name: row.name, position: row.position, enabled: row.enabled, stopHere: row.stop_here,
    conditions: parsed<Rule['conditions']>(row.conditions), actions: parsed<Rule['actions']>(row.actions),
    origin: row.origin, updatedAt: row.updated_at, updatedBy: row.updated_by,
  };
}

const RULE_COLUMNS = ['id', 'mailbox_id', 'name', 'position', 'enabled', 'stop_here', 'conditions', 'actions', 'origin', 'updated_at', 'updated_by'] as const;

/** The enabled rules of these mailboxes, each mailbox's in run order (what delivery runs). */
export async function enabledRulesOf(db: Executor, mailboxIds: readonly string[]): Promise<Map<string, StoredRule[]>> {
  const byMailbox = new Map<string, StoredRule[]>();
  if (mailboxIds.length === 0) return byMailbox;
  const rows = await db.selectFrom('rule').select(RULE_COLUMNS)
    .where('mailbox_id', 'in', [...new Set(mailboxIds)]).where('enabled', '=', true).orderBy('position').orderBy('id').execute();
  for (const row of rows) {
    const list = byMailbox.get(row.mailbox_id) ?? [];
    list.push(ruleOf(row));
    byMailbox.set(row.mailbox_id, list);
  }
  return byMailbox;
}

/** Every rule of the mailbox in run order; the rows locked when `forUpdate` (changes to the order). */
export async function rulesOfMailbox(db: Executor, mailboxId: string, forUpdate = false): Promise<StoredRule[]> {
  let query = db.selectFrom('rule').select(RULE_COLUMNS).where('mailbox_id', '=', mailboxId).orderBy('position').orderBy('id');
  if (forUpdate) query = query.forUpdate();
  return (await query.execute()).map(ruleOf);
}

export interface RuleWrite extends RuleBody { position: number }

const columnsOf = (rule: RuleWrite) => ({
  name: rule.name, position: rule.position, enabled: rule.enabled, stop_here: rule.stopHere,
  conditions: JSON.stringify(rule.conditions), actions: JSON.stringify(rule.actions),
});

export async function insertRule(trx: Executor, mailboxId: string, organisationId: string, rule: RuleWrite, actor: string, origin: RuleOrigin = 'rules'): Promise<string> {
  return (await trx.insertInto('rule').values({
    ...columnsOf(rule), mailbox_id: mailboxId, organisation_id: organisationId, origin, created_by: actor, updated_by: actor,
  }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRule(trx: Executor, ruleId: string, rule: RuleWrite, actor: string): Promise<void> {
  await trx.updateTable('rule').set({ ...columnsOf(rule), updated_at: new Date(), updated_by: actor }).where('id', '=', ruleId).execute();
}

export async function deleteRules(trx: Executor, ruleIds: readonly string[]): Promise<void> {
  if (ruleIds.length === 0) return;
  await trx.deleteFrom('rule').where('id', 'in', [...ruleIds]).execute();
}

/** Gives the rules these positions (10, 20, …) in the order given. */
export async function setRulePositions(trx: Executor, ruleIds: readonly string[], actor: string): Promise<void> {
  if (ruleIds.length === 0) return;
  await sql`update rule set position = o.n * 10, updated_at = now(), updated_by = ${actor}
    from unnest(${[...ruleIds]}::uuid[]) with ordinality as o (id, n) where rule.id = o.id and rule.position <> o.n * 10`.execute(trx);
}

export async function disableRules(trx: Executor, ruleIds: readonly string[], actor: string): Promise<void> {
  if (ruleIds.length === 0) return;
  await trx.updateTable('rule').set({ enabled: false, updated_at: new Date(), updated_by: actor }).where('id', 'in', [...ruleIds]).execute();
}

/** The rules of the mailbox whose actions name this folder (a folder in use cannot go). */
export async function rulesFilingInto(db: Executor, mailboxId: string, folderIds: readonly string[]): Promise<Array<{ id: string; name: string }>> {
  if (folderIds.length === 0) return [];
  const rules = await rulesOfMailbox(db, mailboxId);
  return rules.filter((r) => r.actions.some((a: RuleAction) => a.kind === 'file' && folderIds.includes(a.folderId))).map((r) => ({ id: r.id, name: r.name }));
}

// --- letters the rules are tried on ------------------------------------------------------------

/** A letter received in the mailbox, with what the rules saw of it (null when accepted before 010). */
export interface ReceivedLetter {
  id: string;
  label: string;
  senderLabel: string;
  receivedAt: Date;
  folderId: string;
  facts: LetterFacts | null;
}

/** The last `limit` letters the mailbox received that are in Indbakke or an own folder (or in `folderId`), newest first. */
export async function lastReceivedLetters(db: Executor, mailboxId: string, limit: number, folderId?: string): Promise<ReceivedLetter[]> {
  const rows = await db.selectFrom('message_state').innerJoin('message', 'message.id', 'message_state.message_id')
    .innerJoin('folder', 'folder.id', 'message_state.folder_id')
    .select(['message.id', 'message.label', 'message.sender_label', 'message.received_at', 'message_state.folder_id', 'message.facts'])
    .where('message_state.mailbox_id', '=', mailboxId).where('message.recipient_mailbox_id', '=', mailboxId)
    .where((eb) => (folderId === undefined ? eb('folder.kind', 'in', ['INBOX', 'USER']) : eb('folder.id', '=', folderId)))
    .orderBy('message.received_at', 'desc').orderBy('message.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, label: r.label, senderLabel: r.sender_label, receivedAt: r.received_at, folderId: r.folder_id,
    facts: r.facts === null ? null : parsed<LetterFacts>(r.facts),
  }));
}

/** Keeps what the rules saw of these letters, in one statement. */
export async function saveFacts(trx: Executor, facts: ReadonlyArray<{ messageId: string; facts: LetterFacts }>): Promise<void> {
  if (facts.length === 0) return;
  await sql`update message set facts = f.facts::jsonb
    from unnest(${facts.map((f) => f.messageId)}::uuid[], ${facts.map((f) => JSON.stringify(f.facts))}::text[]) as f (id, facts)
    where message.id = f.id`.execute(trx);
}

// --- runs --------------------------------------------------------------------------------------

/**
 * Moves letters of the mailbox between folders as a run; only letters still in the folder the move
 * expects move. Returns the run's id and the moves made.
 */
export async function recordRuleRun(
  trx: Executor, mailboxId: string, moves: ReadonlyArray<{ messageId: string; fromFolderId: string; toFolderId: string }>, actor: string,
): Promise<{ runId: string; moved: Array<{ messageId: string; fromFolderId: string; toFolderId: string }> }> {
  const moved = moves.length === 0 ? [] : (await sql<{ message_id: string; from_folder_id: string; to_folder_id: string }>`
    update message_state s set folder_id = m.to_id
    from unnest(${moves.map((m) => m.messageId)}::uuid[], ${moves.map((m) => m.fromFolderId)}::uuid[], ${moves.map((m) => m.toFolderId)}::uuid[]) as m (message_id, from_id, to_id)
    where s.mailbox_id = ${mailboxId} and s.message_id = m.message_id and s.folder_id = m.from_id
    returning s.message_id, m.from_id as from_folder_id, m.to_id as to_folder_id`.execute(trx)).rows
    .map((r) => ({ messageId: r.message_id, fromFolderId: r.from_folder_id, toFolderId: r.to_folder_id }));
  const { id } = await trx.insertInto('rule_run').values({ mailbox_id: mailboxId, moved: moved.length, created_by: actor }).returning('id').executeTakeFirstOrThrow();
  if (moved.length > 0) {
    await trx.insertInto('rule_run_move').values(moved.map((m) => ({ run_id: id, message_id: m.messageId, from_folder_id: m.fromFolderId, to_folder_id: m.toFolderId }))).execute();
  }
  return { runId: id, moved };
}

/** A run of the mailbox, locked; undefined when there is none with this id. */
export async function lockRuleRun(trx: Executor, mailboxId: string, runId: string) {
  return trx.selectFrom('rule_run').selectAll().where('id', '=', runId).where('mailbox_id', '=', mailboxId).forUpdate().executeTakeFirst();
}

/** The mailbox's latest runs, newest first. */
export async function ruleRunsOf(db: Executor, mailboxId: string, limit = 20) {
  return db.selectFrom('rule_run').selectAll().where('mailbox_id', '=', mailboxId).orderBy('created_at', 'desc').limit(limit).execute();
}

/**
 * Moves the run's letters back to where they were, those still in the folder the run put them in
 * (a letter moved since stays where its reader put it). Returns the letters moved back.
 */
export async function undoRuleRun(trx: Executor, mailboxId: string, runId: string, actor: string): Promise<Array<{ messageId: string; fromFolderId: string; toFolderId: string }>> {
  const rows = (await sql<{ message_id: string; from_folder_id: string; to_folder_id: string }>`
    update message_state s set folder_id = m.from_folder_id
    from rule_run_move m
    join folder f on f.id = m.from_folder_id
    where m.run_id = ${runId} and s.mailbox_id = ${mailboxId} and s.message_id = m.message_id and s.folder_id = m.to_folder_id
    returning s.message_id, m.to_folder_id as from_folder_id, m.from_folder_id as to_folder_id`.execute(trx)).rows;
  await trx.updateTable('rule_run').set({ undone_at: new Date(), undone_by: actor }).where('id', '=', runId).execute();
  return rows.map((r) => ({ messageId: r.message_id, fromFolderId: r.from_folder_id, toFolderId: r.to_folder_id }));
}


/** Letters without facts (accepted before 010), with what their facts are made of besides the document. */
export async function lettersWithoutFacts(db: Executor, messageIds: readonly string[]) {
  if (messageIds.length === 0) return [];
  return db.selectFrom('message')
    .leftJoin('organisation', 'organisation.id', 'message.sender_organisation_id')
    .leftJoin('material', 'material.id', 'message.material_id')
    .leftJoin('subscription_group', 'subscription_group.id', 'message.subscription_group_id')
    .select(['message.id', 'message.document_text', 'message.blob_refs', 'message.sender_organisation_id', 'organisation.cvr as sender_cvr',
      'material.code as material_code', 'subscription_group.name as subscription_group_name'])
    .where('message.id', 'in', [...messageIds]).where('message.facts', 'is', null).execute();
}

/** The letter's routing columns and facts, locked for its release. */
export async function arrivingLetter(trx: Executor, messageId: string) {
  return trx.selectFrom('message')
    .select(['id', 'recipient_mailbox_id', 'sender_mailbox_id', 'sender_organisation_id', 'material_id', 'subscription_group_id', 'available_at', 'facts'])
    .where('id', '=', messageId).forUpdate().executeTakeFirst();
}

/** Where the secure-mail page's rules stand: before every other rule (they forward and never stop). */
export const FORWARDING_RULES_POSITION = -10_000;

/** Replaces the mailbox's rules of origin 'forwarding' (the secure-mail page's scope and rules) with these. */
export async function replaceForwardingRules(trx: Executor, mailboxId: string, organisationId: string, rules: readonly RuleBody[], actor: string): Promise<void> {
  await trx.deleteFrom('rule').where('mailbox_id', '=', mailboxId).where('origin', '=', 'forwarding').execute();
  if (rules.length === 0) return;
  await trx.insertInto('rule').values(rules.map((rule, i) => ({
    ...columnsOf({ ...rule, position: FORWARDING_RULES_POSITION + i }), mailbox_id: mailboxId, organisation_id: organisationId, origin: 'forwarding' as const,
    created_by: actor, updated_by: actor,
  }))).execute();
}

/** Which of these folders exist in the mailbox given with each, as `mailboxId:folderId`; locked against deletion until the transaction ends. */
export async function existingFolders(db: Executor, wanted: ReadonlyArray<{ mailboxId: string; folderId: string }>): Promise<Set<string>> {
  if (wanted.length === 0) return new Set();
  const rows = await db.selectFrom('folder').select(['id', 'mailbox_id']).where('id', 'in', [...new Set(wanted.map((w) => w.folderId))]).forShare().execute();
  return new Set(rows.map((r) => `${r.mailbox_id}:${r.id}`));
}
