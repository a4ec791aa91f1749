import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type RuleChoices, type RulePreview, type RuleView } from '../../api.ts';
import { Alert } from '../../common/Alert.tsx';
import { ErrorSummary } from '../../common/ErrorSummary.tsx';
import { Icon } from '../../common/Icon.tsx';
import { useI18n } from '../../i18n.ts';
import { FieldError, TextField } from '../form.tsx';
import { ActionsFields } from './ActionsFields.tsx';
import { ConditionRow } from './ConditionRow.tsx';
import { controlIds, draftOf, newCondition, newDraft, toInput, type RuleDraft } from './draft.ts';
import { PreviewResult } from './Preview.tsx';
import { NO_PROBLEMS, problemsOf, ruleErrorText, type ShownProblems } from './problems.ts';

const MAX_CONDITIONS = 20;

/**
 * A new rule or a change to one: its name, its conditions, what it does, whether it is on and stops the
 * rules after it. "Prøv reglen" tries the draft on the mailbox's last letters without saving it. The
 * server checks the rule; each problem is shown at the control its path names and in the summary on
 * top. When the session has expired the form keeps everything typed and says how to go on.
 */
export function RuleEditor({ organisationId, rule, choices, onSaved, onCancel }: {
  organisationId: string;
  rule: RuleView | undefined;
  choices: RuleChoices;
  onSaved: (rule: RuleView, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const base = useId().replace(/:/g, '');
  const ids = controlIds(base);
  const heading = useRef<HTMLHeadingElement>(null);
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftOf(rule) : newDraft()));
  const [problems, setProblems] = useState<ShownProblems>(NO_PROBLEMS);
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<{ text: string; n: number }>();
  const [expired, setExpired] = useState(0);
  const [busy, setBusy] = useState<'save' | 'preview'>();
  const [preview, setPreview] = useState<{ result: RulePreview; sent: string }>();
  const focusRow = useRef<number | undefined>(undefined);

  useEffect(() => { heading.current?.focus(); }, []);
  useEffect(() => {
    if (focusRow.current === undefined) return;
    document.getElementById(ids.field(focusRow.current))?.focus();
    focusRow.current = undefined;
  }, [draft.conditions.length]);

  const change = (part: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...part }));

  function refuse(error: unknown, sent: ReturnType<typeof toInput>) {
    setBusy(undefined);
    if (error instanceof ApiError && error.code === 'SESSION_EXPIRED') {
      setFailure(undefined);
      setExpired((n) => n + 1);
      return;
    }
    const found = problemsOf(t, error, draft, sent, ids, choices);
    if (found) {
      setFailure(undefined);
      setProblems(found);
      setAttempt((n) => n + 1);
      return;
    }
    setProblems(NO_PROBLEMS);
    setFailure((f) => ({ text: ruleErrorText(t, error), n: (f?.n ?? 0) + 1 }));
  }

  const clear = () => {
    setExpired(0);
    setFailure(undefined);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    const sent = toInput(draft);
    clear();
    setBusy('save');
    try {
      const saved = rule ? await api.changeRule(organisationId, rule.id, sent.input) : await api.createRule(organisationId, sent.input);
      onSaved(saved, !rule);
    } catch (error) {
      refuse(error, sent);
    }
  }

  async function tryIt() {
    const sent = toInput(draft);
    clear();
    setBusy('preview');
    try {
      const result = await api.previewRule(organisationId, sent.input, rule?.id);
      setBusy(undefined);
      setProblems(NO_PROBLEMS);
      setPreview({ result, sent: JSON.stringify(sent.input) });
    } catch (error) {
      refuse(error, sent);
    }
  }

  const addCondition = () => {
    const row = newCondition();
    focusRow.current = row.key;
    change({ conditions: [...draft.conditions, row] });
  };
  const removeCondition = (key: number) => {
    const at = draft.conditions.findIndex((c) => c.key === key);
    const rest = draft.conditions.filter((c) => c.key !== key);
    change({ conditions: rest });
    // the focus goes to the row that took its place (or the one before it)
    const next = rest[Math.min(at, rest.length - 1)];
    if (next) setTimeout(() => document.getElementById(ids.field(next.key))?.focus(), 0);
  };

  const e = problems.byId;
  const loginHref = `/auth/login?returnTo=${encodeURIComponent(window.location.pathname + window.location.search)}`;
  return (
    <form className="kuvert-admin-form kuvert-panel kuvert-sortrule-editor" onSubmit={save} noValidate aria-labelledby={`${base}-h`}>
      <h3 id={`${base}-h`} ref={heading} tabIndex={-1}>{rule ? t('ruleAdmin.editHeading', { name: rule.name }) : t('ruleAdmin.newHeading')}</h3>
      {expired > 0 && (
        <Alert key={expired} variant="error" heading={t('ruleAdmin.expired')} focus>
          <p>{t('ruleAdmin.expiredText')}</p>
          <p><a href={loginHref} target="_blank" rel="noopener">{t('ruleAdmin.loginAgain')}</a></p>
        </Alert>
      )}
      <ErrorSummary errors={problems.summary} attempt={attempt} />
      {failure && <Alert key={failure.n} variant="error" focus>{failure.text}</Alert>}

      <TextField id={ids.name} label={t('ruleAdmin.name')} hint={t('ruleAdmin.nameHint')} error={e[ids.name]}
        className="form-input input-width-xl" type="text" value={draft.name} maxLength={100} autoComplete="off" onChange={(ev) => change({ name: ev.target.value })} />

      <fieldset className="kuvert-fieldset kuvert-sortrule-conditions" aria-describedby={`${base}-conditions-hint`}>
        <legend className="form-label">{t('ruleAdmin.conditions')}</legend>
        <span className="form-hint" id={`${base}-conditions-hint`}>{t('ruleAdmin.conditionsHint')}</span>
        {draft.conditions.map((row, i) => (
          <ConditionRow key={row.key} row={row} n={i + 1} count={draft.conditions.length} ids={ids} choices={choices} errors={e}
            onChange={(next) => change({ conditions: draft.conditions.map((c) => (c.key === row.key ? next : c)) })}
            onRemove={() => removeCondition(row.key)} />
        ))}
        <div className={`kuvert-sortrule-add${e[ids.addCondition] ? ' form-group form-error' : ''}`}>
          <FieldError id={ids.addCondition} error={e[ids.addCondition]} />
          <button type="button" id={ids.addCondition} className="button button-secondary" onClick={addCondition}
            disabled={draft.conditions.length >= MAX_CONDITIONS} aria-describedby={e[ids.addCondition] ? `${ids.addCondition}-error` : undefined}>
            <Icon name="plus" />{t('ruleAdmin.addCondition')}
          </button>
        </div>
      </fieldset>
      <datalist id={ids.groups}>{choices.subscriptionGroups.map((g) => <option key={g} value={g} />)}</datalist>
      <datalist id={ids.materials}>{choices.materials.map((m) => <option key={m.code} value={m.code}>{m.name}</option>)}</datalist>

      <ActionsFields draft={draft} onChange={change} ids={ids} choices={choices} errors={e} />

      <fieldset className="kuvert-fieldset kuvert-sortrule-settings">
        <legend className="form-label">{t('ruleAdmin.settings')}</legend>
        <ul className="unstyled-list kuvert-choices">
          {([['enabled', ids.enabled], ['stopHere', ids.stopHere]] as const).map(([key, id]) => (
            <li key={key} className={`form-group-checkbox${e[id] ? ' form-error' : ''}`}>
              <FieldError id={id} error={e[id]} />
              <input type="checkbox" className="form-checkbox" id={id} checked={draft[key]} onChange={(ev) => change({ [key]: ev.target.checked })}
                aria-describedby={`${id}-hint`} />
              <label className="form-label" htmlFor={id}>{t(key === 'enabled' ? 'ruleAdmin.enabled' : 'ruleAdmin.stopHere')}</label>
              <span className="form-hint" id={`${id}-hint`}>{t(key === 'enabled' ? 'ruleAdmin.enabledHint' : 'ruleAdmin.stopHereHint')}</span>
            </li>
          ))}
        </ul>
      </fieldset>

      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy !== undefined}>{t('ruleAdmin.save')}</button>
        <button type="button" className="button button-secondary" disabled={busy !== undefined} onClick={() => void tryIt()}>{t('ruleAdmin.try')}</button>
        <button type="button" className="button button-tertiary" onClick={onCancel}>{t('admin.cancel')}</button>
      </div>
      {busy && <p className="kuvert-sub" role="status">{t(busy === 'save' ? 'ruleAdmin.saving' : 'ruleAdmin.trying')}</p>}
      {preview && <PreviewResult preview={preview.result} choices={choices} stale={preview.sent !== JSON.stringify(toInput(draft).input)} />}
    </form>
  );
}
