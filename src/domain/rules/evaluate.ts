import type { LetterFacts, NumberField, Rule, RuleCondition, RuleOutcome, TextField } from './types.ts';

/** The values a text or number condition is compared with: none when the letter has none. */
export function factValues(field: TextField | NumberField | 'cpr', facts: LetterFacts): string[] {
  const one = (value: string | null): string[] => (value === null ? [] : [value]);
  switch (field) {
    case 'subscriptionGroup': return one(facts.subscriptionGroup);
    case 'material': return one(facts.material);
    case 'attentionPerson': return one(facts.attention.person);
    case 'attentionEmail': return one(facts.attention.email);
    case 'contentResponsible': {
      const { label, id } = facts.attention.contentResponsible;
      return [...one(label), ...one(id)];
    }
    case 'caseId': return one(facts.content.caseId);
    case 'kle': return one(facts.content.kle);
    case 'form': return one(facts.content.form);
    case 'propertyNumber': return one(facts.content.propertyNumber);
    case 'senderCvr': return one(facts.sender?.cvr ?? null);
    case 'pNumber': return one(facts.attention.pNumber);
    case 'seNumber': return one(facts.attention.seNumber);
    case 'contentCvr': return one(facts.content.cvr);
    case 'cpr': return one(facts.content.cpr);
  }
}

const fold = (s: string): string => s.toLowerCase();

/** Whether one condition holds for a letter. */
export function conditionHolds(condition: RuleCondition, facts: LetterFacts): boolean {
  switch (condition.field) {
    case 'messageType':
      return condition.op === 'equals' ? facts.messageType === condition.value : condition.values.includes(facts.messageType);
    case 'mandatory':
    case 'legalNotification':
    case 'replyAllowed':
      return facts[condition.field] === condition.value;
    case 'senderCvr':
    case 'pNumber':
    case 'seNumber':
    case 'contentCvr':
    case 'cpr': {
      const values = factValues(condition.field, facts);
      switch (condition.op) {
        case 'exists': return values.length > 0;
        case 'equals': return values.includes(condition.value);
        case 'oneOf': return values.some((v) => condition.values.includes(v));
      }
      break;
    }
    default: {
      const values = factValues(condition.field, facts).map(fold);
      switch (condition.op) {
        case 'exists': return values.length > 0;
        case 'equals': return values.includes(fold(condition.value));
        case 'oneOf': return condition.values.some((want) => values.includes(fold(want)));
        case 'contains': return values.some((v) => v.includes(fold(condition.value)));
      }
    }
  }
  return false;
}

/** Whether every condition of the rule holds (a rule without conditions never matches). */
export function ruleMatches(rule: Pick<Rule, 'conditions'>, facts: LetterFacts): boolean {
  return rule.conditions.length > 0 && rule.conditions.every((c) => conditionHolds(c, facts));
}

/** Rules in the order they run: ascending position, ties by id. Does not change its argument. */
export function inRunOrder<R extends Pick<Rule, 'id' | 'position'>>(rules: readonly R[]): R[] {
  return [...rules].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function addNew(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/**
 * Runs the enabled rules in position order over a letter. Each matching rule adds its actions; a
 * matching rule with "stop here" ends the run. The first file action decides the folder (later ones are
 * reported as overridden); deliver and notify actions are united; forward and mark hold if any rule
 * asks for them. No matching deliver action gives `systems: null` (every active recipient system).
 */
export function applyRules(rules: readonly Rule[], facts: LetterFacts): RuleOutcome {
  const outcome: RuleOutcome = {
    matched: [], stoppedBy: null, folder: null, overriddenFolders: [], systems: null,
    notify: { userIds: [], addresses: [] }, forward: false, mark: false,
  };
  for (const rule of inRunOrder(rules)) {
    if (!rule.enabled || !ruleMatches(rule, facts)) continue;
    outcome.matched.push(rule.id);
    for (const action of rule.actions) {
      switch (action.kind) {
        case 'file':
          if (outcome.folder === null) outcome.folder = { folderId: action.folderId, ruleId: rule.id };
          else outcome.overriddenFolders.push({ folderId: action.folderId, ruleId: rule.id });
          break;
        case 'deliver':
          outcome.systems ??= [];
          for (const id of action.systemIds) addNew(outcome.systems, id);
          break;
        case 'notify':
          for (const target of action.to) {
            if ('userId' in target) addNew(outcome.notify.userIds, target.userId);
            else addNew(outcome.notify.addresses, target.address);
          }
          break;
        case 'forward': outcome.forward = true; break;
        case 'mark': outcome.mark = true; break;
      }
    }
    if (rule.stopHere) {
      outcome.stoppedBy = rule.id;
      break;
    }
  }
  return outcome;
}
