import { useId, useState, type FormEvent } from 'react';
import { api, type Profile } from '../api.ts';
import { EMAIL, FormErrors, TextField, useFormErrors, type StatusApi } from '../admin/form.tsx';
import { Alert } from '../common/Alert.tsx';
import { useI18n } from '../i18n.ts';

/**
 * The employee's basic profile: name and e-mail. A new address waits for the link mailed to it; until
 * then the confirmed one (if any) stays in use.
 */
export function ProfileForm({ profile, status, onSaved }: { profile: Profile; status: StatusApi; onSaved: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const form = useFormErrors();
  const [name, setName] = useState(profile.name);
  const [email, setEmail] = useState(profile.emailPending ?? profile.email ?? '');
  const [busy, setBusy] = useState(false);
  const ids = { name: `${id}-name`, email: `${id}-email` };

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    const found: Record<string, string> = {};
    const address = email.trim();
    if (!name.trim()) found[ids.name] = t('profile.nameRequired');
    if (!address) found[ids.email] = t('profile.emailRequired');
    else if (!EMAIL.test(address)) found[ids.email] = t('profile.emailInvalid');
    if (!form.show(found)) return;
    setBusy(true);
    try {
      await api.saveProfile({ name: name.trim(), email: address });
      const changed = address.toLowerCase() !== (profile.email ?? '').toLowerCase();
      status.say('success', changed ? t('profile.savedLink', { email: address }) : t('profile.saved'));
      onSaved();
    } catch (error) {
      form.refuse(error, { EMAIL_INVALID: ids.email, NAME_INVALID: ids.name, '/email': ids.email, '/name': ids.name });
    } finally {
      setBusy(false);
    }
  }

  async function resend() {
    await status.run(() => api.resendEmailConfirmation(), t('profile.resent', { email: profile.emailPending ?? '' }));
  }

  return (
    <>
      {profile.emailPending && (
        <Alert variant="info" heading={t('profile.pendingHeading')}>
          <p>{t('profile.pending', { email: profile.emailPending })}</p>
          <button type="button" className="button button-secondary kuvert-resend" onClick={() => void resend()}>{t('profile.resend')}</button>
        </Alert>
      )}
      <form className="kuvert-admin-form kuvert-profile-form" onSubmit={submit} noValidate>
        <FormErrors form={form} />
        <TextField id={ids.name} label={t('profile.name')} error={form.errors[ids.name]} className="form-input input-width-xl" type="text"
          value={name} maxLength={200} autoComplete="name" onChange={(e) => setName(e.target.value)} />
        <TextField id={ids.email} label={t('profile.email')} hint={profile.email ? t('profile.emailConfirmed', { email: profile.email }) : t('profile.emailHint')}
          error={form.errors[ids.email]} className="form-input input-width-xl" type="email" value={email} maxLength={254} autoComplete="email"
          spellCheck={false} onChange={(e) => setEmail(e.target.value)} />
        <div className="kuvert-form-buttons">
          <button type="submit" className="button button-primary" disabled={busy}>{t('profile.save')}</button>
        </div>
      </form>
    </>
  );
}
