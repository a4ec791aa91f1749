import { useId, useState, type FormEvent } from 'react';
import { api, type AccessRequestView, type Profile } from '../api.ts';
import { FormErrors, TextArea, useFormErrors, useStatus, type StatusApi } from '../admin/form.tsx';
import { RequestStatus } from '../admin/Requests.tsx';
import { foldersText, roleErrorFields, roleName, ROLES } from '../admin/roles.ts';
import { folderIdsOf, RoleFields, type RoleDraft } from '../admin/RoleFields.tsx';
import { Alert } from '../common/Alert.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { errorText } from '../common/errors.ts';
import { dayDate } from '../common/format.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n } from '../i18n.ts';
import { ProfileForm } from './ProfileForm.tsx';

/**
 * An employee's own page (`/profil`, and the start page of an employee without access): the profile
 * (name, e-mail confirmed by a link), a request for access to their organisation with a role, and
 * their requests with what became of them.
 */
export function AccessRequestPage({ hasAccess, onSessionChange }: { hasAccess: boolean; onSessionChange: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const profile = useAsync(() => api.profile(), []);
  const status = useStatus();
  const title = hasAccess ? t('profile.heading') : t('access.heading');
  const p = profile.data;

  return (
    <div className="kuvert-access">
      <PageHeading title={title}>{title}</PageHeading>
      {!hasAccess && <p className="font-lead">{t('access.intro')}</p>}
      {status.node}
      {profile.error !== undefined && !p && (
        <>
          <Alert variant="error">{errorText(t, profile.error)}</Alert>
          <button type="button" className="button button-primary" onClick={profile.reload}>{t('app.tryAgain')}</button>
        </>
      )}
      {!p && profile.error === undefined && <p role="status">{t('app.loading')}</p>}
      {p && (
        <>
          <section className="kuvert-section kuvert-section--first" aria-labelledby={`${id}-profile`}>
            <h2 id={`${id}-profile`}>{t('profile.section')}</h2>
            <p>{t('profile.intro')}</p>
            <ProfileForm profile={p} status={status} onSaved={profile.reload} />
          </section>
          {!hasAccess && <section className="kuvert-section" aria-labelledby={`${id}-request`}>
            {p.organisation
              ? <>
                  <h2 id={`${id}-request`}>{t('access.requestHeading', { name: p.organisation.name })}</h2>
                  <RequestForm profile={p} status={status} onSent={profile.reload} />
                </>
              : <>
                  <h2 id={`${id}-request`}>{t('access.requestHeadingNoOrg')}</h2>
                  <Alert variant="info" heading={t('access.noOrganisation')}>{t('access.noOrganisationText')}</Alert>
                </>}
          </section>}
          {p.requests.length > 0 && (
            <section className="kuvert-section" aria-labelledby={`${id}-own`}>
              <h2 id={`${id}-own`}>{t('access.ownHeading')}</h2>
              <OwnRequests requests={p.requests} status={status} onChange={profile.reload} onSessionChange={onSessionChange} />
            </section>
          )}
        </>
      )}
    </div>
  );
}

function RequestForm({ profile, status, onSent }: { profile: Profile; status: StatusApi; onSent: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const form = useFormErrors();
  const org = profile.organisation!;
  const [draft, setDraft] = useState<RoleDraft>({ role: undefined, folderIds: [] });
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const ids = { role: `${id}-role`, message: `${id}-message` };
  const confirmed = profile.email !== null;
  const waiting = profile.requests.some((r) => r.status === 'pending' && r.organisation.id === org.id);

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    if (!form.show(draft.role ? {} : { [ids.role]: t('admin.roleRequired') }) || !draft.role) return;
    setBusy(true);
    try {
      await api.requestAccess({
        organisationId: org.id, role: draft.role, folderIds: folderIdsOf(draft, org.level), ...(message.trim() ? { message: message.trim() } : {}),
      });
      setDraft({ role: undefined, folderIds: [] });
      setMessage('');
      status.say('success', t('access.sent', { name: org.name }));
      onSent();
    } catch (error) {
      form.refuse(error, { ...roleErrorFields(ids.role), TEXT_TOO_LONG: ids.message, '/message': ids.message });
    } finally {
      setBusy(false);
    }
  }

  if (waiting) return <p className="kuvert-waiting">{t('access.waiting')}</p>;
  return (
    <form className="kuvert-admin-form kuvert-request-form" onSubmit={submit} noValidate>
      <p>{t('access.requestIntro')}</p>
      {!confirmed && <Alert variant="info">{t('access.confirmFirst')}</Alert>}
      <FormErrors form={form} />
      <fieldset className="kuvert-fieldset" disabled={!confirmed}>
        <legend className="sr-only">{t('access.requestHeading', { name: org.name })}</legend>
        <RoleFields id={ids.role} legend={t('access.role')} roles={ROLES} value={draft} onChange={setDraft}
          level={org.level} folders={org.folders} error={form.errors[ids.role]} />
        <TextArea id={ids.message} label={t('access.message')} hint={t('access.messageHint')} error={form.errors[ids.message]}
          value={message} maxLength={1000} onChange={(e) => setMessage(e.target.value)} />
        <div className="kuvert-form-buttons">
          <button type="submit" className="button button-primary" disabled={busy || !confirmed}>{t('access.send')}</button>
        </div>
      </fieldset>
    </form>
  );
}

function OwnRequests({ requests, status, onChange, onSessionChange }: {
  requests: AccessRequestView[]; status: StatusApi; onChange: () => void; onSessionChange: () => void;
}) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<string>();
  async function withdraw(r: AccessRequestView) {
    setBusy(r.id);
    if (await status.run(() => api.withdrawRequest(r.id), t('access.withdrawn'))) onChange();
    setBusy(undefined);
  }
  return (
    <ul className="unstyled-list kuvert-own-requests">
      {[...requests].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((r) => (
        <li key={r.id} className="kuvert-own-request" data-request-id={r.id}>
          <p className="kuvert-own-request-head">
            <strong>{r.organisation.name}</strong>{' '}
            <RequestStatus status={r.status} />
          </p>
          <p className="kuvert-sub">
            {t('access.askedFor', { role: roleName(t, r.role), folders: foldersText(t, r.folders), date: dayDate(lang, r.createdAt) })}
          </p>
          {r.status === 'approved' && r.decidedRole && (
            <>
              <p>{t('access.approvedAs', { role: roleName(t, r.decidedRole).toLowerCase(), folders: foldersText(t, r.decidedFolders) })}</p>
              <button type="button" className="button button-primary" onClick={onSessionChange}>{t('access.toMailbox')}</button>
            </>
          )}
          {r.status === 'rejected' && <p className="kuvert-reason">{t('access.rejectedReason', { reason: r.reason ?? '–' })}</p>}
          {r.status === 'pending' && (
            <button type="button" aria-label={`${t('access.withdraw')}: ${r.organisation.name}`} className="button button-secondary" disabled={busy === r.id} onClick={() => void withdraw(r)}>
              {t('access.withdraw')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
