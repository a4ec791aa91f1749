import { useId, useState, type FormEvent } from 'react';
import { api, type SystemAdminView, type SystemKind, type SystemSecret } from '../api.ts';
import { AsyncTable } from '../common/AsyncTable.tsx';
import { longDate } from '../common/format.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n, type Key } from '../i18n.ts';
import { Link, paths } from '../router.tsx';
import { useAdmin } from './context.ts';
import { ConfirmStep, FormErrors, RadioChoices, RowAction, TextField, useFocusOnMount, useFormErrors, useStatus } from './form.tsx';
import { ageText } from './roles.ts';
import { SecretBox } from './SecretBox.tsx';

const KINDS: SystemKind[] = ['sender', 'recipient'];
type Action = { kind: 'rotate' | 'disable'; system: SystemAdminView };

/**
 * The organisation's systems (super-administrators): the machine clients that send letters or fetch
 * them at `/apis/v1`. A new secret is shown once; rotation keeps the old one working for a grace period.
 */
export function Systems() {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const systems = useAsync(() => api.systems(organisationId), [organisationId]);
  const status = useStatus();
  const [secret, setSecret] = useState<{ secret: SystemSecret; rotated: boolean }>();
  const [action, setAction] = useState<Action>();
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);

  const open = (next: Action) => { status.clear(); setSecret(undefined); setAction(next); };

  async function disable(system: SystemAdminView) {
    setBusy(true);
    const ok = await status.run(() => api.disableSystem(organisationId, system.id), t('systems.disabled', { name: system.name }));
    setBusy(false);
    if (ok) { setAction(undefined); systems.reload(); }
  }

  async function makeDefault(system: SystemAdminView) {
    setSecret(undefined);
    if (await status.run(() => api.makeDefaultSystem(organisationId, system.id), t('systems.madeDefault', { name: system.name }))) systems.reload();
  }

  return (
    <section className="kuvert-admin-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.section.systems')}</h2>
      <p>{t('systems.intro')}</p>
      <p><Link to={paths.admin(organisationId, 'monitoring')}>{t('monitoring.linkFromSystems')}</Link></p>
      {status.node}
      {secret && <SecretBox secret={secret.secret} rotated={secret.rotated} onClose={() => setSecret(undefined)} />}
      <AsyncTable state={systems} empty={t('systems.none')} className="kuvert-systems" caption={t('systems.caption')}
        columns={[t('systems.name'), t('systems.kind'), t('invitations.status'), t('systems.lastAuthenticated'), t('systems.waiting')]} actions
        row={(s) => (
          <tr key={s.id} data-system-id={s.id}>
            <td data-title={t('systems.name')} className="kuvert-title">
              <strong>{s.name}</strong>
              {s.isDefault && <span className="kuvert-sub"><span className="badge badge-info kuvert-default">{t('systems.default')}</span></span>}
              <span className="kuvert-sub kuvert-system-id">{s.id}</span>
            </td>
            <td data-title={t('systems.kind')}>{t(`systems.kind.${s.kind}` as Key)}</td>
            <td data-title={t('invitations.status')}>
              <span className={`badge ${s.status === 'active' ? 'badge-success' : ''} kuvert-status`} data-status={s.status}>{t(`systems.status.${s.status}` as Key)}</span>
              {s.previousSecretValidUntil && s.status === 'active' && (
                <span className="kuvert-sub">{t('systems.graceUntil', { date: longDate(lang, s.previousSecretValidUntil) })}</span>
              )}
            </td>
            <td data-title={t('systems.lastAuthenticated')}>
              {s.lastAuthenticatedAt ? <time dateTime={s.lastAuthenticatedAt}>{longDate(lang, s.lastAuthenticatedAt)}</time> : t('systems.never')}
            </td>
            <td data-title={t('systems.waiting')}>
              {s.kind === 'recipient' && s.waiting
                ? <>
                    {s.waiting.count === 0 ? t('systems.waitingNone') : s.waiting.count === 1 ? t('systems.waitingOne') : t('systems.waitingN', { n: s.waiting.count })}
                    {s.waiting.count > 0 && s.waiting.oldestAt && <span className="kuvert-sub">{t('systems.oldest', { age: ageText(t, s.waiting.oldestAt) })}</span>}
                  </>
                : '–'}
            </td>
            <td data-title={t('dead.action')}>
              {s.status === 'active' && (
                <ul className="unstyled-list kuvert-row-actions">
                  <li>
                    <RowAction icon="refresh" label={t('systems.rotate')} name={s.name} onClick={() => open({ kind: 'rotate', system: s })} />
                  </li>
                  {s.kind === 'sender' && !s.isDefault && (
                    <li>
                      <RowAction icon="check" label={t('systems.makeDefault')} name={s.name} onClick={() => void makeDefault(s)} />
                    </li>
                  )}
                  <li>
                    <RowAction icon="close" label={t('systems.disable')} name={s.name} onClick={() => open({ kind: 'disable', system: s })} />
                  </li>
                </ul>
              )}
            </td>
          </tr>
        )} />
      {action?.kind === 'rotate' && (
        <RotateForm key={action.system.id} system={action.system} onCancel={() => setAction(undefined)}
          onDone={(s) => { setAction(undefined); systems.reload(); setSecret({ secret: s, rotated: true }); }} />
      )}
      {action?.kind === 'disable' && (
        <ConfirmStep key={action.system.id} heading={t('systems.disableHeading', { name: action.system.name })} confirm={t('systems.disable')}
          onConfirm={() => void disable(action.system)} onCancel={() => setAction(undefined)} busy={busy}>
          <p>{t('systems.disableExplain')}</p>
        </ConfirmStep>
      )}
      <CreateForm key={formKey} onDone={(s) => { setFormKey((n) => n + 1); setAction(undefined); status.clear(); systems.reload(); setSecret({ secret: s, rotated: false }); }} />
    </section>
  );
}

