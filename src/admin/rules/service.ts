import { isDeepStrictEqual } from 'node:util';
import type { RuleApplyResult, RuleInput, RuleList, RuleOrder, RulePreview, RuleUndoResult, RuleView } from '../../contract/index.ts';
import {
  applyRules, parseUuid, Refusal, ruleMatches, validateRule, type LetterFacts, type Principal, type Rule, type RuleBody, type RuleDraft,
} from '../../domain/index.ts';
import { backfillFacts } from '../../delivery/index.ts';
import {
  appendEvents, deleteRules, insertRule, lastReceivedLetters, lockOrganisation, lockRuleRun, recordRuleRun, ruleRunsOf, rulesOfMailbox,
  setRulePositions, standardFolderId, undoRuleRun, updateRule, type Executor, type NewEvent, type ReceivedLetter, type StoredRule,
} from '../../store/index.ts';
import { actorOf, requireRole } from '../access.ts';
import { ruleValues } from '../audit/index.ts';
import type { AdminContext } from '../context.ts';
import { ruleViews, ruleWorld, seenInLetters } from './views.ts';

/**
 * A mailbox's rules (docs/rules.md), for the organisation's administrators (action `rules`): listed
 * in the order they run, written and changed in an extended mailbox (a standard one has no sorting:
 * there only the secure-mail page's rules run), tried on the last letters before saving, re-applied to
 * the letters in Indbakke as a run that can be undone. Every change is an event; a rule that names a
 * folder, system, person or address the organisation does not have is refused with the engine's code.
 */

/** How many of the last letters a draft is tried on, and how many Indbakke letters one run re-applies to. */
export const PREVIEW_LETTERS = 1_000;
export const APPLY_LETTERS = 10_000;

const ruleNotFound = () => new Refusal('not-found', 'RULE_NOT_FOUND', 'The mailbox has no rule with this id.');
const runNotFound = () => new Refusal('not-found', 'RULE_RUN_NOT_FOUND', 'The mailbox has no run of its rules with this id.');

function requireRules(principal: Principal, organisationId: string) {
  return requireRole(principal, organisationId, 'rules');
}

function requireExtended(membership: { level: string }): void {
  if (membership.level !== 'extended') {
    throw new Refusal('forbidden', 'EXTENDED_REQUIRED', 'Rules that sort, deliver and notify are part of an extended mailbox; a standard mailbox only forwards (the secure-mail page).');
  }
}

/** The rule checked against the organisation's things; refused with the first problem's code and all problems as details. */
async function checked(db: Executor, organisationId: string, mailboxId: string, input: RuleInput | RuleDraft): Promise<RuleBody> {
  const world = await ruleWorld(db, organisationId, mailboxId);
  const verdict = validateRule(input as RuleDraft, {
    organisationId,
    folderIds: world.choices.folders.map((f) => f.id),
    systems: world.choices.systems.map((s) => ({ id: s.id, organisationId })),
    userIds: world.choices.people.map((p) => p.userId),
    confirmedAddresses: world.choices.addresses,
    forwardingSetUp: world.choices.forwardingSetUp,
  });
  if (!verdict.ok) {
    const [first] = verdict.problems;
    throw new Refusal('invalid', first!.code, `${first!.path ? `${first!.path}: ` : ''}${first!.message}`, verdict.problems);
  }
  return verdict.rule;
}

async function ownRule(trx: Executor, mailboxId: string, ruleId: string): Promise<StoredRule> {
  const id = parseUuid(ruleId);
  const rule = id === undefined ? undefined : (await rulesOfMailbox(trx, mailboxId, true)).find((r) => r.id === id);
  if (!rule) throw ruleNotFound();
  if (rule.origin === 'forwarding') {
    throw new Refusal('conflict', 'RULE_MANAGED_BY_SECURE_MAIL', 'This rule is the secure-mail page\'s forwarding; change it there.');
  }
  return rule;
}

