import { useId, useState, type FormEvent } from 'react';
import { Alert } from '../common/Alert.tsx';
import { ListTable, Loaded } from '../common/AsyncTable.tsx';
import { dayDate } from '../common/format.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n, type Key, type T } from '../i18n.ts';
import { Link } from '../router.tsx';
import { CertificateInput } from '../secure-mail/CertificateInput.tsx';
import { certificateErrorText, daysLeftText, fingerprint, isCertificateError } from '../secure-mail/certificates.ts';
import {
  certificatesApi, type CertificateDependent, type CertificateOverview, type OrganisationCertificate, type SystemCertificateCheck,
} from './certificates-api.ts';
import { useAdmin } from './context.ts';
import { ConfirmStep, FormErrors, RowAction, SelectField, useFocusOnMount, useFormErrors, useStatus } from './form.tsx';

const STATE_BADGE: Record<OrganisationCertificate['state'], string> = {
  valid: 'badge-success', expiring: 'badge-warning', expired: 'badge-error', 'not-yet-valid': 'badge-info',
};

function dependentText(t: T, d: CertificateDependent): string {
  if (d.kind === 'system') return t(d.status === 'disabled' ? 'certs.dependent.systemDisabled' : 'certs.dependent.system', { name: d.name ?? '' });
  if (d.kind === 'forwarding') return t('certs.dependent.forwarding', { name: d.name ?? '' });
  return t('certs.dependent.mail-system');
}

/**
 * Every certificate of the organisation (Administration → Certifikater, docs/certificates.md), the one
 * that expires first at the top, with what stops when it expires and where it is renewed; the
 * certificates that expire soon or have expired first of all. Super-administrators register systems'
 * client certificates here (check first, then register) and remove them.
 */
export function Certificates() {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const overview = useAsync(() => certificatesApi.overview(organisationId), [organisationId]);
  const status = useStatus();
  const [removing, setRemoving] = useState<OrganisationCertificate>();
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);

  async function remove(certificate: OrganisationCertificate) {
    const system = certificate.dependents[0];
    if (!system?.id) return;
    setBusy(true);
    const ok = await status.run(() => certificatesApi.remove(organisationId, system.id!, certificate.id), t('certs.removed'));
    setBusy(false);
    if (ok) { setRemoving(undefined); overview.reload(); }
  }

  return (
    <section className="kuvert-admin-section kuvert-certificates" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.section.certificates')}</h2>
      <p>{t('certs.intro')}</p>
      {status.node}
      <Loaded state={overview}>
        {(data) => (
          <>
            <Warnings certificates={data.certificates} />
            <CertificateTable data={data} onRemove={(c) => { status.clear(); setRemoving(c); }} />
            {removing && (
              <ConfirmStep key={removing.id} heading={t('certs.removeHeading', { subject: removing.subject })} confirm={t('certs.remove')}
                onConfirm={() => void remove(removing)} onCancel={() => setRemoving(undefined)} busy={busy}>
                <p>{t('certs.removeExplain', { name: removing.dependents[0]?.name ?? '' })}</p>
              </ConfirmStep>
            )}
            {data.mayRegister
              ? <RegisterForm key={formKey} systems={data.systems.filter((s) => s.status === 'active')}
                  onDone={(name) => { setFormKey((n) => n + 1); setRemoving(undefined); status.say('success', t('certs.registered', { name })); overview.reload(); }} />
              : <p className="kuvert-muted">{t('certs.onlySuperAdmins')}</p>}
          </>
        )}
      </Loaded>
    </section>
  );
}

