/** One condition of a forwarding rule; a message is forwarded when every condition of some rule holds. */
export type ForwardingCondition =
  | { field: 'pNumber'; equals: string }
  | { field: 'senderCvr'; equals: string }
  | { field: 'attentionEmail'; equals: string }
  | { field: 'attentionPerson'; contains: string };

export interface ForwardingRule {
  name: string;
  conditions: ForwardingCondition[];
}

/** Checks rules from outside (the portal); returns them normalised or a message saying what is wrong. */
export function parseForwardingRules(input: unknown): { ok: true; rules: ForwardingRule[] } | { ok: false; message: string } {
  if (!Array.isArray(input) || input.length > 50) return { ok: false, message: 'rules must be a list of at most 50 rules' };
  const rules: ForwardingRule[] = [];
  for (const [i, raw] of input.entries()) {
    const rule = raw as { name?: unknown; conditions?: unknown };
    if (typeof rule?.name !== 'string' || rule.name.trim() === '' || rule.name.length > 100) return { ok: false, message: `rule ${i + 1}: a name of 1 to 100 characters` };
    if (!Array.isArray(rule.conditions) || rule.conditions.length === 0 || rule.conditions.length > 10) return { ok: false, message: `rule ${i + 1}: 1 to 10 conditions` };
    const conditions: ForwardingCondition[] = [];
    for (const c of rule.conditions as Array<Record<string, unknown>>) {
      const value = typeof c?.equals === 'string' ? c.equals.trim() : typeof c?.contains === 'string' ? c.contains.trim() : '';
      if (value === '' || value.length > 200) return { ok: false, message: `rule ${i + 1}: every condition needs a value` };
      if (c.field === 'pNumber' && /^[1-9][0-9]{9}$/.test(value)) conditions.push({ field: 'pNumber', equals: value });
      else if (c.field === 'senderCvr' && /^[1-9][0-9]{7}$/.test(value)) conditions.push({ field: 'senderCvr', equals: value });
      else if (c.field === 'attentionEmail' && /^[^@\s]+@[^@\s]+$/.test(value)) conditions.push({ field: 'attentionEmail', equals: value });
      else if (c.field === 'attentionPerson') conditions.push({ field: 'attentionPerson', contains: value });
      else return { ok: false, message: `rule ${i + 1}: unknown field or malformed value (${String(c?.field)})` };
    }
    rules.push({ name: rule.name.trim(), conditions });
  }
  return { ok: true, rules };
}
