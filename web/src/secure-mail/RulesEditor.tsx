import { useEffect, useRef } from 'react';
import type { ForwardingField, ForwardingRule } from '../api.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n, type Key, type T } from '../i18n.ts';

export interface ConditionDraft { key: number; field: ForwardingField; value: string }
export interface RuleDraft { key: number; name: string; conditions: ConditionDraft[] }

export const FIELDS: ForwardingField[] = ['pNumber', 'senderCvr', 'attentionEmail', 'attentionPerson'];

let nextKey = 1;
const newKey = () => nextKey++;

export const emptyCondition = (): ConditionDraft => ({ key: newKey(), field: 'pNumber', value: '' });
export const emptyRule = (): RuleDraft => ({ key: newKey(), name: '', conditions: [emptyCondition()] });

export function draftsOf(rules: ForwardingRule[]): RuleDraft[] {
  return rules.map((rule) => ({
    key: newKey(), name: rule.name,
    conditions: rule.conditions.map((c) => ({ key: newKey(), field: c.field, value: 'equals' in c ? c.equals : c.contains })),
  }));
}

export function rulesOf(drafts: RuleDraft[]): ForwardingRule[] {
  return drafts.map((rule) => ({
    name: rule.name.trim(),
    conditions: rule.conditions.map((c) => c.field === 'attentionPerson'
      ? { field: c.field, contains: c.value.trim() }
      : { field: c.field, equals: c.value.trim() }),
  }));
}

export const ruleNameId = (prefix: string, rule: RuleDraft) => `${prefix}-rule-${rule.key}-name`;
export const conditionValueId = (prefix: string, condition: ConditionDraft) => `${prefix}-condition-${condition.key}-value`;

/** What is wrong with a condition's value (the server checks the same), or undefined. */
export function conditionProblem(t: T, condition: ConditionDraft): string | undefined {
  const value = condition.value.trim();
  if (!value) return t('rules.valueRequired');
  if (value.length > 200) return t('rules.valueTooLong');
  if (condition.field === 'pNumber' && !/^[1-9][0-9]{9}$/.test(value)) return t('rules.pNumberInvalid');
  if (condition.field === 'senderCvr' && !/^[1-9][0-9]{7}$/.test(value)) return t('rules.cvrInvalid');
  if (condition.field === 'attentionEmail' && !/^[^@\s]+@[^@\s]+$/.test(value)) return t('rules.emailInvalid');
  return undefined;
}

export const fieldName = (t: T, field: ForwardingField) => t(`rules.field.${field}` as Key);

/**
 * The rules that choose which mail is forwarded: each a name and one or more conditions that must all
 * hold (a message is forwarded when some rule holds).
 */