async function viewOf(ctx: AdminContext, organisationId: string, mailboxId: string, ruleId: string): Promise<RuleView> {
  const [rules, world] = await Promise.all([rulesOfMailbox(ctx.db, mailboxId), ruleWorld(ctx.db, organisationId, mailboxId)]);
  return (await ruleViews(ctx.db, rules.filter((r) => r.id === ruleId), world.names))[0]!;
}

/** The letters' facts; those accepted before rules kept facts get them from their documents, once. */
async function withFacts(db: Executor, letters: ReceivedLetter[]): Promise<Array<ReceivedLetter & { facts: LetterFacts }>> {
  const missing = letters.filter((l) => l.facts === null).map((l) => l.id);
  const made = missing.length > 0 ? await backfillFacts(db, missing) : new Map<string, LetterFacts>();
  return letters.flatMap((l) => {
    const facts = l.facts ?? made.get(l.id);
    return facts ? [{ ...l, facts }] : [];
  });
}

export async function listRules(ctx: AdminContext, principal: Principal, organisationId: string): Promise<RuleList> {
  const { mailboxId, level } = requireRules(principal, organisationId);
  const [rules, world, runs, letters] = await Promise.all([
    rulesOfMailbox(ctx.db, mailboxId), ruleWorld(ctx.db, organisationId, mailboxId), ruleRunsOf(ctx.db, mailboxId), lastReceivedLetters(ctx.db, mailboxId, PREVIEW_LETTERS),
  ]);
  return {
    rules: await ruleViews(ctx.db, rules, world.names),
    editable: level === 'extended',
    choices: { ...world.choices, ...seenInLetters(letters) },
    runs: runs.map((r) => ({
      id: r.id, moved: r.moved, createdAt: r.created_at.toISOString(), createdBy: r.created_by, undoneAt: r.undone_at?.toISOString() ?? null,
    })),
  };
}

export async function createRule(ctx: AdminContext, principal: Principal, organisationId: string, input: RuleInput): Promise<RuleView> {
  const membership = requireRules(principal, organisationId);
  requireExtended(membership);
  const { mailboxId } = membership;
  const rule = await checked(ctx.db, organisationId, mailboxId, input);
  const actor = actorOf(principal);
  const id = await ctx.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx, organisationId);
    const existing = await rulesOfMailbox(trx, mailboxId);
    const last = existing.reduce((max, r) => Math.max(max, r.position), 0);
    const ruleId = await insertRule(trx, mailboxId, organisationId, { ...rule, position: last + 10 }, actor);
    await appendEvents(trx, ctx.eventChains, [{ type: 'RULE_CREATED', actor, mailboxId, data: { ruleId, organisationId, name: rule.name, enabled: rule.enabled, after: ruleValues(rule) } }]);
    return ruleId;
  });
  return viewOf(ctx, organisationId, mailboxId, id);
}

/** Which parts of a rule differ (for the event: never the values, which may hold a CPR number). */
function changedParts(before: RuleBody, after: RuleBody): string[] {
  const parts: Array<keyof RuleBody> = ['name', 'enabled', 'stopHere', 'conditions', 'actions'];
  return parts.filter((p) => !isDeepStrictEqual(before[p], after[p]));
}

export async function changeRule(ctx: AdminContext, principal: Principal, organisationId: string, ruleId: string, input: RuleInput): Promise<RuleView> {
  const membership = requireRules(principal, organisationId);
  const { mailboxId } = membership;
  const rule = await checked(ctx.db, organisationId, mailboxId, input);
  const actor = actorOf(principal);
  const id = await ctx.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx, organisationId);
    const existing = await ownRule(trx, mailboxId, ruleId);
    // in a standard mailbox a rule can only be switched off (what was kept when the level changed)
    if (membership.level !== 'extended' && (rule.enabled || changedParts(existing, rule).some((p) => p !== 'enabled'))) requireExtended(membership);
    const changed = changedParts(existing, rule);
    if (changed.length === 0) return existing.id;
    await updateRule(trx, existing.id, { ...rule, position: existing.position }, actor);
    await appendEvents(trx, ctx.eventChains, [{ type: 'RULE_CHANGED', actor, mailboxId, data: {
      ruleId: existing.id, organisationId, name: rule.name, changed, before: ruleValues(existing, changed), after: ruleValues(rule, changed),
    } }]);
    return existing.id;
  });
  return viewOf(ctx, organisationId, mailboxId, id);
}

