import type { ForwardingCondition, ForwardingRule } from '../forwarding-rules.ts';
import { MESSAGE_TYPES, type NonEmpty, type RuleCondition, type RuleDraft } from './types.ts';

export type ForwardingScope = 'all' | 'rules';

/** The name of the rule that stands for forwarding scope "all". */
export const FORWARD_ALL_NAME = 'Alle breve';

const ALL_LETTERS: RuleCondition = { field: 'messageType', op: 'oneOf', values: MESSAGE_TYPES as unknown as NonEmpty<(typeof MESSAGE_TYPES)[number]> };

function fromCondition(c: ForwardingCondition): RuleCondition {
  switch (c.field) {
    case 'pNumber': return { field: 'pNumber', op: 'equals', value: c.equals };
    case 'senderCvr': return { field: 'senderCvr', op: 'equals', value: c.equals };
    case 'attentionEmail': return { field: 'attentionEmail', op: 'equals', value: c.equals };
    case 'attentionPerson': return { field: 'attentionPerson', op: 'contains', value: c.contains };
  }
}

function toCondition(c: RuleCondition): ForwardingCondition | undefined {
  if (c.field === 'pNumber' && c.op === 'equals') return { field: 'pNumber', equals: c.value };
  if (c.field === 'senderCvr' && c.op === 'equals') return { field: 'senderCvr', equals: c.value };
  if (c.field === 'attentionEmail' && c.op === 'equals') return { field: 'attentionEmail', equals: c.value };
  if (c.field === 'attentionPerson' && c.op === 'contains') return { field: 'attentionPerson', contains: c.value };
  return undefined;
}

function isAllLetters(rule: RuleDraft): boolean {
  const [only] = rule.conditions;
  return rule.conditions.length === 1 && only?.field === 'messageType' && only.op === 'oneOf'
    && MESSAGE_TYPES.every((t) => (only.values as readonly string[]).includes(t));
}

const forwardsOnly = (rule: RuleDraft): boolean => rule.actions.length === 1 && rule.actions[0]?.kind === 'forward' && !rule.stopHere;

/**
 * An organisation's secure-mail forwarding (scope and rules) as rules of the engine, in order, so that
 * `applyRules(...).forward` selects exactly what the forwarding filter selected before (the test keeps it as its oracle). Each forwarding rule
 * becomes a rule with the same name and conditions and the one action "forward", without "stop here".
 * Scope "all" becomes a first rule that matches every letter; the forwarding rules kept with it (unused
 * while the scope is "all") follow, disabled, so nothing is lost.
 */
export function fromForwardingRules(scope: ForwardingScope, rules: readonly ForwardingRule[]): RuleDraft[] {
  const drafts: RuleDraft[] = rules.map((rule) => ({
    name: rule.name,
    enabled: scope === 'rules',
    stopHere: false,
    conditions: rule.conditions.map(fromCondition),
    actions: [{ kind: 'forward' }],
  }));
  if (scope === 'all') drafts.unshift({ name: FORWARD_ALL_NAME, enabled: true, stopHere: false, conditions: [ALL_LETTERS], actions: [{ kind: 'forward' }] });
  return drafts;
}

/**
 * The reverse of `fromForwardingRules`: the forwarding scope and rules these rules stand for, or
 * undefined when one of them is more than a forwarding rule (another action or condition, "stop here").
 */
export function toForwardingRules(rules: readonly RuleDraft[]): { scope: ForwardingScope; rules: ForwardingRule[] } | undefined {
  if (!rules.every(forwardsOnly)) return undefined;
  const all = rules.find((r) => r.enabled && isAllLetters(r));
  const out: ForwardingRule[] = [];
  for (const rule of rules) {
    if (rule === all) continue;
    if (rule.enabled === (all !== undefined)) return undefined;
    const conditions = rule.conditions.map(toCondition);
    if (conditions.length === 0 || conditions.some((c) => c === undefined)) return undefined;
    out.push({ name: rule.name, conditions: conditions as ForwardingCondition[] });
  }
  return { scope: all ? 'all' : 'rules', rules: out };
}
