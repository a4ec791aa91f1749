import { useId, useState, type FormEvent } from 'react';
import { api, type EmptyingFolder, type EmptyingSystem, type Member } from '../api.ts';
import { Loaded, ListTable } from '../common/AsyncTable.tsx';
import { longDate } from '../common/format.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n, type T } from '../i18n.ts';
import { useAdmin } from './context.ts';
import { FormErrors, RowAction, SelectField, TextField, useFocusOnMount, useFormErrors, useStatus } from './form.tsx';
import { ageText } from './roles.ts';

type Editing = { kind: 'folder'; folder: EmptyingFolder } | { kind: 'system'; system: EmptyingSystem };

/** A threshold as people say it: whole days as days, else hours. */
export function thresholdText(t: T, hours: number): string {
  if (hours % 24 === 0) return hours === 24 ? t('emptying.day') : t('emptying.days', { n: hours / 24 });
  return hours === 1 ? t('emptying.hour') : t('emptying.hours', { n: hours });
}

const folderTitle = (t: T, folder: Pick<EmptyingFolder, 'kind' | 'name'>) => (folder.kind === 'INBOX' ? t('folder.INBOX') : folder.name);

/** Whether the member sees the folder: administrators and unlimited writers and readers see every folder. */
const sees = (member: Member, folderId: string) => member.folders === null || member.folders.some((f) => f.id === folderId);

/**
 * Is the mailbox emptied? (docs/emptying.md): each folder's letters not handled, the oldest one's age,
 * its responsible person or unit, its threshold and open alerts; the recipient systems and theirs.
 * Administrators set who is responsible and the thresholds.
 */