export async function deleteRule(ctx: AdminContext, principal: Principal, organisationId: string, ruleId: string): Promise<void> {
  const { mailboxId } = requireRules(principal, organisationId);
  const actor = actorOf(principal);
  await ctx.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx, organisationId);
    const rule = await ownRule(trx, mailboxId, ruleId);
    await deleteRules(trx, [rule.id]);
    await appendEvents(trx, ctx.eventChains, [{ type: 'RULE_DELETED', actor, mailboxId, data: { ruleId: rule.id, organisationId, name: rule.name, before: ruleValues(rule) } }]);
  });
}

/** Puts the mailbox's rules in this order: every rule of the rules page, each once (the secure-mail page's stay first). */
export async function orderRules(ctx: AdminContext, principal: Principal, organisationId: string, input: RuleOrder): Promise<RuleList> {
  const membership = requireRules(principal, organisationId);
  requireExtended(membership);
  const { mailboxId } = membership;
  const actor = actorOf(principal);
  await ctx.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx, organisationId);
    const own = (await rulesOfMailbox(trx, mailboxId, true)).filter((r) => r.origin === 'rules');
    const wanted = input.ruleIds.map((id) => id.toLowerCase());
    const same = wanted.length === own.length && new Set(wanted).size === wanted.length && own.every((r) => wanted.includes(r.id));
    if (!same) throw new Refusal('invalid', 'RULE_ORDER_INVALID', 'Give every rule of the mailbox once, in the order they are to run.');
    if (own.every((r, i) => r.id === wanted[i])) return;
    await setRulePositions(trx, wanted, actor);
    await appendEvents(trx, ctx.eventChains, [{ type: 'RULES_REORDERED', actor, mailboxId, data: { organisationId, ruleIds: wanted } }]);
  });
  return listRules(ctx, principal, organisationId);
}

/** The enabled rules with the draft in its place (a changed rule's, else last). */
function withDraft(rules: readonly StoredRule[], draft: RuleBody, ruleId: string | undefined): Rule[] {
  const id = ruleId ?? 'draft';
  const replaced = rules.find((r) => r.id === ruleId);
  const position = replaced?.position ?? rules.reduce((max, r) => Math.max(max, r.position), 0) + 10;
  return [...rules.filter((r) => r.id !== ruleId), { ...draft, enabled: true, id, position }];
}

/**
 * Tries a draft on the mailbox's last 1,000 letters in Indbakke and own folders: which it matches,
 * and what the rules with it would have done to each (folder, systems, notifying, forwarding,
 * marking). No letter is changed and nothing is logged (a letter from before rules kept facts keeps
 * those read for it now).
 */
export async function previewRule(ctx: AdminContext, principal: Principal, organisationId: string, input: { rule: RuleInput; ruleId?: string | undefined }): Promise<RulePreview> {
  const { mailboxId } = requireRules(principal, organisationId);
  const draft = await checked(ctx.db, organisationId, mailboxId, input.rule);
  const ruleId = input.ruleId === undefined ? undefined : parseUuid(input.ruleId);
  const [rules, letters, inbox] = await Promise.all([
    rulesOfMailbox(ctx.db, mailboxId), lastReceivedLetters(ctx.db, mailboxId, PREVIEW_LETTERS), standardFolderId(ctx.db, mailboxId, 'INBOX'),
  ]);
  if (input.ruleId !== undefined && !rules.some((r) => r.id === ruleId)) throw ruleNotFound();
  const all = withDraft(rules.filter((r) => r.enabled), draft, ruleId);
  const draftId = ruleId ?? 'draft';
  const tried = await withFacts(ctx.db, letters);
  const matched = tried.filter((l) => ruleMatches(draft, l.facts));
  return {
    tried: tried.length,
    matched: matched.length,
    letters: matched.slice(0, 200).map((l) => {
      const outcome = applyRules(all, l.facts);
      return {
        messageId: l.id, label: l.label, sender: l.senderLabel, receivedAt: l.receivedAt.toISOString(), folderId: l.folderId,
        wouldFolderId: outcome.folder?.folderId ?? inbox, systems: outcome.systems, notify: outcome.notify.userIds.length + outcome.notify.addresses.length,
        forward: outcome.forward, mark: outcome.mark, stoppedBefore: !outcome.matched.includes(draftId),
      };
    }),
  };
}