function RotateForm({ system, onDone, onCancel }: { system: SystemAdminView; onDone: (secret: SystemSecret) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const form = useFormErrors();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [hours, setHours] = useState('24');
  const [busy, setBusy] = useState(false);
  const hoursId = `${id}-hours`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    const n = Number(hours.trim());
    if (!form.show(/^\d+$/.test(hours.trim()) && n <= 720 ? {} : { [hoursId]: t('systems.graceInvalid') })) return;
    setBusy(true);
    try {
      onDone(await api.rotateSystem(organisationId, system.id, n));
    } catch (error) {
      setBusy(false);
      form.refuse(error, { GRACE_HOURS_INVALID: hoursId, '/graceHours': hoursId });
    }
  }

  return (
    <form className="kuvert-admin-form kuvert-panel" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} ref={heading} tabIndex={-1}>{t('systems.rotateHeading', { name: system.name })}</h3>
      <p>{t('systems.rotateExplain')}</p>
      <FormErrors form={form} />
      <TextField id={hoursId} label={t('systems.grace')} hint={t('systems.graceHint')} error={form.errors[hoursId]}
        className="form-input input-width-xs" type="text" inputMode="numeric" value={hours} onChange={(e) => setHours(e.target.value)} />
      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy}>{t('systems.rotateButton')}</button>
        <button type="button" className="button button-secondary" onClick={onCancel}>{t('admin.cancel')}</button>
      </div>
    </form>
  );
}

function CreateForm({ onDone }: { onDone: (secret: SystemSecret) => void }) {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const form = useFormErrors();
  const [kind, setKind] = useState<SystemKind>();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const ids = { kind: `${id}-kind`, name: `${id}-name` };

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    const found: Record<string, string> = {};
    if (!kind) found[ids.kind] = t('systems.kindRequired');
    if (!name.trim()) found[ids.name] = t('systems.nameRequired');
    if (!form.show(found) || !kind) return;
    setBusy(true);
    try {
      onDone(await api.createSystem(organisationId, { kind, name: name.trim() }));
    } catch (error) {
      setBusy(false);
      form.refuse(error, { SYSTEM_NAME_TAKEN: ids.name, SYSTEM_NAME_INVALID: ids.name, SYSTEM_KIND_INVALID: ids.kind, '/name': ids.name, '/kind': ids.kind });
    }
  }

  return (
    <form className="kuvert-admin-form" onSubmit={submit} noValidate>
      <h3>{t('systems.new')}</h3>
      <FormErrors form={form} />
      <RadioChoices id={ids.kind} legend={t('systems.kind')} options={KINDS} value={kind} onChange={setKind}
        label={(k) => t(`systems.kind.${k}` as Key)} hint={(k) => t(`systems.kind.${k}.explain` as Key)} error={form.errors[ids.kind]} />
      <TextField id={ids.name} label={t('systems.name')} hint={t('systems.nameHint')} error={form.errors[ids.name]}
        className="form-input input-width-xl" type="text" value={name} maxLength={200} autoComplete="off" onChange={(e) => setName(e.target.value)} />
      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy}>{t('systems.create')}</button>
      </div>
    </form>
  );
}