export function RulesEditor({ prefix, rules, onChange, errors }: {
  prefix: string;
  rules: RuleDraft[];
  onChange: (rules: RuleDraft[]) => void;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const focusNext = useRef<string | undefined>(undefined);
  const addRuleButton = useRef<HTMLButtonElement>(null);

  // a new rule or condition: the keyboard continues in its first field
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = undefined;
  }, [rules]);

  const update = (key: number, change: (rule: RuleDraft) => RuleDraft) => onChange(rules.map((r) => (r.key === key ? change(r) : r)));

  return (
    <div className="kuvert-rules">
      {rules.map((rule, i) => {
        const nameId = ruleNameId(prefix, rule);
        const nameError = errors[nameId];
        return (
          <fieldset key={rule.key} className="kuvert-rule">
            <legend className="h4">{t('rules.rule', { n: i + 1 })}</legend>
            <div className={`form-group${nameError ? ' form-error' : ''}`}>
              <label className="form-label" htmlFor={nameId}>{t('rules.name')}</label>
              <span className="form-hint" id={`${nameId}-hint`}>{t('rules.nameHint')}</span>
              {nameError && <span className="form-error-message" id={`${nameId}-error`}><span className="sr-only">{t('app.error')}: </span>{nameError}</span>}
              <input id={nameId} className="form-input input-width-l" type="text" value={rule.name} maxLength={100} autoComplete="off"
                aria-describedby={`${nameId}-hint${nameError ? ` ${nameId}-error` : ''}`} aria-invalid={nameError ? true : undefined}
                onChange={(e) => update(rule.key, (r) => ({ ...r, name: e.target.value }))} />
            </div>
            <p className="kuvert-conditions-intro">{t('rules.conditionsIntro')}</p>
            <ol className="unstyled-list kuvert-conditions">
              {rule.conditions.map((condition, j) => {
                const valueId = conditionValueId(prefix, condition);
                const valueError = errors[valueId];
                const fieldId = `${prefix}-condition-${condition.key}-field`;
                const setCondition = (change: Partial<ConditionDraft>) =>
                  update(rule.key, (r) => ({ ...r, conditions: r.conditions.map((c) => (c.key === condition.key ? { ...c, ...change } : c)) }));
                return (
                  <li key={condition.key}>
                    <fieldset className="kuvert-condition">
                      <legend className="kuvert-condition-heading">{t('rules.condition', { n: j + 1 })}</legend>
                      <div className="kuvert-condition-fields">
                        <div className="form-group">
                          <label className="form-label" htmlFor={fieldId}>{t('rules.field')}</label>
                          <select id={fieldId} className="form-select" value={condition.field}
                            onChange={(e) => setCondition({ field: e.target.value as ForwardingField })}>
                            {FIELDS.map((field) => <option key={field} value={field}>{fieldName(t, field)}</option>)}
                          </select>
                        </div>
                        <div className={`form-group${valueError ? ' form-error' : ''}`}>
                          <label className="form-label" htmlFor={valueId}>{condition.field === 'attentionPerson' ? t('rules.contains') : t('rules.equals')}</label>
                          <span className="form-hint" id={`${valueId}-hint`}>{t(`rules.hint.${condition.field}` as Key)}</span>
                          {valueError && <span className="form-error-message" id={`${valueId}-error`}><span className="sr-only">{t('app.error')}: </span>{valueError}</span>}
                          <input id={valueId} className="form-input" type="text" value={condition.value} maxLength={200} autoComplete="off"
                            inputMode={condition.field === 'pNumber' || condition.field === 'senderCvr' ? 'numeric' : undefined}
                            aria-describedby={`${valueId}-hint${valueError ? ` ${valueId}-error` : ''}`} aria-invalid={valueError ? true : undefined}
                            onChange={(e) => setCondition({ value: e.target.value })} />
                        </div>
                      </div>
                      {rule.conditions.length > 1 && (
                        <button type="button" className="function-link kuvert-remove-condition"
                          onClick={() => {
                            focusNext.current = ruleNameId(prefix, rule);
                            update(rule.key, (r) => ({ ...r, conditions: r.conditions.filter((c) => c.key !== condition.key) }));
                          }}>
                          <Icon name="close" />{t('rules.removeCondition', { n: j + 1, rule: i + 1 })}
                        </button>
                      )}
                    </fieldset>
                  </li>
                );
              })}
            </ol>
            <div className="kuvert-rule-buttons">
              {rule.conditions.length < 10 && (
                <button type="button" className="button button-secondary"
                  onClick={() => {
                    const added = emptyCondition();
                    focusNext.current = `${prefix}-condition-${added.key}-field`;
                    update(rule.key, (r) => ({ ...r, conditions: [...r.conditions, added] }));
                  }}>
                  <Icon name="plus" />{t('rules.addCondition')}
                </button>
              )}
              <button type="button" className="function-link kuvert-remove-rule"
                onClick={() => { onChange(rules.filter((r) => r.key !== rule.key)); addRuleButton.current?.focus(); }}>
                <Icon name="delete" />{t('rules.removeRule', { n: i + 1 })}
              </button>
            </div>
          </fieldset>
        );
      })}
      {rules.length < 50 && (
        <button ref={addRuleButton} type="button" className="button button-secondary kuvert-add-rule"
          onClick={() => {
            const added = emptyRule();
            focusNext.current = ruleNameId(prefix, added);
            onChange([...rules, added]);
          }}>
          <Icon name="plus" />{t('rules.addRule')}
        </button>
      )}
    </div>
  );
}
