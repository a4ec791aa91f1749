import { parseCpr, parseCvr, parsePNumber } from '../identifiers.ts';
import { parseEmailAddress } from '../mail-addresses.ts';
import {
  FLAG_FIELDS, MESSAGE_TYPES, NUMBER_FIELDS, TEXT_FIELDS,
  type NonEmpty, type NotifyTarget, type RuleAction, type RuleCondition, type RuleDraft, type RuleOrgContext, type RuleProblem,
  type RuleProblemCode, type RuleValidation,
} from './types.ts';

export const RULE_LIMITS = { name: 100, text: 200, conditions: 20, values: 50, targets: 50 } as const;

/** What a forwarding rule accepted as an attention e-mail (kept, so that migrated rules stay valid). */
const ATTENTION_EMAIL = /^[^@\s]+@[^@\s]+$/;
const SE_NUMBER = /^[0-9]{8}$/;

class Problems {
  readonly items: RuleProblem[] = [];
  add(path: string, code: RuleProblemCode, message: string): void {
    this.items.push({ path, code, message });
  }
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** A text value, trimmed; undefined (and a problem) when it is empty, too long or no text. */
function textValue(raw: unknown, path: string, problems: Problems): string | undefined {
  const value = isString(raw) ? raw.trim() : '';
  if (value === '' || value.length > RULE_LIMITS.text) {
    problems.add(path, 'RULE_VALUE_INVALID', `A text of 1 to ${RULE_LIMITS.text} characters.`);
    return undefined;
  }
  return value;
}

/** Checks one value of a number field (or the CPR field); the message never repeats the value. */
function numberValue(field: string, raw: unknown, path: string, problems: Problems): string | undefined {
  const value = isString(raw) ? raw.trim() : '';
  const [valid, what] =
    field === 'pNumber' ? [parsePNumber(value), 'A P-number is 10 digits, not starting with 0.']
    : field === 'seNumber' ? [SE_NUMBER.test(value) ? value : undefined, 'An SE number is 8 digits.']
    : field === 'cpr' ? [parseCpr(value), 'A CPR number is 10 digits starting with a day and a month.']
    : [parseCvr(value), 'A CVR number is 8 digits, not starting with 0.'];
  if (valid === undefined) problems.add(path, 'RULE_VALUE_INVALID', what);
  return valid;
}

function checkValue(field: string, raw: unknown, path: string, problems: Problems, exact: boolean): string | undefined {
  if (field === 'cpr' || (NUMBER_FIELDS as readonly string[]).includes(field)) return numberValue(field, raw, path, problems);
  const value = textValue(raw, path, problems);
  if (value !== undefined && field === 'attentionEmail' && exact && !ATTENTION_EMAIL.test(value)) {
    problems.add(path, 'RULE_VALUE_INVALID', 'An e-mail address such as name@example.dk.');
    return undefined;
  }
  return value;
}

function checkValues(field: string, raw: unknown, path: string, problems: Problems): NonEmpty<string> | undefined {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > RULE_LIMITS.values) {
    problems.add(path, 'RULE_VALUE_INVALID', `1 to ${RULE_LIMITS.values} values.`);
    return undefined;
  }
  const before = problems.items.length;
  const values: string[] = [];
  const seen = new Set<string>();
  raw.forEach((v, i) => {
    const value = checkValue(field, v, `${path}[${i}]`, problems, true);
    const key = value === undefined ? '' : (TEXT_FIELDS as readonly string[]).includes(field) ? value.toLowerCase() : value;
    if (value !== undefined && !seen.has(key)) {
      seen.add(key);
      values.push(value);
    }
  });
  return problems.items.length === before ? (values as unknown as NonEmpty<string>) : undefined;
}

