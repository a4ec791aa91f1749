import type { RuleChoices } from '../../api.ts';
import { Icon } from '../../common/Icon.tsx';
import { useI18n, type Key } from '../../i18n.ts';
import { FieldError } from '../form.tsx';
import { FIELD_GROUPS, kindOf, MESSAGE_TYPES, OPS, withField, type ConditionDraft, type ControlIds, type Field, type Op } from './draft.ts';

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

/**
 * One condition of a rule: which field of the letter, how it is compared (only what the field allows)
 * and the value. Subscription groups and materials offer what recent letters had (a datalist), and
 * take any text.
 */
export function ConditionRow({ row, n, count, ids, choices, errors, onChange, onRemove }: {
  row: ConditionDraft;
  /** its place, from 1 */
  n: number;
  count: number;
  ids: ControlIds;
  choices: RuleChoices;
  errors: Record<string, string>;
  onChange: (row: ConditionDraft) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const kind = kindOf(row.field);
  const [fieldId, opId, valueId] = [ids.field(row.key), ids.op(row.key), ids.value(row.key)];
  const [fieldError, opError, valueError] = [errors[fieldId], errors[opId], errors[valueId]];
  const hintId = `${valueId}-hint`;
  const hint = valueHint(t, row.field, row.op, choices);
  const list = row.field === 'subscriptionGroup' ? ids.groups : row.field === 'material' ? ids.materials : undefined;
  const set = (change: Partial<ConditionDraft>) => onChange({ ...row, ...change });

  let value = null;
  if (kind === 'flag') {
    value = (
      <div className={`form-group${valueError ? ' form-error' : ''}`}>
        <label className="form-label" htmlFor={valueId}>{t('ruleAdmin.flagValue')}</label>
        <FieldError id={valueId} error={valueError} />
        <select id={valueId} className="form-select" value={row.flag ? 'yes' : 'no'} onChange={(e) => set({ flag: e.target.value === 'yes' })}
          aria-describedby={describedBy(valueError && `${valueId}-error`)}>
          <option value="yes">{t('ruleAdmin.yes')}</option>
          <option value="no">{t('ruleAdmin.no')}</option>
        </select>
      </div>
    );
  } else if (kind === 'messageType' && row.op === 'oneOf') {
    value = (
      <fieldset className={`kuvert-fieldset kuvert-sortrule-types${valueError ? ' form-group form-error' : ''}`} aria-describedby={describedBy(valueError && `${valueId}-error`)}>
        <legend className="form-label">{t('ruleAdmin.types')}</legend>
        <FieldError id={valueId} error={valueError} />
        <ul className="unstyled-list kuvert-choices">
          {MESSAGE_TYPES.map((type, i) => {
            const id = i === 0 ? valueId : `${valueId}-${type}`;
            return (
              <li key={type} className="form-group-checkbox">
                <input type="checkbox" className="form-checkbox" id={id} checked={row.types.includes(type)}
                  onChange={(e) => set({ types: e.target.checked ? [...row.types, type] : row.types.filter((x) => x !== type) })} />
                <label className="form-label" htmlFor={id}>{t(`ruleAdmin.type.${type}` as Key)}</label>
              </li>
            );
          })}
        </ul>
      </fieldset>
    );
  } else if (kind === 'messageType') {
    value = (
      <div className={`form-group${valueError ? ' form-error' : ''}`}>
        <label className="form-label" htmlFor={valueId}>{t('ruleAdmin.value')}</label>
        <FieldError id={valueId} error={valueError} />
        <select id={valueId} className="form-select" value={row.value} onChange={(e) => set({ value: e.target.value })}
          aria-describedby={describedBy(valueError && `${valueId}-error`)}>
          {MESSAGE_TYPES.map((type) => <option key={type} value={type}>{t(`ruleAdmin.type.${type}` as Key)}</option>)}
        </select>
      </div>
    );
  } else if (row.op === 'oneOf') {
    value = (
      <div className={`form-group kuvert-sortrule-value${valueError ? ' form-error' : ''}`}>
        <label className="form-label" htmlFor={valueId}>{t('ruleAdmin.values')}</label>
        <span className="form-hint" id={hintId}>{hint ? `${t('ruleAdmin.valuesHint')} ${hint}` : t('ruleAdmin.valuesHint')}</span>
        <FieldError id={valueId} error={valueError} />
        <textarea id={valueId} className="form-input kuvert-textarea" rows={3} value={row.values} spellCheck={false}
          autoComplete="off" aria-invalid={valueError ? true : undefined} aria-describedby={describedBy(hintId, valueError && `${valueId}-error`)}
          onChange={(e) => set({ values: e.target.value })} />
      </div>
    );
  } else if (row.op !== 'exists') {
    const digits = kind === 'number' || kind === 'cpr';
    value = (
      <div className={`form-group kuvert-sortrule-value${valueError ? ' form-error' : ''}`}>
        <label className="form-label" htmlFor={valueId}>{t('ruleAdmin.value')}</label>
        {hint && <span className="form-hint" id={hintId}>{hint}</span>}
        <FieldError id={valueId} error={valueError} />
        <input id={valueId} className="form-input" type="text" value={row.value} maxLength={200} autoComplete="off" spellCheck={false}
          inputMode={digits ? 'numeric' : undefined} list={list} aria-invalid={valueError ? true : undefined}
          aria-describedby={describedBy(hint && hintId, valueError && `${valueId}-error`)} onChange={(e) => set({ value: e.target.value })} />
      </div>
    );
  }

  return (
    <fieldset className="kuvert-sortrule-condition" data-condition={n}>
      <legend>{t('ruleAdmin.conditionN', { n })}</legend>
      <div className="kuvert-sortrule-condition-fields">
        <div className={`form-group${fieldError ? ' form-error' : ''}`}>
          <label className="form-label" htmlFor={fieldId}>{t('ruleAdmin.field')}</label>
          <FieldError id={fieldId} error={fieldError} />
          <select id={fieldId} className="form-select" value={row.field} onChange={(e) => onChange(withField(row, e.target.value as Field))}
            aria-describedby={describedBy(fieldError && `${fieldId}-error`)}>
            {FIELD_GROUPS.map(({ group, fields }) => (
              <optgroup key={group} label={t(`ruleAdmin.group.${group}` as Key)}>
                {fields.map((f) => <option key={f} value={f}>{t(`ruleAdmin.field.${f}` as Key)}</option>)}
              </optgroup>
            ))}
          </select>
        </div>
        {kind !== 'flag' && (
          <div className={`form-group${opError ? ' form-error' : ''}`}>
            <label className="form-label" htmlFor={opId}>{t('ruleAdmin.op')}</label>
            {row.op === 'exists' && <span className="form-hint" id={`${opId}-hint`}>{t('ruleAdmin.existsHint')}</span>}
            <FieldError id={opId} error={opError} />
            <select id={opId} className="form-select" value={row.op} onChange={(e) => set({ op: e.target.value as Op })}
              aria-describedby={describedBy(row.op === 'exists' && `${opId}-hint`, opError && `${opId}-error`)}>
              {OPS[kind].map((op) => <option key={op} value={op}>{t(`ruleAdmin.op.${op}` as Key)}</option>)}
            </select>
          </div>
        )}
        {value}
      </div>
      {count > 1 && (
        <button type="button" className="function-link kuvert-sortrule-remove" onClick={onRemove}>
          <Icon name="delete" />{t('ruleAdmin.removeCondition', { n })}
        </button>
      )}
    </fieldset>
  );
}

/** What a value looks like, for the hint: digits, an example, the groups and materials seen lately. */
function valueHint(t: (key: Key, vars?: Record<string, string | number>) => string, field: Field, op: Op, choices: RuleChoices): string | undefined {
  if (field === 'subscriptionGroup' && choices.subscriptionGroups.length > 0) return t('ruleAdmin.seen', { values: choices.subscriptionGroups.join(', ') });
  if (field === 'material' && choices.materials.length > 0) return t('ruleAdmin.seen', { values: choices.materials.map((m) => m.code).join(', ') });
  if (field === 'subscriptionGroup' || field === 'material') return t(`ruleAdmin.hint.${field}` as Key);
  if (op === 'contains' && field !== 'attentionEmail') return undefined;
  const key = `ruleAdmin.hint.${field}` as Key;
  const text = t(key);
  return text === key ? undefined : text;
}
