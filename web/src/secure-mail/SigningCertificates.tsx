import { useId, useState, type FormEvent } from 'react';
import { api, type SecureMailView } from '../api.ts';
import { ListTable } from '../common/AsyncTable.tsx';
import { ErrorSummary } from '../common/ErrorSummary.tsx';
import { dayDate } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';
import { CertificateInput } from './CertificateInput.tsx';
import { certificateErrorText, daysLeftText, fingerprint } from './certificates.ts';

/** The certificates your mail system signs with: mail signed with one of them is accepted into Kuvert as yours. */
export function SigningCertificates({ organisationId, certificates, run, onAdded }: {
  organisationId: string;
  certificates: SecureMailView['signingCertificates'];
  run: (action: () => Promise<unknown>, success: string) => Promise<boolean>;
  onAdded: (text: string) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const [pem, setPem] = useState('');
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const fieldId = `${id}-signing-certificate`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!pem.trim()) {
      setError(t('signing.required'));
      setAttempt((n) => n + 1);
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await api.addSigningCertificate(organisationId, pem.trim());
      setPem('');
      setFormKey((n) => n + 1);
      onAdded(t('signing.added'));
    } catch (problem) {
      setError(certificateErrorText(t, lang, problem));
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  function remove(certificate: SecureMailView['signingCertificates'][number]) {
    if (!window.confirm(t('signing.confirmRemove', { subject: certificate.subject }))) return;
    void run(() => api.removeSigningCertificate(organisationId, certificate.id), t('signing.removed'));
  }

  return (
    <>
      <ListTable items={certificates} empty={t('signing.none')} className="kuvert-signing-certificates" caption={t('signing.caption')}
        columns={[t('cert.subject'), t('signing.validTo'), t('cert.daysLeftLabel'), t('cert.fingerprint')]} actions
        row={(c) => (
          <tr key={c.id}>
            <td data-title={t('cert.subject')} className="kuvert-title">{c.subject}</td>
            <td data-title={t('signing.validTo')}><time dateTime={c.notAfter}>{dayDate(lang, c.notAfter)}</time></td>
            <td data-title={t('cert.daysLeftLabel')}>{daysLeftText(t, c.daysLeft)}</td>
            <td data-title={t('cert.fingerprint')}><code className="kuvert-fingerprint">{fingerprint(c.fingerprintSha256)}</code></td>
            <td data-title={t('dead.action')}>
              <button type="button" className="function-link kuvert-remove-certificate" onClick={() => remove(c)}>
                <Icon name="delete" />{t('signing.remove')}<span className="sr-only">: {c.subject}</span>
              </button>
            </td>
          </tr>
        )} />
      <form className="kuvert-signing-form" onSubmit={submit} noValidate>
        <h3>{t('signing.add')}</h3>
        <ErrorSummary errors={error ? [[fieldId, error]] : []} attempt={attempt} />
        <CertificateInput key={formKey} id={fieldId} label={t('signing.certificate')} pasteLabel={t('signing.paste')} hint={t('signing.certificateHint')}
          value={pem} onChange={(text) => { setPem(text); setError(undefined); }} error={error} />
        <div className="kuvert-form-buttons">
          <button type="submit" className="button button-secondary" disabled={busy}><Icon name="upload" />{t('signing.upload')}</button>
        </div>
      </form>
    </>
  );
}