/** The certificates that expire within 30 days or have expired, each with what stops. */
function Warnings({ certificates }: { certificates: OrganisationCertificate[] }) {
  const { t, lang } = useI18n();
  const due = certificates.filter((c) => c.state === 'expiring' || c.state === 'expired');
  if (due.length === 0) return null;
  return (
    <div className="kuvert-certificate-warnings">
      <Alert variant="warning">
        <p><strong>{t('certs.warningsHeading')}</strong></p>
        <ul>
          {due.map((c) => (
            <li key={`${c.kind}-${c.id}`}>
              {t('certs.warningItem', {
                subject: c.subject, kind: t(`certs.kind.${c.kind}` as Key),
                when: c.state === 'expired'
                  ? t('certs.expiredOn', { date: dayDate(lang, c.notAfter) })
                  : t('certs.expiresOn', { date: dayDate(lang, c.notAfter), days: daysLeftText(t, c.daysLeft) }),
                usedBy: c.dependents.map((d) => dependentText(t, d)).join(', '),
              })}
            </li>
          ))}
        </ul>
      </Alert>
    </div>
  );
}

function CertificateTable({ data, onRemove }: { data: CertificateOverview; onRemove: (c: OrganisationCertificate) => void }) {
  const { t, lang } = useI18n();
  return (
    <ListTable items={data.certificates} empty={t('certs.none')} className="kuvert-certificate-list" caption={t('certs.caption')}
      columns={[t('certs.certificate'), t('certs.expires'), t('certs.usedBy')]} actions
      row={(c) => (
        <tr key={`${c.kind}-${c.id}`} data-kind={c.kind} data-state={c.state}>
          <td data-title={t('certs.certificate')} className="kuvert-title">
            <strong className="kuvert-certificate-subject">{c.subject}</strong>
            <span className="kuvert-sub">{t(`certs.kind.${c.kind}` as Key)}</span>
            <span className="kuvert-sub">{t('cert.issuer')}: {c.issuer}</span>
            <span className="kuvert-sub kuvert-fingerprint">{t('certs.serial', { serial: c.serialNumber })}</span>
          </td>
          <td data-title={t('certs.expires')}>
            <time dateTime={c.notAfter}>{dayDate(lang, c.notAfter)}</time>
            <span className="kuvert-sub">
              <span className={`badge ${STATE_BADGE[c.state]} kuvert-certificate-state`}>{t(`certs.state.${c.state}` as Key)}</span>
            </span>
            {c.state !== 'expired' && <span className="kuvert-sub">{daysLeftText(t, c.daysLeft)}</span>}
            {c.warned.length > 0 && <span className="kuvert-sub">{t('certs.warned', { days: c.warned.join(', ') })}</span>}
          </td>
          <td data-title={t('certs.usedBy')}>
            <ul className="unstyled-list">
              {c.dependents.map((d, i) => <li key={i}>{dependentText(t, d)}</li>)}
            </ul>
          </td>
          <td data-title={t('dead.action')}>
            {/* the changes are the super-administrators' (systems' certificates here, mail certificates on Sikker e-mail) */}
            {data.mayRegister && (c.kind === 'system-client'
              ? <RowAction icon="delete" label={t('certs.remove')} name={c.subject} onClick={() => onRemove(c)} />
              : <Link to={c.renewPath}>{t('certs.renewSecureMail')}</Link>)}
          </td>
        </tr>
      )} />
  );
}

