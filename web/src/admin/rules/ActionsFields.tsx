import type { ReactNode } from 'react';
import type { RuleChoices } from '../../api.ts';
import { useI18n, type Key } from '../../i18n.ts';
import { FieldError } from '../form.tsx';
import type { ActionKind, ControlIds, RuleDraft } from './draft.ts';

const toggled = (list: readonly string[], item: string, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

/**
 * What a rule does, each a checkbox that opens its choices: file in one of the mailbox's own folders,
 * deliver to recipient systems, notify people and confirmed addresses, forward by secure e-mail (when
 * the organisation has it set up), mark.
 */
export function ActionsFields({ draft, onChange, ids, choices, errors }: {
  draft: RuleDraft;
  onChange: (change: Partial<RuleDraft>) => void;
  ids: ControlIds;
  choices: RuleChoices;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const actionsError = errors[ids.action('file')];

  // a function, not a component: its inputs keep their focus across renders
  const action = (kind: ActionKind, on: boolean, children?: ReactNode) => {
    const id = ids.action(kind);
    const error = kind === 'file' ? undefined : errors[id];
    const hint = t(`ruleAdmin.action.${kind}.hint` as Key);
    return (
      <li key={kind} className={`form-group-checkbox kuvert-sortrule-action${error ? ' form-error' : ''}`} data-action={kind}>
        <FieldError id={id} error={error} />
        <input type="checkbox" className="form-checkbox" id={id} checked={on} onChange={(e) => onChange({ [kind]: e.target.checked })}
          aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')} />
        <label className="form-label" htmlFor={id}>{t(`ruleAdmin.action.${kind}.label` as Key)}</label>
        <span className="form-hint" id={`${id}-hint`}>{hint}</span>
        {on && children && <div className="kuvert-sortrule-action-detail">{children}</div>}
      </li>
    );
  };

  const folderError = errors[ids.folder];
  const knownFolder = draft.folderId === '' || choices.folders.some((f) => f.id === draft.folderId);
  const systemsError = errors[ids.systems];
  const targetsError = errors[ids.targets];
  // a system or person the rule names that is gone: still shown, so that it can be taken off
  const systems = [...choices.systems, ...draft.systemIds.filter((id) => !choices.systems.some((s) => s.id === id)).map((id) => ({ id, name: t('ruleAdmin.unknown'), active: false }))];
  const people = [...choices.people, ...draft.userIds.filter((id) => !choices.people.some((p) => p.userId === id)).map((userId) => ({ userId, name: t('ruleAdmin.unknown') }))];
  const addresses = [...choices.addresses, ...draft.addresses.filter((a) => !choices.addresses.includes(a))];

  return (
    <fieldset className={`kuvert-fieldset kuvert-sortrule-actions${actionsError ? ' form-group form-error' : ''}`}
      aria-describedby={actionsError ? `${ids.action('file')}-error` : undefined}>
      <legend className="form-label">{t('ruleAdmin.actions')}</legend>
      <FieldError id={ids.action('file')} error={actionsError} />
      <ul className="unstyled-list kuvert-choices">
        {action('file', draft.file, (
          <div className={`form-group${folderError ? ' form-error' : ''}`}>
            <label className="form-label" htmlFor={ids.folder}>{t('ruleAdmin.folder')}</label>
            {choices.folders.length === 0 && <span className="form-hint" id={`${ids.folder}-hint`}>{t('ruleAdmin.noFolders')}</span>}
            <FieldError id={ids.folder} error={folderError} />
            <select id={ids.folder} className="form-select" value={draft.folderId} onChange={(e) => onChange({ folderId: e.target.value })}
              aria-describedby={[choices.folders.length === 0 ? `${ids.folder}-hint` : '', folderError ? `${ids.folder}-error` : ''].filter(Boolean).join(' ') || undefined}>
              <option value="">{t('ruleAdmin.chooseFolder')}</option>
              {choices.folders.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
              {!knownFolder && <option value={draft.folderId}>{t('ruleAdmin.unknown')}</option>}
            </select>
          </div>
        ))}
        {action('deliver', draft.deliver,
          systems.length === 0
            ? <p className="kuvert-sub" id={ids.systems}>{t('ruleAdmin.noSystems')}</p>
            : (
              <fieldset className={`kuvert-fieldset${systemsError ? ' form-group form-error' : ''}`} aria-describedby={systemsError ? `${ids.systems}-error` : undefined}>
                <legend className="form-label">{t('ruleAdmin.systems')}</legend>
                <FieldError id={ids.systems} error={systemsError} />
                <ul className="unstyled-list kuvert-choices">
                  {systems.map((s, i) => (
                    <li key={s.id} className="form-group-checkbox">
                      <input type="checkbox" className="form-checkbox" id={ids.system(i)} checked={draft.systemIds.includes(s.id)}
                        onChange={(e) => onChange({ systemIds: toggled(draft.systemIds, s.id, e.target.checked) })} />
                      <label className="form-label" htmlFor={ids.system(i)}>{s.active ? s.name : t('ruleAdmin.systemInactive', { name: s.name })}</label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            ))}
        {action('notify', draft.notify,
          people.length + addresses.length === 0
            ? <p className="kuvert-sub" id={ids.targets}>{t('ruleAdmin.noTargets')}</p>
            : (
              <fieldset className={`kuvert-fieldset${targetsError ? ' form-group form-error' : ''}`} aria-describedby={targetsError ? `${ids.targets}-error` : undefined}>
                <legend className="form-label">{t('ruleAdmin.targets')}</legend>
                <FieldError id={ids.targets} error={targetsError} />
                <ul className="unstyled-list kuvert-choices">
                  {people.map((p, i) => (
                    <li key={p.userId} className="form-group-checkbox">
                      <input type="checkbox" className="form-checkbox" id={ids.person(i)} checked={draft.userIds.includes(p.userId)}
                        onChange={(e) => onChange({ userIds: toggled(draft.userIds, p.userId, e.target.checked) })} />
                      <label className="form-label" htmlFor={ids.person(i)}>{p.name}</label>
                    </li>
                  ))}
                  {addresses.map((a, i) => (
                    <li key={a} className="form-group-checkbox">
                      <input type="checkbox" className="form-checkbox" id={ids.address(i, people.length)} checked={draft.addresses.includes(a)}
                        onChange={(e) => onChange({ addresses: toggled(draft.addresses, a, e.target.checked) })} />
                      <label className="form-label" htmlFor={ids.address(i, people.length)}>{a}</label>
                    </li>
                  ))}
                </ul>
                {choices.addresses.length === 0 && <p className="kuvert-sub">{t('ruleAdmin.noAddresses')}</p>}
              </fieldset>
            ))}
        {(choices.forwardingSetUp || draft.forward) && action('forward', draft.forward)}
        {action('mark', draft.mark)}
      </ul>
    </fieldset>
  );
}