/**
 * Runs the enabled rules again over the letters in Indbakke (the newest 10,000) and files those a rule
 * files elsewhere. Without `confirm` it only counts them. The moves are one run, which `undoRuleRun`
 * takes back. Only filing is re-applied: letters are not delivered, forwarded or notified again.
 */
export async function reapplyRules(ctx: AdminContext, principal: Principal, organisationId: string, confirm: boolean): Promise<RuleApplyResult> {
  const membership = requireRules(principal, organisationId);
  requireExtended(membership);
  const { mailboxId } = membership;
  const actor = actorOf(principal);
  return ctx.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx, organisationId);
    const inbox = await standardFolderId(trx, mailboxId, 'INBOX');
    const rules = (await rulesOfMailbox(trx, mailboxId)).filter((r) => r.enabled);
    const letters = (await lastReceivedLetters(trx, mailboxId, APPLY_LETTERS, inbox));
    const tried = await withFacts(trx, letters);
    const moves = tried.flatMap((l) => {
      const target = applyRules(rules, l.facts).folder?.folderId;
      return target !== undefined && target !== l.folderId ? [{ messageId: l.id, fromFolderId: l.folderId, toFolderId: target }] : [];
    });
    if (!confirm) return { tried: tried.length, moved: moves.length, runId: null };
    const run = await recordRuleRun(trx, mailboxId, moves, actor);
    const events: NewEvent[] = [
      { type: 'RULES_REAPPLIED', actor, mailboxId, data: { organisationId, runId: run.runId, tried: tried.length, moved: run.moved.length } },
      ...run.moved.map((m): NewEvent => ({
        type: 'MESSAGE_MOVED', actor, messageId: m.messageId, mailboxId, data: { fromFolderId: m.fromFolderId, toFolderId: m.toFolderId, reason: 'RULES_REAPPLIED', runId: run.runId },
      })),
    ];
    await appendEvents(trx, ctx.eventChains, events);
    return { tried: tried.length, moved: run.moved.length, runId: run.runId };
  });
}

/** Moves a run's letters back where they were, those still where the run put them. A run is undone once. */
export async function undoRuleRunOf(ctx: AdminContext, principal: Principal, organisationId: string, runId: string): Promise<RuleUndoResult> {
  const { mailboxId } = requireRules(principal, organisationId);
  const actor = actorOf(principal);
  const id = parseUuid(runId);
  if (id === undefined) throw runNotFound();
  return ctx.db.transaction().execute(async (trx) => {
    const run = await lockRuleRun(trx, mailboxId, id);
    if (!run) throw runNotFound();
    if (run.undone_at !== null) throw new Refusal('conflict', 'RULE_RUN_UNDONE', 'This run was undone already.');
    const back = await undoRuleRun(trx, mailboxId, id, actor);
    await appendEvents(trx, ctx.eventChains, [
      { type: 'RULE_RUN_UNDONE', actor, mailboxId, data: { organisationId, runId: id, movedBack: back.length } },
      ...back.map((m): NewEvent => ({
        type: 'MESSAGE_MOVED', actor, messageId: m.messageId, mailboxId, data: { fromFolderId: m.fromFolderId, toFolderId: m.toFolderId, reason: 'RULE_RUN_UNDONE', runId: id },
      })),
    ]);
    return { movedBack: back.length };
  });
}
