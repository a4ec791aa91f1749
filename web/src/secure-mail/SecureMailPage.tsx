import { useCallback, useEffect, useId, useState } from 'react';
import { api, ApiError, gatewayCertificateUrl, type ForwardingRule, type ForwardingStatus, type MailboxInfo, type SecureMailView } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { errorText, isNotFound } from '../common/errors.ts';
import { useFlash } from '../common/flash.ts';
import { dayDate, longDate } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n, type Key, type T } from '../i18n.ts';
import { Link, paths, useLocation } from '../router.tsx';
import { CertificateDetails } from './CertificateDetails.tsx';
import { ConfirmationStatus } from './ConfirmationStatus.tsx';
import { daysLeftText } from './certificates.ts';
import { DeadLetters } from './DeadLetters.tsx';
import { ForwardingForm } from './ForwardingForm.tsx';
import { fieldName } from './RulesEditor.tsx';
import { SigningCertificates } from './SigningCertificates.tsx';

type Section = 'forwarding' | 'dead' | 'signing';
interface Status { section: Section; variant: 'success' | 'error'; text: string; n: number }

const BADGE: Record<ForwardingStatus, string> = { active: 'badge-success', pending: 'badge-info', paused: 'badge-error', disabled: '' };

/**
 * An organisation's "Sikker e-mail" (administrators only): forwarding to its secure mail system with
 * the failed deliveries, the signing certificates its mail system uses towards Kuvert, and Kuvert's own
 * certificate. Certificates that expire soon are warned about at the top.
 */
export function SecureMailPage({ organisationId, mailbox }: { organisationId: string; mailbox: MailboxInfo | undefined }) {
  const { t } = useI18n();
  const id = useId();
  const location = useLocation();
  const flash = useFlash(location.pathname);
  // a member who is not an administrator learns it at once; for others the server decides
  const notAdmin = mailbox !== undefined && mailbox.role !== 'super-admin';
  const [data, setData] = useState<SecureMailView>();
  const [loadError, setLoadError] = useState<unknown>(() => (notAdmin ? new ApiError(403, 'FORBIDDEN_ROLE', 'administrators only') : undefined));
  const [status, setStatus] = useState<Status>();
  const [formKey, setFormKey] = useState(0);
  const [resending, setResending] = useState(false);
  const title = t('secure.heading');

  const load = useCallback(async () => {
    if (notAdmin) return;
    try {
      setData(await api.secureMail(organisationId));
      setLoadError(undefined);
    } catch (error) {
      setLoadError(error);
    }
  }, [organisationId, notAdmin]);
  useEffect(() => { void load(); }, [load]);

  const say = (section: Section, variant: Status['variant'], text: string) => setStatus((s) => ({ section, variant, text, n: (s?.n ?? 0) + 1 }));
  const runIn = (section: Section) => async (action: () => Promise<unknown>, success: string): Promise<boolean> => {
    try {
      await action();
      await load();
      say(section, 'success', success);
      return true;
    } catch (error) {
      say(section, 'error', errorText(t, error));
      return false;
    }
  };
  const statusIn = (section: Section) => (
    <div aria-live="polite">
      {status?.section === section && <Alert key={status.n} variant={status.variant} focus>{status.text}</Alert>}
    </div>
  );

  if (loadError !== undefined && !data) {
    const forbidden = loadError instanceof ApiError && loadError.status === 403;
    const heading = forbidden ? t('secure.noAccess') : isNotFound(loadError) ? t('secure.notFound') : t('app.error');
    return (
      <>
        <PageHeading title={heading}>{heading}</PageHeading>
        {forbidden
          ? <p className="font-lead kuvert-forbidden">{t('secure.forbidden')}</p>
          : isNotFound(loadError)
            ? <p className="font-lead">{t('secure.notFoundText')}</p>
            : (
              <>
                <Alert variant="error">{errorText(t, loadError)}</Alert>
                <button type="button" className="button button-primary" onClick={() => void load()}>{t('app.tryAgain')}</button>
              </>
            )}
        {mailbox && <p><Link to={paths.folder(mailbox.id)}>{t('app.toInbox')}</Link></p>}
      </>
    );
  }

  const forwarding = data?.forwarding ?? null;
  return (
    <div className="kuvert-secure-mail">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="font-lead">{mailbox ? t('secure.introFor', { name: mailbox.ownerName }) : t('secure.intro')}</p>
      {flash && <Alert variant={flash.variant}>{flash.text}</Alert>}
      {!data && <p role="status">{t('app.loading')}</p>}
      {data && (
        <>
          <Warnings view={data} />

          <section className="kuvert-section" aria-labelledby={`${id}-forwarding`}>
            <h2 id={`${id}-forwarding`}>{t('forwarding.heading')}</h2>
            <p>{t('forwarding.intro')}</p>
            {statusIn('forwarding')}
            {forwarding
              ? <ForwardingFacts forwarding={forwarding} busy={resending}
                  onResend={() => {
                    setResending(true);
                    void runIn('forwarding')(() => api.resendConfirmation(organisationId), t('confirmation.requested', { address: forwarding.address }))
                      .finally(() => setResending(false));
                  }}
                  onRefresh={() => void load()}
                  onStop={() => {
                    if (!window.confirm(t('forwarding.confirmStop'))) return;
                    void runIn('forwarding')(() => api.stopForwarding(organisationId), t('forwarding.stopped')).then((ok) => { if (ok) setFormKey((n) => n + 1); });
                  }} />
              : <p className="kuvert-empty">{t('forwarding.none')}</p>}
            <ForwardingForm key={formKey} organisationId={organisationId} forwarding={forwarding}
              onSaved={async (address) => {
                await load();
                setFormKey((n) => n + 1);
                say('forwarding', 'success', t('forwarding.saved', { address }));
              }} />
          </section>

          {forwarding && (
            <section className="kuvert-section" aria-labelledby={`${id}-dead`}>
              <h2 id={`${id}-dead`}>{t('dead.heading')}</h2>
              <p>{t('dead.intro')}</p>
              {statusIn('dead')}
              <DeadLetters organisationId={organisationId} mailbox={mailbox} deadLetters={forwarding.deadLetters} run={runIn('dead')} />
            </section>
          )}

          <section className="kuvert-section" aria-labelledby={`${id}-signing`}>
            <h2 id={`${id}-signing`}>{t('signing.heading')}</h2>
            <p>{t('signing.intro')}</p>
            {statusIn('signing')}
            <SigningCertificates organisationId={organisationId} certificates={data.signingCertificates} run={runIn('signing')}
              onAdded={async (text) => { await load(); say('signing', 'success', text); }} />
          </section>

          <section className="kuvert-section" aria-labelledby={`${id}-gateway`}>
            <h2 id={`${id}-gateway`}>{t('gateway.heading')}</h2>
            <p>{t('gateway.intro')}</p>
            <dl className="kuvert-facts-list">
              <div className="kuvert-fact"><dt>{t('gateway.address')}</dt><dd>{data.gatewayAddress}</dd></div>
            </dl>
            <p>
              <a className="function-link kuvert-gateway-certificate" href={gatewayCertificateUrl} download="kuvert-gateway.pem">
                <Icon name="download" />{t('gateway.download')}
              </a>
            </p>
          </section>
        </>
      )}
    </div>
  );
}

