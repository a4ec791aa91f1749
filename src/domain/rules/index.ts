/** The rule engine of extended mailboxes: letter facts, evaluation, validation, sentences, forwarding migration. */
export * from './types.ts';
export { letterFacts } from './facts.ts';
export { applyRules, conditionHolds, factValues, inRunOrder, ruleMatches } from './evaluate.ts';
export { RULE_LIMITS, validateRule } from './validate.ts';
export { describeRule } from './describe.ts';
export { FORWARD_ALL_NAME, fromForwardingRules, toForwardingRules, type ForwardingScope } from './forwarding.ts';