export function Emptying() {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const view = useAsync(() => api.emptying(organisationId), [organisationId]);
  const people = useAsync(() => api.people(organisationId), [organisationId]);
  const status = useStatus();
  const [editing, setEditing] = useState<Editing>();

  const done = (text: string) => {
    setEditing(undefined);
    view.reload();
    status.say('success', text);
  };
  const open = (next: Editing) => { status.clear(); setEditing(next); };

  return (
    <>
      <section className="kuvert-admin-section kuvert-emptying" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>{t('admin.section.emptying')}</h2>
        <p>{t('emptying.intro')}</p>
        {status.node}
        <h3>{t('emptying.folders')}</h3>
        <Loaded state={view}>
          {(data) => (
            <ListTable items={data.folders} empty="" className="kuvert-emptying-folders" caption={t('emptying.foldersCaption')} actions
              columns={[t('emptying.folder'), t('emptying.unhandled'), t('emptying.responsible'), t('emptying.threshold'), t('emptying.alerts')]}
              row={(f) => (
                <tr key={f.id} data-folder-id={f.id}>
                  <td data-title={t('emptying.folder')} className="kuvert-title"><strong>{folderTitle(t, f)}</strong></td>
                  <td data-title={t('emptying.unhandled')} className="kuvert-unhandled">
                    {f.unhandled}
                    {f.oldestUnhandledAt && <span className="kuvert-sub">{t('emptying.oldest', { age: ageText(t, f.oldestUnhandledAt) })}</span>}
                  </td>
                  <td data-title={t('emptying.responsible')} className="kuvert-responsible">
                    {!f.watch ? '–' : f.watch.responsible ? f.watch.responsible.name : t('emptying.nobody')}
                    {f.watch?.responsibleUnit && <span className="kuvert-sub">{f.watch.responsibleUnit}</span>}
                    {f.watch?.responsible && !f.watch.responsible.hasAccess && (
                      <span className="kuvert-sub kuvert-warning-text">{t('emptying.noAccess', { name: f.watch.responsible.name })}</span>
                    )}
                  </td>
                  <td data-title={t('emptying.threshold')}>{f.watch ? thresholdText(t, f.watch.thresholdHours) : t('emptying.noWatch')}</td>
                  <td data-title={t('emptying.alerts')} className="kuvert-alerts">
                    {f.openAlerts > 0
                      ? <span className="badge badge-warning kuvert-open-alerts">{f.openAlerts === 1 ? t('emptying.openAlertsOne') : t('emptying.openAlerts', { n: f.openAlerts })}</span>
                      : t('emptying.noAlerts')}
                    {f.overdue > f.openAlerts && <span className="kuvert-sub">{t('emptying.overdueNotYet', { n: f.overdue - f.openAlerts })}</span>}
                  </td>
                  <td data-title={t('dead.action')}>
                    <RowAction icon="edit" label={t('emptying.edit')} name={folderTitle(t, f)} onClick={() => open({ kind: 'folder', folder: f })} />
                  </td>
                </tr>
              )} />
          )}
        </Loaded>
        {editing?.kind === 'folder' && (
          <FolderWatchForm key={editing.folder.id} folder={editing.folder} people={(people.data ?? []).filter((m) => sees(m, editing.folder.id))}
            onCancel={() => setEditing(undefined)} onDone={done} />
        )}
      </section>
      <section className="kuvert-admin-section" aria-labelledby={`${id}-s`}>
        <h2 id={`${id}-s`}>{t('emptying.systems')}</h2>
        <p>{t('emptying.systemsIntro')}</p>
        <Loaded state={view} announceLoading={false}>
          {(data) => (
            <ListTable items={data.systems} empty={t('emptying.noSystems')} className="kuvert-emptying-systems" caption={t('emptying.systemsCaption')} actions
              columns={[t('emptying.system'), t('emptying.waiting'), t('emptying.lastFetch'), t('emptying.receipt'), t('emptying.alertAfter'), t('emptying.alerts')]}
              row={(s) => (
                <tr key={s.id} data-system-id={s.id}>
                  <td data-title={t('emptying.system')} className="kuvert-title">
                    <strong>{s.name}</strong>
                    {s.status === 'disabled' && <span className="kuvert-sub">{t('emptying.disabled')}</span>}
                  </td>
                  <td data-title={t('emptying.waiting')}>
                    {s.waiting}
                    {s.waiting > 0 && s.oldestWaitingAt && <span className="kuvert-sub">{t('emptying.oldest', { age: ageText(t, s.oldestWaitingAt) })}</span>}
                  </td>
                  <td data-title={t('emptying.lastFetch')}>
                    {s.lastFetchedAt ? <time dateTime={s.lastFetchedAt}>{longDate(lang, s.lastFetchedAt)}</time> : t('emptying.never')}
                  </td>
                  <td data-title={t('emptying.receipt')}>
                    {s.latestReceipt ? <>{s.latestReceipt.status}<span className="kuvert-sub">{longDate(lang, s.latestReceipt.at)}</span></> : '–'}
                  </td>
                  <td data-title={t('emptying.alertAfter')}>
                    {s.ownFetchAlertHours === null ? t('emptying.default', { hours: thresholdText(t, s.fetchAlertHours) }) : thresholdText(t, s.fetchAlertHours)}
                  </td>
                  <td data-title={t('emptying.alerts')} className="kuvert-alerts">
                    {s.alerts.length === 0 ? t('emptying.noAlerts') : (
                      <ul className="unstyled-list">
                        {s.alerts.map((a) => (
                          <li key={a.kind}>
                            <span className="badge badge-warning kuvert-system-alert" data-kind={a.kind}>
                              {a.kind === 'not-fetching'
                                ? t('emptying.alertNotFetching', { date: longDate(lang, a.raisedAt) })
                                : t('emptying.alertFailed', { date: longDate(lang, a.raisedAt) })}
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td data-title={t('dead.action')}>
                    {s.status === 'active' && (
                      <RowAction icon="edit" label={t('emptying.systemEdit')} name={s.name} onClick={() => open({ kind: 'system', system: s })} />
                    )}
                  </td>
                </tr>
              )} />
          )}
        </Loaded>
        {editing?.kind === 'system' && view.data && (
          <SystemForm key={editing.system.id} system={editing.system} defaultHours={view.data.defaultFetchAlertHours}
            onCancel={() => setEditing(undefined)} onDone={done} />
        )}
      </section>
    </>
  );
}

function FolderWatchForm({ folder, people, onDone, onCancel }: {
  folder: EmptyingFolder; people: Member[]; onDone: (text: string) => void; onCancel: () => void;
}) {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const form = useFormErrors();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const watch = folder.watch;
  const days = watch ? watch.thresholdHours % 24 === 0 : true;
  const [person, setPerson] = useState(watch?.responsible?.userId ?? '');
  const [unit, setUnit] = useState(watch?.responsibleUnit ?? '');
  const [value, setValue] = useState(watch ? String(days ? watch.thresholdHours / 24 : watch.thresholdHours) : '2');
  const [inDays, setInDays] = useState(days);
  const [busy, setBusy] = useState(false);
  const ids = { person: `${id}-person`, unit: `${id}-unit`, value: `${id}-value`, unitOfTime: `${id}-time` };
  const name = folderTitle(t, folder);
  // someone no longer able to see the folder stays chosen until changed, so the form says who it was
  const choices = watch?.responsible && !people.some((m) => m.userId === watch.responsible!.userId)
    ? [...people, { userId: watch.responsible.userId, name: watch.responsible.name } as Member] : people;

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    const n = Number(value.trim());
    const hours = inDays ? n * 24 : n;
    const valid = /^\d+$/.test(value.trim()) && hours >= 1 && hours <= 2160;
    if (!form.show(valid ? {} : { [ids.value]: t('emptying.thresholdInvalid') })) return;
    setBusy(true);
    try {
      await api.setFolderWatch(organisationId, folder.id, { responsibleUserId: person || null, responsibleUnit: unit.trim() || null, thresholdHours: hours });
      onDone(t('emptying.saved', { folder: name }));
    } catch (error) {
      setBusy(false);
      form.refuse(error, {
        THRESHOLD_INVALID: ids.value, RESPONSIBLE_PERSON_UNKNOWN: ids.person, RESPONSIBLE_PERSON_NO_ACCESS: ids.person,
        RESPONSIBLE_UNIT_INVALID: ids.unit, '/thresholdHours': ids.value, '/responsibleUnit': ids.unit,
      });
    }
  }

  async function remove() {
    setBusy(true);
    try {
      await api.removeFolderWatch(organisationId, folder.id);
      onDone(t('emptying.removed', { folder: name }));
    } catch (error) {
      setBusy(false);
      form.refuse(error, {});
    }
  }

  return (
    <form className="kuvert-admin-form kuvert-panel kuvert-watch-form" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} ref={heading} tabIndex={-1}>{t('emptying.editHeading', { folder: name })}</h3>
      <FormErrors form={form} />
      <SelectField id={ids.person} label={t('emptying.person')} hint={t('emptying.personHint')} error={form.errors[ids.person]}
        value={person} onChange={(e) => setPerson(e.target.value)}>
        <option value="">{t('emptying.personNone')}</option>
        {choices.map((m) => <option key={m.userId} value={m.userId}>{m.name}</option>)}
      </SelectField>
      <TextField id={ids.unit} label={t('emptying.unit')} hint={t('emptying.unitHint')} error={form.errors[ids.unit]}
        className="form-input input-width-l" type="text" value={unit} maxLength={100} autoComplete="off" onChange={(e) => setUnit(e.target.value)} />
      <div className="kuvert-threshold">
        <TextField id={ids.value} label={t('emptying.thresholdValue')} hint={t('emptying.thresholdHint')} error={form.errors[ids.value]}
          className="form-input input-width-xs" type="text" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} />
        <SelectField id={ids.unitOfTime} label={t('emptying.thresholdUnit')} error={undefined} value={inDays ? 'days' : 'hours'}
          onChange={(e) => setInDays(e.target.value === 'days')}>
          <option value="hours">{t('emptying.hoursUnit')}</option>
          <option value="days">{t('emptying.daysUnit')}</option>
        </SelectField>
      </div>
      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy}>{t('emptying.save')}</button>
        {watch && <button type="button" className="button button-secondary" disabled={busy} onClick={() => void remove()}>{t('emptying.remove')}</button>}
        <button type="button" className="button button-secondary" onClick={onCancel}>{t('admin.cancel')}</button>
      </div>
    </form>
  );
}

function SystemForm({ system, defaultHours, onDone, onCancel }: {
  system: EmptyingSystem; defaultHours: number; onDone: (text: string) => void; onCancel: () => void;
}) {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const form = useFormErrors();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [hours, setHours] = useState(system.ownFetchAlertHours === null ? '' : String(system.ownFetchAlertHours));
  const [busy, setBusy] = useState(false);
  const hoursId = `${id}-hours`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    const text = hours.trim();
    const n = Number(text);
    const valid = text === '' || (/^\d+$/.test(text) && n >= 1 && n <= 2160);
    if (!form.show(valid ? {} : { [hoursId]: t('emptying.systemHoursInvalid') })) return;
    setBusy(true);
    try {
      await api.setSystemFetchAlert(organisationId, system.id, { fetchAlertHours: text === '' ? null : n });
      onDone(t('emptying.systemSaved', { name: system.name }));
    } catch (error) {
      setBusy(false);
      form.refuse(error, { FETCH_ALERT_HOURS_INVALID: hoursId, '/fetchAlertHours': hoursId });
    }
  }

  return (
    <form className="kuvert-admin-form kuvert-panel" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} ref={heading} tabIndex={-1}>{t('emptying.systemHeading', { name: system.name })}</h3>
      <FormErrors form={form} />
      <TextField id={hoursId} label={t('emptying.systemHours')} hint={t('emptying.systemHoursHint', { hours: thresholdText(t, defaultHours) })}
        error={form.errors[hoursId]} className="form-input input-width-xs" type="text" inputMode="numeric" value={hours} onChange={(e) => setHours(e.target.value)} />
      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy}>{t('emptying.save')}</button>
        <button type="button" className="button button-secondary" onClick={onCancel}>{t('admin.cancel')}</button>
      </div>
    </form>
  );
}
