import type { RuleActionData, RuleConditionData, RuleInput, RuleView } from '../../api.ts';

/**
 * The rules editor's form state and how it becomes what the server takes (src/contract/rules.ts). The
 * server checks everything (`validateRule`): the form only keeps what was typed, and knows which control
 * each part of the rule it sent came from, so that a problem's `path` finds its field.
 */

export type Field = RuleConditionData['field'];
export type Op = RuleConditionData['op'];
export type ActionKind = RuleActionData['kind'];

/** How a field is asked about: its operators and what its value is. */
export type FieldKind = 'text' | 'number' | 'cpr' | 'messageType' | 'flag';

export const FIELD_GROUPS: readonly { group: 'sender' | 'letter' | 'attention' | 'content'; fields: readonly Field[] }[] = [
  { group: 'sender', fields: ['subscriptionGroup', 'material', 'senderCvr'] },
  { group: 'letter', fields: ['messageType', 'mandatory', 'legalNotification', 'replyAllowed'] },
  { group: 'attention', fields: ['pNumber', 'attentionPerson', 'attentionEmail', 'seNumber', 'contentResponsible'] },
  { group: 'content', fields: ['cpr', 'contentCvr', 'caseId', 'kle', 'form', 'propertyNumber'] },
];

const NUMBER_FIELDS: readonly Field[] = ['senderCvr', 'pNumber', 'seNumber', 'contentCvr'];
const FLAG_FIELDS: readonly Field[] = ['mandatory', 'legalNotification', 'replyAllowed'];

export function kindOf(field: Field): FieldKind {
  if (field === 'cpr') return 'cpr';
  if (field === 'messageType') return 'messageType';
  if (FLAG_FIELDS.includes(field)) return 'flag';
  if (NUMBER_FIELDS.includes(field)) return 'number';
  return 'text';
}

/** What each kind of field may be asked (the engine's `RuleCondition`): a CPR number only "is it this one" and "is there one". */
export const OPS: Record<FieldKind, readonly Op[]> = {
  text: ['equals', 'contains', 'oneOf', 'exists'],
  number: ['equals', 'oneOf', 'exists'],
  cpr: ['equals', 'exists'],
  messageType: ['equals', 'oneOf'],
  flag: ['equals'],
};

export const MESSAGE_TYPES = ['DIGITALPOST', 'NEMSMS'] as const;

export const ACTION_KINDS: readonly ActionKind[] = ['file', 'deliver', 'notify', 'forward', 'mark'];

export interface ConditionDraft {
  /** stable while the row lives (element ids); not sent */
  key: number;
  field: Field;
  op: Op;
  /** equals, contains (and a message type's equals) */
  value: string;
  /** one of: one value a line */
  values: string;
  /** a message type's one of */
  types: string[];
  /** a flag: yes or no */
  flag: boolean;
}

export interface RuleDraft {
  name: string;
  enabled: boolean;
  stopHere: boolean;
  conditions: ConditionDraft[];
  file: boolean;
  folderId: string;
  deliver: boolean;
  systemIds: string[];
  notify: boolean;
  userIds: string[];
  addresses: string[];
  forward: boolean;
  mark: boolean;
}

let nextKey = 1;

export function newCondition(field: Field = 'subscriptionGroup'): ConditionDraft {
  return { key: nextKey++, field, op: OPS[kindOf(field)][0]!, value: field === 'messageType' ? 'DIGITALPOST' : '', values: '', types: [], flag: true };
}

export function newDraft(): RuleDraft {
  return {
    name: '', enabled: true, stopHere: false, conditions: [newCondition()],
    file: false, folderId: '', deliver: false, systemIds: [], notify: false, userIds: [], addresses: [], forward: false, mark: false,
  };
}

/** A row after its field changed: the operator stays when the new field allows it. */
export function withField(row: ConditionDraft, field: Field): ConditionDraft {
  const ops = OPS[kindOf(field)];
  const op = ops.includes(row.op) ? row.op : ops[0]!;
  const value = field === 'messageType' ? (MESSAGE_TYPES.includes(row.value as never) ? row.value : 'DIGITALPOST')
    : row.field === 'messageType' ? '' : row.value;
  return { ...row, field, op, value };
}

