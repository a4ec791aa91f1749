import { useEffect } from 'react';
import type { SecureMailView } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { longDate } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';

type Forwarding = NonNullable<SecureMailView['forwarding']>;

/**
 * Whether the confirmation link really went out, as the outgoing mail queue knows it: "sent" only
 * when the mail server took it; queued, retrying (with the reason) or failed otherwise, with "Send igen".
 * While it is queued the page asks again every few seconds.
 */
export function ConfirmationStatus({ forwarding: f, busy, onResend, onRefresh }: { forwarding: Forwarding; busy: boolean; onResend: () => void; onRefresh: () => void }) {
  const { t, lang } = useI18n();
  const mail = f.confirmation;
  const state = mail?.state ?? 'none';
  useEffect(() => {
    if (state !== 'queued') return;
    const timer = window.setTimeout(onRefresh, 3000);
    return () => window.clearTimeout(timer);
  }, [state, mail?.at, onRefresh]);

  const reason = mail?.lastError ?? t('confirmation.unknownReason');
  const resend = (label: string) => (
    <button type="button" className="button button-secondary kuvert-resend" disabled={busy} onClick={onResend}>
      <Icon name="send" />{label}
    </button>
  );
  return (
    <div className="kuvert-confirmation" data-state={state}>
      {state === 'sent' && <Alert variant="info">{t('confirmation.sent', { address: f.address, date: longDate(lang, mail!.at) })}</Alert>}
      {state === 'queued' && <Alert variant="info">{t('confirmation.queued', { address: f.address })}</Alert>}
      {state === 'retrying' && <Alert variant="warning">{t('confirmation.retrying', { address: f.address, reason, date: longDate(lang, mail!.nextAttemptAt) })}</Alert>}
      {state === 'failed' && <Alert variant="error">{t('confirmation.failed', { address: f.address, reason })}</Alert>}
      {state === 'none' && <Alert variant="warning">{t('confirmation.none', { address: f.address })}</Alert>}
      {state !== 'queued' && <div className="kuvert-form-buttons">{resend(state === 'sent' ? t('confirmation.resendNew') : t('confirmation.resend'))}</div>}
    </div>
  );
}
