import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type CertificateView, type SecureMailView } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { ErrorSummary } from '../common/ErrorSummary.tsx';
import { errorText } from '../common/errors.ts';
import { useI18n } from '../i18n.ts';
import { CertificateDetails } from './CertificateDetails.tsx';
import { CertificateInput, type CertificateSource } from './CertificateInput.tsx';
import { certificateErrorText, isCertificateError } from './certificates.ts';
import { conditionProblem, conditionValueId, draftsOf, emptyRule, ruleNameId, rulesOf, RulesEditor, type RuleDraft } from './RulesEditor.tsx';

type Preview = { state: 'none' } | { state: 'checking' } | { state: 'ok'; certificate: CertificateView } | { state: 'refused'; error: unknown };

// as the server checks it
const ADDRESS = /^[^@\s<>()",;:\\]{1,64}@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

/**
 * Set up or change forwarding: the secure e-mail address, its receiving certificate (checked by the
 * server as soon as it is chosen, and shown), and which mail (all, or what rules choose).
 */
export function ForwardingForm({ organisationId, forwarding, onSaved }: {
  organisationId: string;
  forwarding: SecureMailView['forwarding'];
  onSaved: (address: string) => void;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const current = forwarding && forwarding.status !== 'disabled' ? forwarding : null;
  const [address, setAddress] = useState(current?.address ?? '');
  const [pem, setPem] = useState('');
  const source = useRef<CertificateSource>('paste');
  const [preview, setPreview] = useState<Preview>({ state: 'none' });
  const [scope, setScope] = useState<'all' | 'rules'>(current?.scope ?? 'all');
  const [rules, setRules] = useState<RuleDraft[]>(() => draftsOf(current?.rules ?? []));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [failure, setFailure] = useState<string>();
  const [saving, setSaving] = useState(false);

  const ids = {
    address: `${id}-address`,
    certificate: `${id}-certificate`,
    scope: `${id}-scope-all`,
    rules: `${id}-rules`,
  };

  // the server describes the certificate (or says why it cannot be used): at once for a file, after a pause while pasting
  useEffect(() => {
    const text = pem.trim();
    if (!text) { setPreview({ state: 'none' }); return; }
    let live = true;
    const timer = setTimeout(() => {
      setPreview({ state: 'checking' });
      api.previewCertificate(organisationId, text).then(
        (certificate) => { if (live) setPreview({ state: 'ok', certificate }); },
        (error: unknown) => { if (live) setPreview({ state: 'refused', error }); },
      );
    }, source.current === 'file' ? 0 : 600);
    return () => { live = false; clearTimeout(timer); };
  }, [pem, organisationId]);

  function changeCertificate(text: string, from: CertificateSource) {
    source.current = from;
    setPem(text);
    setErrors(({ [ids.certificate]: _, ...rest }) => rest);
  }

  function changeScope(next: 'all' | 'rules') {
    setScope(next);
    if (next === 'rules' && rules.length === 0) setRules([emptyRule()]);
  }

  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    const trimmed = address.trim();
    if (!trimmed) found[ids.address] = t('forwarding.addressRequired');
    else if (!ADDRESS.test(trimmed) || trimmed.length > 254) found[ids.address] = t('forwarding.addressInvalid');
    if (!pem.trim()) found[ids.certificate] = t('forwarding.certificateRequired');
    else if (preview.state === 'refused') found[ids.certificate] = certificateErrorText(t, lang, preview.error);
    else if (preview.state === 'ok' && trimmed && preview.certificate.emailAddresses.length > 0
      && !preview.certificate.emailAddresses.includes(trimmed.toLowerCase())) {
      found[ids.certificate] = t('cert.addressMismatch', { emails: preview.certificate.emailAddresses.join(', '), address: trimmed });
    }
    if (scope === 'rules') {
      if (rules.length === 0) found[ids.rules] = t('rules.none');
      rules.forEach((rule, i) => {
        if (!rule.name.trim()) found[ruleNameId(id, rule)] = t('rules.nameRequired', { n: i + 1 });
        rule.conditions.forEach((condition, j) => {
          const problem = conditionProblem(t, condition);
          if (problem) found[conditionValueId(id, condition)] = t('rules.conditionProblem', { rule: i + 1, n: j + 1, problem });
        });
      });
    }
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(undefined);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    setSaving(true);
    try {
      await api.setForwarding(organisationId, {
        address: address.trim(), certificate: pem.trim(), scope, rules: scope === 'rules' ? rulesOf(rules) : [],
      });
      onSaved(address.trim().toLowerCase());
    } catch (error) {
      setSaving(false);
      const field = error instanceof ApiError
        ? error.code === 'ADDRESS_INVALID' ? ids.address : error.code === 'RULES_INVALID' ? ids.rules : isCertificateError(error) ? ids.certificate : undefined
        : undefined;
      if (field) {
        setErrors({ [field]: field === ids.certificate ? certificateErrorText(t, lang, error) : errorText(t, error) });
        setAttempt((n) => n + 1);
      } else {
        setFailure(errorText(t, error));
      }
    }
  }

  const summary = Object.entries(errors);
  const error = (field: string) => errors[field];
  return (
    <form className="kuvert-forwarding-form" onSubmit={submit} noValidate>
      <h3>{current ? t('forwarding.change') : t('forwarding.setUp')}</h3>
      <ErrorSummary errors={summary} attempt={attempt} />
      {failure && <Alert variant="error" focus>{failure}</Alert>}

      <div className={`form-group${error(ids.address) ? ' form-error' : ''}`}>
        <label className="form-label" htmlFor={ids.address}>{t('forwarding.address')}</label>
        <span className="form-hint" id={`${ids.address}-hint`}>{t('forwarding.addressHint')}</span>
        {error(ids.address) && <span className="form-error-message" id={`${ids.address}-error`}><span className="sr-only">{t('app.error')}: </span>{error(ids.address)}</span>}
        <input id={ids.address} className="form-input input-width-xl" type="email" value={address} maxLength={254} autoComplete="off" spellCheck={false}
          aria-describedby={`${ids.address}-hint${error(ids.address) ? ` ${ids.address}-error` : ''}`} aria-invalid={error(ids.address) ? true : undefined}
          onChange={(e) => setAddress(e.target.value)} />
      </div>

      <CertificateInput id={ids.certificate} label={t('forwarding.certificate')} pasteLabel={t('forwarding.paste')} hint={t('forwarding.certificateHint')}
        value={pem} onChange={changeCertificate} error={error(ids.certificate)} />
      <div className="kuvert-preview" aria-live="polite">
        {preview.state === 'checking' && <p className="kuvert-muted">{t('cert.checking')}</p>}
        {preview.state === 'ok' && (
          <div className="kuvert-preview-ok">
            <h4 className="h5">{t('cert.previewHeading')}</h4>
            <CertificateDetails certificate={preview.certificate} />
          </div>
        )}
      </div>
      {preview.state === 'refused' && <Alert variant="error">{certificateErrorText(t, lang, preview.error)}</Alert>}

      <fieldset className="kuvert-scope">
        <legend className="form-label">{t('forwarding.scope')}</legend>
        <ul className="unstyled-list">
          <li className="form-group-radio">
            <input type="radio" className="form-radio" id={ids.scope} name={`${id}-scope`} value="all" checked={scope === 'all'} onChange={() => changeScope('all')} />
            <label className="form-label" htmlFor={ids.scope}>{t('forwarding.scopeAll')}</label>
          </li>
          <li className="form-group-radio">
            <input type="radio" className="form-radio" id={`${id}-scope-rules`} name={`${id}-scope`} value="rules" checked={scope === 'rules'}
              aria-describedby={`${id}-scope-rules-hint`} onChange={() => changeScope('rules')} />
            <label className="form-label" htmlFor={`${id}-scope-rules`}>{t('forwarding.scopeRules')}</label>
            <span className="form-hint" id={`${id}-scope-rules-hint`}>{t('forwarding.scopeRulesHint')}</span>
          </li>
        </ul>
      </fieldset>

      {scope === 'rules' && (
        <div id={ids.rules} tabIndex={-1} className={`kuvert-rules-block${error(ids.rules) ? ' form-group form-error' : ''}`}>
          <h4>{t('rules.heading')}</h4>
          {error(ids.rules) && <span className="form-error-message"><span className="sr-only">{t('app.error')}: </span>{error(ids.rules)}</span>}
          <RulesEditor prefix={id} rules={rules} onChange={setRules} errors={errors} />
        </div>
      )}

      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-primary" disabled={saving}>{saving ? t('forwarding.saving') : t('forwarding.save')}</button>
      </div>
    </form>
  );
}
