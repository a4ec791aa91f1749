import { ApiError, type RuleChoices } from '../../api.ts';
import { errorText } from '../../common/errors.ts';
import type { Key, T } from '../../i18n.ts';
import { kindOf, rowControl, type ActionKind, type ConditionDraft, type ControlIds, type RuleDraft, type Sent } from './draft.ts';

/** A problem the server found in a rule (`details` of a refusal): `conditions[1].value`, `actions[0].folderId` … */
interface Problem { path: string; code: string; message: string }

/** What the form shows: a message next to each control, and the summary's lines (control id, "where: what"). */
export interface ShownProblems {
  byId: Record<string, string>;
  summary: [string, string][];
}

export const NO_PROBLEMS: ShownProblems = { byId: {}, summary: [] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** `/conditions/0/values/1` (the request's schema) → `conditions[0].values[1]` (the engine's paths). */
const fromPointer = (pointer: string) => pointer.replace(/^\//, '').replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');

function problemsIn(error: ApiError): Problem[] {
  const details = error.details.filter(isObject);
  if (error.code === 'REQUEST_INVALID') {
    return details.map((d) => ({ path: fromPointer(String(d.path ?? '')), code: 'REQUEST_INVALID', message: String(d.message ?? '') }));
  }
  if (error.status !== 400) return [];
  return details.filter((d) => typeof d.code === 'string' && typeof d.path === 'string')
    .map((d) => ({ path: d.path as string, code: d.code as string, message: String(d.message ?? '') }));
}

interface Place { id: string; where: string; row?: ConditionDraft; action?: ActionKind }

function placeOf(t: T, { path, code }: Problem, draft: RuleDraft, sent: Sent, ids: ControlIds, choices: RuleChoices): Place {
  if (path === 'name') return { id: ids.name, where: t('ruleAdmin.name') };
  if (path === 'enabled') return { id: ids.enabled, where: t('ruleAdmin.enabled') };
  if (path === 'stopHere') return { id: ids.stopHere, where: t('ruleAdmin.stopHere') };
  if (path === 'conditions') return { id: ids.addCondition, where: t('ruleAdmin.conditions') };
  const condition = /^conditions\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (condition) {
    const i = Number(condition[1]);
    const row = draft.conditions[i];
    const where = t('ruleAdmin.conditionN', { n: i + 1 });
    if (!row) return { id: ids.addCondition, where };
    const part = condition[2];
    // an operator the field does not have: the operator's select (a flag has none)
    const wrongOp = part === 'op' || (code === 'RULE_CONDITION_UNKNOWN' && kindOf(row.field) !== 'flag');
    const id = part === 'field' ? ids.field(row.key) : wrongOp ? ids.op(row.key) : rowControl(ids, row);
    return { id, where, row };
  }
  if (path === 'actions') return { id: ids.action('file'), where: t('ruleAdmin.actions') };
  const action = /^actions\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (action) {
    const kind = sent.actions[Number(action[1])];
    if (!kind) return { id: ids.action('file'), where: t('ruleAdmin.actions') };
    const where = t(`ruleAdmin.action.${kind}` as Key);
    const part = action[2];
    if (kind === 'file' && part !== 'kind') return { id: ids.folder, where, action: kind };
    if (kind === 'deliver' && part === 'systemIds' && choices.systems.length > 0) return { id: ids.systems, where, action: kind };
    if (kind === 'notify' && part === 'to' && choices.people.length + choices.addresses.length > 0) return { id: ids.targets, where, action: kind };
    return { id: ids.action(kind), where, action: kind };
  }
  return { id: ids.name, where: '' };
}

/** The problem in the user's words where we have them; else the server's English sentence. */
function textOf(t: T, problem: Problem, place: Place): string {
  const { code, path } = problem;
  let key = `ruleAdmin.problem.${code}`;
  if (code === 'REQUEST_INVALID') key = 'error.fieldInvalid';
  if (code === 'RULE_VALUE_INVALID' && place.row) {
    const { field, op } = place.row;
    const kind = kindOf(field);
    if (kind === 'messageType') key = 'ruleAdmin.problem.messageType';
    else if (/\.values$/.test(path)) key = 'ruleAdmin.problem.values';
    else if (kind === 'number' || kind === 'cpr') key = `ruleAdmin.problem.value.${field}`;
    else if (field === 'attentionEmail' && op !== 'contains') key = 'ruleAdmin.problem.email';
    else if (kind === 'text') key = 'ruleAdmin.problem.text';
  }
  if (code === 'RULE_VALUE_INVALID' && place.action === 'deliver') key = 'ruleAdmin.problem.systems';
  if (code === 'RULE_VALUE_INVALID' && place.action === 'notify') key = /\.address$/.test(path) ? 'ruleAdmin.problem.email' : 'ruleAdmin.problem.targets';
  const known = t(key as Key);
  return known !== key ? known : problem.message;
}

/**
 * A refusal's problems on the controls their paths name, in the user's language; undefined when the
 * refusal names no problem of the rule (then it is said above the form).
 */
export function problemsOf(t: T, error: unknown, draft: RuleDraft, sent: Sent, ids: ControlIds, choices: RuleChoices): ShownProblems | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problems = problemsIn(error);
  if (problems.length === 0) return undefined;
  const byId: Record<string, string> = {};
  const summary = new Map<string, string>();
  for (const problem of problems) {
    const place = placeOf(t, problem, draft, sent, ids, choices);
    const text = textOf(t, problem, place);
    if (byId[place.id]?.includes(text)) continue;
    byId[place.id] = byId[place.id] ? `${byId[place.id]} ${text}` : text;
    const line = place.where ? `${place.where}: ${text}` : text;
    summary.set(place.id, summary.has(place.id) ? `${summary.get(place.id)} ${text}` : line);
  }
  return { byId, summary: [...summary] };
}

/** A failure that is about no field, in the user's words (the general EXTENDED_REQUIRED text is about folders: here it is about rules). */
export function ruleErrorText(t: T, error: unknown): string {
  if (error instanceof ApiError && error.code === 'EXTENDED_REQUIRED') return t('ruleAdmin.extendedRequired');
  return errorText(t, error);
}
