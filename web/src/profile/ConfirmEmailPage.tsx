import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { errorText } from '../common/errors.ts';
import { useI18n } from '../i18n.ts';
import { Link, paths, replaceSilently } from '../router.tsx';

type Outcome = { kind: 'confirming' } | { kind: 'done' } | { kind: 'invalid' } | { kind: 'error'; text: string };

const tokenLooksRight = (token: string) => token.length >= 16 && token.length <= 200;

/** `/profil/bekraeft?token=…`, the link in the mail to a new address: confirms it at once and says so. */
export function ConfirmEmailPage({ token }: { token: string }) {
  const { t } = useI18n();
  const title = t('confirmEmail.heading');
  const [outcome, setOutcome] = useState<Outcome>(() => (tokenLooksRight(token) ? { kind: 'confirming' } : { kind: 'invalid' }));
  const started = useRef(false);

  useEffect(() => {
    if (started.current || !tokenLooksRight(token)) return;
    started.current = true;
    api.confirmEmail(token).then(
      () => {
        setOutcome({ kind: 'done' });
        replaceSilently('/profil/bekraeft'); // the used token leaves the address bar
      },
      (error: unknown) => {
        const invalid = error instanceof ApiError && (error.status === 400 || error.status === 404 || error.status === 409 || error.status === 410);
        setOutcome(invalid ? { kind: 'invalid' } : { kind: 'error', text: errorText(t, error) });
      },
    );
  }, [token, t]);

  return (
    <div className="kuvert-confirm-email">
      <PageHeading title={title}>{title}</PageHeading>
      {outcome.kind === 'confirming' && <p role="status">{t('confirmEmail.confirming')}</p>}
      {outcome.kind === 'done' && <Alert variant="success" heading={t('confirmEmail.done')} focus>{t('confirmEmail.doneText')}</Alert>}
      {outcome.kind === 'invalid' && <Alert variant="error" heading={t('confirmEmail.invalidHeading')} focus>{t('confirmEmail.invalid')}</Alert>}
      {outcome.kind === 'error' && <Alert variant="error" focus>{outcome.text}</Alert>}
      {outcome.kind !== 'confirming' && <p><Link to={paths.profile()}>{t('confirmEmail.toProfile')}</Link></p>}
    </div>
  );
}