/** What a checked certificate is, before it is registered. */
function CheckedCertificate({ checked, busy, onRegister, onCancel }: { checked: SystemCertificateCheck; busy: boolean; onRegister: () => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <div className="kuvert-panel kuvert-certificate-check">
      <h3 ref={heading} tabIndex={-1}>{t('certs.checkedHeading')}</h3>
      <dl className="kuvert-facts-list kuvert-certificate">
        <div className="kuvert-fact"><dt>{t('cert.subject')}</dt><dd>{checked.subject}</dd></div>
        <div className="kuvert-fact"><dt>{t('cert.issuer')}</dt><dd>{checked.issuer}</dd></div>
        <div className="kuvert-fact"><dt>{t('certs.serialLabel')}</dt><dd><code className="kuvert-fingerprint">{checked.serialNumber}</code></dd></div>
        <div className="kuvert-fact">
          <dt>{t('cert.validity')}</dt>
          <dd>
            <time dateTime={checked.notBefore}>{dayDate(lang, checked.notBefore)}</time>
            {' – '}
            <time dateTime={checked.notAfter}>{dayDate(lang, checked.notAfter)}</time>
            {' '}({daysLeftText(t, checked.daysLeft)})
          </dd>
        </div>
        <div className="kuvert-fact"><dt>{t('cert.fingerprint')}</dt><dd><code className="kuvert-fingerprint">{fingerprint(checked.fingerprintSha256)}</code></dd></div>
      </dl>
      <p>{t('certs.checkedFor', { name: checked.systemName })}</p>
      <div className="kuvert-form-buttons">
        <button type="button" className="button button-primary" onClick={onRegister} disabled={busy}>{t('certs.confirm')}</button>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={busy}>{t('admin.cancel')}</button>
      </div>
    </div>
  );
}

/** Register a client certificate for a system: the certificate is read and shown first ("check"), stored only on "Register". */
function RegisterForm({ systems, onDone }: { systems: CertificateOverview['systems']; onDone: (systemName: string) => void }) {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const form = useFormErrors();
  const [systemId, setSystemId] = useState('');
  const [pem, setPem] = useState('');
  const [checked, setChecked] = useState<SystemCertificateCheck>();
  const [busy, setBusy] = useState(false);
  const ids = { system: `${id}-system`, certificate: `${id}-certificate` };

  const refuse = (error: unknown) => {
    if (isCertificateError(error)) form.show({ [ids.certificate]: certificateErrorText(t, lang, error) });
    else form.refuse(error, { SYSTEM_NOT_FOUND: ids.system, SYSTEM_DISABLED: ids.system, SYSTEM_CERTIFICATE_LIMIT: ids.system, '/certificate': ids.certificate });
  };

  async function check(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    setChecked(undefined);
    const found: Record<string, string> = {};
    if (!systemId) found[ids.system] = t('certs.systemRequired');
    if (!pem.trim()) found[ids.certificate] = t('certs.required');
    if (!form.show(found)) return;
    setBusy(true);
    try {
      setChecked(await certificatesApi.check(organisationId, systemId, pem.trim()));
    } catch (error) {
      refuse(error);
    } finally {
      setBusy(false);
    }
  }

  async function register() {
    if (!checked) return;
    setBusy(true);
    try {
      await certificatesApi.register(organisationId, checked.systemId, pem.trim());
      onDone(checked.systemName);
    } catch (error) {
      setBusy(false);
      setChecked(undefined);
      refuse(error);
    }
  }

  return (
    <form className="kuvert-admin-form kuvert-certificate-form" onSubmit={check} noValidate>
      <h3>{t('certs.register')}</h3>
      <p>{t('certs.registerIntro')}</p>
      {systems.length === 0 && <p className="kuvert-empty">{t('certs.noSystems')}</p>}
      <FormErrors form={form} />
      <SelectField id={ids.system} label={t('certs.system')} hint={t('certs.systemHint')} error={form.errors[ids.system]} value={systemId}
        onChange={(e) => { setSystemId(e.target.value); setChecked(undefined); }}>
        <option value="">{t('certs.chooseSystem')}</option>
        {systems.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
      </SelectField>
      <CertificateInput id={ids.certificate} label={t('certs.file')} pasteLabel={t('certs.paste')} hint={t('certs.fileHint')} value={pem}
        onChange={(text) => { setPem(text); setChecked(undefined); }} error={form.errors[ids.certificate]} />
      {checked
        ? <CheckedCertificate checked={checked} busy={busy} onRegister={() => void register()} onCancel={() => setChecked(undefined)} />
        : (
          <div className="kuvert-form-buttons">
            <button type="submit" className="button button-primary" disabled={busy}>{t('certs.check')}</button>
          </div>
        )}
    </form>
  );
}
