import { maskCpr, type RuleBody } from '../../domain/index.ts';

/**
 * What a rule's audit entry keeps of its conditions and actions (docs/audit.md): as the rule has them,
 * but a CPR number it compares with masked to the birth date — the event log never holds a full one.
 */
export function auditedRule(rule: Pick<RuleBody, 'conditions' | 'actions' | 'stopHere'>): Pick<RuleBody, 'conditions' | 'actions' | 'stopHere'> {
  const conditions = rule.conditions.map((c) => (c.field === 'cpr' && c.op === 'equals' ? { ...c, value: maskCpr(c.value) } : c)) as unknown as RuleBody['conditions'];
  return { conditions, actions: rule.actions, stopHere: rule.stopHere };
}

/** Only these keys of a setting's values: what a change event keeps as `before` and `after` (docs/audit.md). */
export function picked(source: object, keys: readonly string[]): Record<string, unknown> {
  const values = source as Record<string, unknown>;
  return Object.fromEntries(keys.filter((key) => key in values).map((key) => [key, values[key]]));
}

type RuleParts = Pick<RuleBody, 'name' | 'enabled' | 'conditions' | 'actions' | 'stopHere'>;

/**
 * A rule's values for its event: its name and whether it is on as they are, its conditions, actions and
 * stop as one `rule` (auditedRule) — only the parts in `parts` (RULE_CHANGED: those that changed).
 */
export function ruleValues(rule: RuleParts, parts: readonly string[] = ['name', 'enabled', 'conditions']): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (parts.includes('name')) values.name = rule.name;
  if (parts.includes('enabled')) values.enabled = rule.enabled;
  if (parts.some((p) => p === 'conditions' || p === 'actions' || p === 'stopHere')) values.rule = auditedRule(rule);
  return values;
}