/** One condition checked and normalised (values trimmed, repeated values of a list dropped). */
function checkCondition(raw: RuleCondition, path: string, problems: Problems): RuleCondition | undefined {
  const c = raw as { field?: unknown; op?: unknown; value?: unknown; values?: unknown };
  const field = c.field;
  const unknown = () => problems.add(path, 'RULE_CONDITION_UNKNOWN', `No condition "${String(field)}" with the operator "${String(c.op)}".`);
  if (field === 'messageType') {
    const known = (v: unknown): v is (typeof MESSAGE_TYPES)[number] => MESSAGE_TYPES.includes(v as never);
    if (c.op === 'equals') {
      if (known(c.value)) return { field, op: 'equals', value: c.value };
      problems.add(`${path}.value`, 'RULE_VALUE_INVALID', `One of ${MESSAGE_TYPES.join(', ')}.`);
    } else if (c.op === 'oneOf') {
      if (Array.isArray(c.values) && c.values.length > 0 && c.values.every(known)) {
        return { field, op: 'oneOf', values: [...new Set(c.values)] as unknown as NonEmpty<(typeof MESSAGE_TYPES)[number]> };
      }
      problems.add(`${path}.values`, 'RULE_VALUE_INVALID', `One or more of ${MESSAGE_TYPES.join(', ')}.`);
    } else unknown();
    return undefined;
  }
  if ((FLAG_FIELDS as readonly unknown[]).includes(field)) {
    if (c.op !== 'equals') return unknown(), undefined;
    if (typeof c.value === 'boolean') return { field: field as (typeof FLAG_FIELDS)[number], op: 'equals', value: c.value };
    problems.add(`${path}.value`, 'RULE_VALUE_INVALID', 'true or false.');
    return undefined;
  }
  const text = (TEXT_FIELDS as readonly unknown[]).includes(field);
  const number = (NUMBER_FIELDS as readonly unknown[]).includes(field);
  if (!text && !number && field !== 'cpr') return unknown(), undefined;
  const f = field as string;
  switch (c.op) {
    case 'exists':
      return { field: f, op: 'exists' } as RuleCondition;
    case 'equals': {
      const value = checkValue(f, c.value, `${path}.value`, problems, true);
      return value === undefined ? undefined : ({ field: f, op: 'equals', value } as RuleCondition);
    }
    case 'oneOf': {
      if (f === 'cpr') return unknown(), undefined;
      const values = checkValues(f, c.values, `${path}.values`, problems);
      return values === undefined ? undefined : ({ field: f, op: 'oneOf', values } as RuleCondition);
    }
    case 'contains': {
      if (!text) return unknown(), undefined;
      const value = checkValue(f, c.value, `${path}.value`, problems, false);
      return value === undefined ? undefined : ({ field: f, op: 'contains', value } as RuleCondition);
    }
    default:
      return unknown(), undefined;
  }
}

/**
 * The values a condition allows for its field, when it names them (equals, one of); compared folded
 * for text. The content responsible is left out: its label and its id are two values, so two different
 * "equals" can both hold.
 */
function allowedValues(c: RuleCondition): Set<string> | undefined {
  if (c.field === 'contentResponsible') return undefined;
  const fold = (v: string) => ((TEXT_FIELDS as readonly string[]).includes(c.field) ? v.toLowerCase() : v);
  if (c.op === 'equals') return new Set([fold(String(c.value))]);
  if (c.op === 'oneOf') return new Set((c.values as readonly string[]).map(fold));
  return undefined;
}

function checkContradictions(conditions: readonly (RuleCondition | undefined)[], problems: Problems): void {
  const allowed = new Map<string, Set<string>>();
  conditions.forEach((c, i) => {
    if (!c) return;
    const values = allowedValues(c);
    if (!values) return;
    const before = allowed.get(c.field);
    if (!before) return void allowed.set(c.field, values);
    const both = new Set([...before].filter((v) => values.has(v)));
    if (both.size === 0) problems.add(`conditions[${i}]`, 'RULE_CONDITIONS_CONTRADICTORY', `No letter can meet this condition together with the ones before it on the same field.`);
    allowed.set(c.field, both);
  });
}

function checkNotifyTarget(raw: NotifyTarget, path: string, ctx: RuleOrgContext, problems: Problems): NotifyTarget | undefined {
  const t = raw as { userId?: unknown; address?: unknown };
  if (isString(t.userId)) {
    if (ctx.userIds.includes(t.userId)) return { userId: t.userId };
    problems.add(`${path}.userId`, 'RULE_PERSON_UNKNOWN', 'Not a person of this organisation.');
    return undefined;
  }
  if (isString(t.address)) {
    const address = parseEmailAddress(t.address);
    if (address === undefined) {
      problems.add(`${path}.address`, 'RULE_VALUE_INVALID', 'An e-mail address such as name@example.dk.');
      return undefined;
    }
    const confirmed = ctx.confirmedAddresses.find((a) => a.toLowerCase() === address.toLowerCase());
    if (confirmed !== undefined) return { address: confirmed };
    problems.add(`${path}.address`, 'RULE_ADDRESS_UNCONFIRMED', 'This address has not been confirmed for notifications of this organisation.');
    return undefined;
  }
  problems.add(path, 'RULE_VALUE_INVALID', 'A person (userId) or an address.');
  return undefined;
}