function Warnings({ view }: { view: SecureMailView }) {
  const { t, lang } = useI18n();
  const f = view.forwarding;
  return (
    <>
      {view.warnings.map((w) => {
        const which = w.certificate === 'receiving' ? t('warning.receiving') : t('warning.signing');
        const vars = { which, subject: w.subject, date: dayDate(lang, w.notAfter), days: daysLeftText(t, w.daysLeft) };
        const text = w.daysLeft < 0 ? t('warning.expired', vars) : t('warning.expires', vars);
        const todo = w.certificate === 'receiving' ? t('warning.renewReceiving') : t('warning.renewSigning');
        return <Alert key={`${w.certificate}-${w.fingerprintSha256}`} variant="warning">{text} {todo}</Alert>;
      })}
      {f?.status === 'paused' && (
        <Alert variant="error">{f.statusReason === 'CERTIFICATE_EXPIRED' ? t('forwarding.pausedExpired') : t('forwarding.paused')}</Alert>
      )}
    </>
  );
}

function ForwardingFacts({ forwarding: f, busy, onResend, onRefresh, onStop }: {
  forwarding: NonNullable<SecureMailView['forwarding']>; busy: boolean; onResend: () => void; onRefresh: () => void; onStop: () => void;
}) {
  const { t, lang } = useI18n();
  return (
    <div className="kuvert-forwarding">
      <dl className="kuvert-facts-list">
        <div className="kuvert-fact">
          <dt>{t('forwarding.status')}</dt>
          <dd><span className={`badge ${BADGE[f.status]} kuvert-status`} data-status={f.status}>{t(`forwarding.status.${f.status}` as Key)}</span></dd>
        </div>
        <div className="kuvert-fact"><dt>{t('forwarding.address')}</dt><dd>{f.address}</dd></div>
        <div className="kuvert-fact">
          <dt>{t('forwarding.scope')}</dt>
          <dd>
            {f.scope === 'all' ? t('forwarding.scopeAll') : t('forwarding.scopeRules')}
            {f.scope === 'rules' && f.rules.length > 0 && (
              <ul className="kuvert-rule-list">
                {f.rules.map((rule, i) => <li key={i}><strong>{rule.name}</strong>: {ruleText(t, rule)}</li>)}
              </ul>
            )}
          </dd>
        </div>
        {f.status !== 'disabled' && (
          <div className="kuvert-fact"><dt>{t('forwarding.waiting')}</dt><dd>{f.waiting === 1 ? t('forwarding.waitingOne') : t('forwarding.waitingN', { n: f.waiting })}</dd></div>
        )}
        {f.confirmedAt && f.status !== 'pending' && (
          <div className="kuvert-fact"><dt>{t('forwarding.confirmedAt')}</dt><dd><time dateTime={f.confirmedAt}>{longDate(lang, f.confirmedAt)}</time></dd></div>
        )}
      </dl>
      {f.status === 'pending' && <ConfirmationStatus forwarding={f} busy={busy} onResend={onResend} onRefresh={onRefresh} />}
      <h3>{t('forwarding.certificateHeading')}</h3>
      <CertificateDetails certificate={f.certificate} />
      {f.status !== 'disabled' && (
        <div className="kuvert-form-buttons">
          <button type="button" className="button button-secondary kuvert-stop" onClick={onStop}>
            <Icon name="close" />{t('forwarding.stop')}
          </button>
        </div>
      )}
    </div>
  );
}

function ruleText(t: T, rule: ForwardingRule): string {
  return rule.conditions.map((c) => 'contains' in c
    ? t('rules.describeContains', { field: fieldName(t, c.field), value: c.contains })
    : t('rules.describeEquals', { field: fieldName(t, c.field), value: c.equals })).join(t('rules.and'));
}
