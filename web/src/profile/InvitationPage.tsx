import { useState } from 'react';
import { api, ApiError, type InvitationAccepted } from '../api.ts';
import { roleName } from '../admin/roles.ts';
import { Alert } from '../common/Alert.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { errorText } from '../common/errors.ts';
import { useI18n } from '../i18n.ts';
import { Link, paths, replaceSilently } from '../router.tsx';

/** The link cannot be used (any more); other refusals (another organisation's login, already a member) say why. */
const INVALID = new Set(['INVITATION_UNKNOWN', 'INVITATION_USED', 'INVITATION_REVOKED', 'INVITATION_EXPIRED']);

type Outcome = { kind: 'accepted'; accepted: InvitationAccepted } | { kind: 'invalid' } | { kind: 'error'; text: string };

/**
 * `/invitation?token=…`, the link in an invitation mail. Opened logged in (the login comes back here),
 * the invited person accepts with one button; the session then knows the new mailbox.
 */
export function InvitationPage({ token, onAccepted }: { token: string; onAccepted: () => void }) {
  const { t } = useI18n();
  const title = t('invitation.heading');
  const malformed = token.length < 16 || token.length > 200;
  const [outcome, setOutcome] = useState<Outcome | undefined>(malformed ? { kind: 'invalid' } : undefined);
  const [busy, setBusy] = useState(false);

  async function accept() {
    setBusy(true);
    try {
      const accepted = await api.acceptInvitation(token);
      setOutcome({ kind: 'accepted', accepted });
      replaceSilently('/invitation'); // the used token leaves the address bar
      onAccepted();
    } catch (error) {
      setBusy(false);
      const invalid = error instanceof ApiError && (error.status === 400 || INVALID.has(error.code));
      setOutcome(invalid ? { kind: 'invalid' } : { kind: 'error', text: errorText(t, error) });
    }
  }

  return (
    <div className="kuvert-invitation">
      <PageHeading title={title}>{title}</PageHeading>
      {outcome === undefined && (
        <>
          <p className="font-lead">{t('invitation.intro')}</p>
          <div className="kuvert-form-buttons">
            <button type="button" className="button button-primary" onClick={() => void accept()} disabled={busy}>{t('invitation.accept')}</button>
          </div>
        </>
      )}
      {outcome?.kind === 'accepted' && (
        <>
          <Alert variant="success" heading={t('invitation.accepted')} focus>
            {t('invitation.acceptedText', { role: roleName(t, outcome.accepted.role).toLowerCase() })}
          </Alert>
          <p><Link to={paths.folder(outcome.accepted.mailboxId)}>{t('invitation.toMailbox')}</Link></p>
        </>
      )}
      {outcome?.kind === 'invalid' && <Alert variant="error" heading={t('invitation.invalidHeading')} focus>{t('invitation.invalid')}</Alert>}
      {outcome?.kind === 'error' && (
        <>
          <Alert variant="error" focus>{outcome.text}</Alert>
          <button type="button" className="button button-secondary" onClick={() => void accept()} disabled={busy}>{t('app.tryAgain')}</button>
        </>
      )}
    </div>
  );
}