/** A saved rule as the form shows it. */
export function draftOf(rule: RuleView): RuleDraft {
  const draft = { ...newDraft(), name: rule.name, enabled: rule.enabled, stopHere: rule.stopHere };
  draft.conditions = rule.conditions.map((c) => {
    const row = { ...newCondition(c.field), op: c.op };
    if (kindOf(c.field) === 'flag') return { ...row, flag: c.value === true };
    if (c.field === 'messageType' && c.op === 'oneOf') return { ...row, types: [...(c.values ?? [])] };
    if (c.op === 'oneOf') return { ...row, values: (c.values ?? []).join('\n') };
    return { ...row, value: typeof c.value === 'string' ? c.value : row.value };
  });
  if (draft.conditions.length === 0) draft.conditions = [newCondition()];
  for (const a of rule.actions) {
    if (a.kind === 'file') Object.assign(draft, { file: true, folderId: a.folderId ?? '' });
    if (a.kind === 'deliver') Object.assign(draft, { deliver: true, systemIds: [...(a.systemIds ?? [])] });
    if (a.kind === 'notify') {
      Object.assign(draft, {
        notify: true,
        userIds: (a.to ?? []).flatMap((t) => (t.userId ? [t.userId] : [])),
        addresses: (a.to ?? []).flatMap((t) => (t.address ? [t.address] : [])),
      });
    }
    if (a.kind === 'forward') draft.forward = true;
    if (a.kind === 'mark') draft.mark = true;
  }
  return draft;
}

/** The lines of a "one of" value, without empty ones. */
export const linesOf = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

function conditionOf(row: ConditionDraft): RuleConditionData {
  const { field, op } = row;
  if (kindOf(field) === 'flag') return { field, op: 'equals', value: row.flag };
  if (op === 'exists') return { field, op };
  if (field === 'messageType') return op === 'oneOf' ? { field, op, values: row.types } : { field, op, value: row.value };
  if (op === 'oneOf') return { field, op, values: linesOf(row.values) };
  return { field, op, value: row.value };
}

/** What the form sends, and which action stands at which place of `actions` (for the problems' paths). */
export interface Sent {
  input: RuleInput;
  actions: ActionKind[];
  /** the notify action's `to`, in order: people, then addresses */
  targets: ({ userId: string } | { address: string })[];
}

export function toInput(draft: RuleDraft): Sent {
  const actions: RuleActionData[] = [];
  const targets = [...draft.userIds.map((userId) => ({ userId })), ...draft.addresses.map((address) => ({ address }))];
  // an action without its choice goes as it is: the server names what is missing
  if (draft.file) actions.push(draft.folderId ? { kind: 'file', folderId: draft.folderId } : { kind: 'file' });
  if (draft.deliver) actions.push({ kind: 'deliver', systemIds: draft.systemIds });
  if (draft.notify) actions.push({ kind: 'notify', to: targets });
  if (draft.forward) actions.push({ kind: 'forward' });
  if (draft.mark) actions.push({ kind: 'mark' });
  return {
    input: { name: draft.name, enabled: draft.enabled, stopHere: draft.stopHere, conditions: draft.conditions.map(conditionOf), actions },
    actions: actions.map((a) => a.kind),
    targets,
  };
}

/** The element ids of one editor's controls (the error summary links to them). */
export function controlIds(base: string) {
  return {
    name: `${base}-name`,
    enabled: `${base}-enabled`,
    stopHere: `${base}-stop`,
    addCondition: `${base}-add-condition`,
    field: (key: number) => `${base}-c${key}-field`,
    op: (key: number) => `${base}-c${key}-op`,
    /** the value's control; a message type's "one of": its first checkbox */
    value: (key: number) => `${base}-c${key}-value`,
    action: (kind: ActionKind) => `${base}-a-${kind}`,
    folder: `${base}-folder`,
    /** the first system's checkbox (the group's errors are shown on it) */
    systems: `${base}-systems`,
    system: (i: number) => (i === 0 ? `${base}-systems` : `${base}-system-${i}`),
    /** the first person's or address's checkbox */
    targets: `${base}-targets`,
    person: (i: number) => (i === 0 ? `${base}-targets` : `${base}-person-${i}`),
    address: (i: number, people: number) => (i + people === 0 ? `${base}-targets` : `${base}-address-${i}`),
    groups: `${base}-groups`,
    materials: `${base}-materials`,
  };
}

export type ControlIds = ReturnType<typeof controlIds>;

/** The control that stands for a whole condition row: its value, or its operator when it has no value. */
export function rowControl(ids: ControlIds, row: ConditionDraft): string {
  return row.op === 'exists' ? ids.op(row.key) : ids.value(row.key);
}