function checkAction(raw: RuleAction, path: string, ctx: RuleOrgContext, problems: Problems): RuleAction | undefined {
  const a = raw as { kind?: unknown; folderId?: unknown; systemIds?: unknown; to?: unknown };
  switch (a.kind) {
    case 'file':
      if (isString(a.folderId) && ctx.folderIds.includes(a.folderId)) return { kind: 'file', folderId: a.folderId };
      problems.add(`${path}.folderId`, 'RULE_FOLDER_UNKNOWN', 'Not a folder of this mailbox.');
      return undefined;
    case 'deliver': {
      if (!Array.isArray(a.systemIds) || a.systemIds.length === 0 || a.systemIds.length > RULE_LIMITS.targets) {
        problems.add(`${path}.systemIds`, 'RULE_VALUE_INVALID', `1 to ${RULE_LIMITS.targets} recipient systems.`);
        return undefined;
      }
      const before = problems.items.length;
      const ids: string[] = [];
      a.systemIds.forEach((id: unknown, j) => {
        const own = isString(id) && ctx.systems.some((s) => s.id === id && s.organisationId === ctx.organisationId);
        if (!own) problems.add(`${path}.systemIds[${j}]`, 'RULE_SYSTEM_UNKNOWN', 'Not a recipient system of this organisation.');
        else if (!ids.includes(id)) ids.push(id);
      });
      return problems.items.length === before ? { kind: 'deliver', systemIds: ids as unknown as NonEmpty<string> } : undefined;
    }
    case 'notify': {
      if (!Array.isArray(a.to) || a.to.length === 0 || a.to.length > RULE_LIMITS.targets) {
        problems.add(`${path}.to`, 'RULE_VALUE_INVALID', `1 to ${RULE_LIMITS.targets} people or addresses.`);
        return undefined;
      }
      const before = problems.items.length;
      const to: NotifyTarget[] = [];
      a.to.forEach((raw: NotifyTarget, j) => {
        const target = checkNotifyTarget(raw, `${path}.to[${j}]`, ctx, problems);
        if (target && !to.some((t) => JSON.stringify(t) === JSON.stringify(target))) to.push(target);
      });
      return problems.items.length === before ? { kind: 'notify', to: to as unknown as NonEmpty<NotifyTarget> } : undefined;
    }
    case 'forward':
      if (ctx.forwardingSetUp) return { kind: 'forward' };
      problems.add(path, 'RULE_FORWARDING_NOT_SET_UP', 'This organisation has no secure e-mail forwarding set up.');
      return undefined;
    case 'mark':
      return { kind: 'mark' };
    default:
      problems.add(`${path}.kind`, 'RULE_ACTION_UNKNOWN', `No action "${String(a.kind)}".`);
      return undefined;
  }
}

/** One action of each kind; two file actions for different folders contradict each other. */
function checkActionSet(actions: readonly RuleAction[], problems: Problems): void {
  const seen = new Map<string, RuleAction>();
  actions.forEach((action, i) => {
    const kind = (action as { kind?: unknown }).kind;
    if (!isString(kind)) return;
    const first = seen.get(kind);
    if (!first) return void seen.set(kind, action);
    if (action.kind === 'file' && first.kind === 'file' && action.folderId !== first.folderId) {
      problems.add(`actions[${i}]`, 'RULE_ACTIONS_CONTRADICTORY', 'A rule files a letter in one folder only.');
    } else {
      problems.add(`actions[${i}]`, 'RULE_ACTION_DUPLICATE', `The rule already has a "${kind}" action; put everything in that one.`);
    }
  });
}

/**
 * Checks a rule an administrator wrote against the organisation's folders, systems, people, addresses
 * and forwarding. Answers the rule normalised (values trimmed, lists without repeats, addresses as
 * confirmed) or every problem found, each with a stable code and a path into the draft.
 */
export function validateRule(draft: RuleDraft, ctx: RuleOrgContext): RuleValidation {
  const problems = new Problems();
  const name = isString(draft.name) ? draft.name.trim() : '';
  if (name === '' || name.length > RULE_LIMITS.name) problems.add('name', 'RULE_NAME_INVALID', `A name of 1 to ${RULE_LIMITS.name} characters.`);
  if (typeof draft.enabled !== 'boolean') problems.add('enabled', 'RULE_VALUE_INVALID', 'true or false.');
  if (typeof draft.stopHere !== 'boolean') problems.add('stopHere', 'RULE_VALUE_INVALID', 'true or false.');

  const rawConditions = Array.isArray(draft.conditions) ? draft.conditions : [];
  if (rawConditions.length === 0) problems.add('conditions', 'RULE_CONDITIONS_EMPTY', 'A rule needs at least one condition.');
  if (rawConditions.length > RULE_LIMITS.conditions) problems.add('conditions', 'RULE_CONDITIONS_TOO_MANY', `At most ${RULE_LIMITS.conditions} conditions.`);
  const conditions = rawConditions.slice(0, RULE_LIMITS.conditions).map((c, i) => checkCondition(c, `conditions[${i}]`, problems));
  checkContradictions(conditions, problems);

  const rawActions = Array.isArray(draft.actions) ? draft.actions : [];
  if (rawActions.length === 0) problems.add('actions', 'RULE_ACTIONS_EMPTY', 'A rule needs at least one action.');
  const actions = rawActions.slice(0, 10).map((a, i) => checkAction(a, `actions[${i}]`, ctx, problems));
  checkActionSet(rawActions, problems);

  if (problems.items.length > 0) return { ok: false, problems: problems.items };
  return {
    ok: true,
    rule: {
      name, enabled: draft.enabled, stopHere: draft.stopHere,
      conditions: conditions as unknown as NonEmpty<RuleCondition>,
      actions: actions as unknown as NonEmpty<RuleAction>,
    },
  };
}
