import { useState } from 'react';
import { api, ApiError, type MailboxInfo } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { errorText } from '../common/errors.ts';
import { setFlash } from '../common/flash.ts';
import { useI18n } from '../i18n.ts';
import { Link, navigate, paths } from '../router.tsx';

type Outcome = { kind: 'invalid' } | { kind: 'forbidden' } | { kind: 'error'; text: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `/sikker-email/bekraeft?organisation=…&token=…`, the link in the confirmation mail. Opened logged in
 * (the login comes back here); an administrator of the organisation confirms with one button.
 */
export function ConfirmPage({ organisationId, token, mailbox }: { organisationId: string; token: string; mailbox: MailboxInfo | undefined }) {
  const { t } = useI18n();
  const title = t('confirm.heading');
  const malformed = !UUID.test(organisationId) || token.length < 20 || token.length > 100;
  // a member who is not an administrator learns it at once; for others the server decides
  const notAdmin = mailbox !== undefined && mailbox.role !== 'super-admin';
  const [outcome, setOutcome] = useState<Outcome | undefined>(malformed ? { kind: 'invalid' } : notAdmin ? { kind: 'forbidden' } : undefined);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    setOutcome(undefined);
    try {
      await api.confirmForwarding(organisationId, token);
      const next = paths.secureMail(organisationId);
      setFlash(next, t('confirm.done'));
      navigate(next, { replace: true }); // the used link leaves the history
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 409) setOutcome({ kind: 'invalid' });
      else if (error instanceof ApiError && (error.status === 403 || error.status === 404 || error.status === 400)) setOutcome({ kind: 'forbidden' });
      else setOutcome({ kind: 'error', text: errorText(t, error) });
    }
  }

  const done = outcome?.kind === 'invalid' || outcome?.kind === 'forbidden';
  return (
    <div className="kuvert-confirm">
      <PageHeading title={title}>{title}</PageHeading>
      {!done && (
        <>
          <p className="font-lead">{mailbox ? t('confirm.introFor', { name: mailbox.ownerName }) : t('confirm.intro')}</p>
          <p>{t('confirm.explain')}</p>
        </>
      )}
      {outcome?.kind === 'invalid' && (
        <Alert variant="error" heading={t('confirm.invalidHeading')} focus>{t('confirm.invalid')}</Alert>
      )}
      {outcome?.kind === 'forbidden' && (
        <Alert variant="error" heading={t('confirm.forbiddenHeading')} focus>{t('confirm.forbidden')}</Alert>
      )}
      {outcome?.kind === 'error' && <Alert variant="error" focus>{outcome.text}</Alert>}
      {!done && (
        <div className="kuvert-form-buttons">
          <button type="button" className="button button-primary" onClick={() => void confirm()} disabled={busy}>
            {busy ? t('confirm.confirming') : t('confirm.button')}
          </button>
        </div>
      )}
      {outcome?.kind === 'invalid' && mailbox?.role === 'super-admin' && (
        <p><Link to={paths.secureMail(organisationId)}>{t('confirm.toSecureMail')}</Link></p>
      )}
      {done && !(outcome?.kind === 'invalid' && mailbox?.role === 'super-admin') && (
        <p><Link to={mailbox ? paths.folder(mailbox.id) : '/'}>{t('app.toInbox')}</Link></p>
      )}
    </div>
  );
}
