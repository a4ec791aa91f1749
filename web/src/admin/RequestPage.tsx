import { useId, useState, type FormEvent } from 'react';
import { api, type AccessRequestView } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { Loaded } from '../common/AsyncTable.tsx';
import { errorText, isNotFound } from '../common/errors.ts';
import { longDate } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useAsync } from '../common/useAsync.ts';
import { useI18n } from '../i18n.ts';
import { Link, paths } from '../router.tsx';
import { useAdmin } from './context.ts';
import { FormErrors, TextArea, useFormErrors, useStatus } from './form.tsx';
import { GrantForm } from './GrantForm.tsx';
import { RequestStatus } from './Requests.tsx';
import { actorName, foldersText, grantableRoles, roleName } from './roles.ts';

/**
 * One request (`…/administration/anmodninger/:requestId`, the link in the administrators' e-mail): what
 * was asked, and — while it waits — approve (possibly narrower than asked) or reject with a reason.
 */
export function RequestPage({ requestId }: { requestId: string }) {
  const { t, lang } = useI18n();
  const { organisationId, reload } = useAdmin();
  const id = useId();
  const request = useAsync(() => api.accessRequest(organisationId, requestId), [organisationId, requestId]);
  const status = useStatus();

  const decided = (text: string) => {
    request.reload();
    reload();
    status.say('success', text);
  };

  return (
    <section className="kuvert-admin-section kuvert-request" aria-labelledby={`${id}-h`}>
      <p className="kuvert-back"><Link to={paths.admin(organisationId, 'requests')}><Icon name="arrow-back" />{t('request.back')}</Link></p>
      <h2 id={`${id}-h`}>{request.data ? t('request.headingFor', { name: request.data.person.name }) : t('request.heading')}</h2>
      {status.node}
      <Loaded state={request} failed={(error) => (isNotFound(error) ? t('request.notFound') : errorText(t, error))}>
        {(r) => (
          <>
            <dl className="kuvert-facts-list">
              <div className="kuvert-fact"><dt>{t('people.name')}</dt><dd>{r.person.name}</dd></div>
              <div className="kuvert-fact"><dt>{t('profile.email')}</dt><dd>{r.person.email ?? '–'}</dd></div>
              <div className="kuvert-fact"><dt>{t('request.role')}</dt><dd>{roleName(t, r.role)}</dd></div>
              <div className="kuvert-fact"><dt>{t('people.folders')}</dt><dd>{foldersText(t, r.folders)}</dd></div>
              <div className="kuvert-fact"><dt>{t('request.message')}</dt><dd className="kuvert-message-text">{r.message || '–'}</dd></div>
              <div className="kuvert-fact"><dt>{t('request.received')}</dt><dd><time dateTime={r.createdAt}>{longDate(lang, r.createdAt)}</time></dd></div>
              <div className="kuvert-fact">
                <dt>{t('invitations.status')}</dt>
                <dd><RequestStatus status={r.status} /></dd>
              </div>
              {r.decidedAt && (
                <div className="kuvert-fact">
                  <dt>{t('request.decided')}</dt>
                  <dd>{t('request.decidedBy', { date: longDate(lang, r.decidedAt), who: actorName(t, r.decidedBy) })}</dd>
                </div>
              )}
              {r.status === 'approved' && r.decidedRole && (
                <div className="kuvert-fact"><dt>{t('request.granted')}</dt><dd>{roleName(t, r.decidedRole)} – {foldersText(t, r.decidedFolders)}</dd></div>
              )}
              {r.reason && <div className="kuvert-fact"><dt>{t('request.reason')}</dt><dd>{r.reason}</dd></div>}
            </dl>
            {r.status === 'pending' && (
              <>
                <ApproveForm request={r} onDone={(role) => decided(t('request.approved', { name: r.person.name, role }))} />
                <RejectForm request={r} onDone={() => decided(t('request.rejected', { name: r.person.name }))} />
              </>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

function ApproveForm({ request, onDone }: { request: AccessRequestView; onDone: (role: string) => void }) {
  const { t } = useI18n();
  const { organisationId, org } = useAdmin();
  const roles = grantableRoles(org.may.superAdmins);
  return (
    <GrantForm heading={t('request.approveHeading')} legend={t('request.grantRole')} roles={roles}
      initial={{ role: roles.includes(request.role) ? request.role : undefined, folderIds: request.folders?.map((f) => f.id) ?? [] }}
      submitLabel={t('request.approve')} save={(grant) => api.approve(organisationId, request.id, grant)} onDone={onDone}>
      <p>{t('request.approveIntro')}</p>
      {!roles.includes(request.role) && <Alert variant="info">{t('request.superAdminOnly')}</Alert>}
    </GrantForm>
  );
}

function RejectForm({ request, onDone }: { request: AccessRequestView; onDone: () => void }) {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const form = useFormErrors();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const reasonId = `${id}-reason`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    if (!form.show(reason.trim() ? {} : { [reasonId]: t('request.reasonRequired') })) return;
    setBusy(true);
    try {
      await api.reject(organisationId, request.id, reason.trim());
      onDone();
    } catch (error) {
      setBusy(false);
      form.refuse(error, { REASON_REQUIRED: reasonId, TEXT_TOO_LONG: reasonId, '/reason': reasonId });
    }
  }

  return (
    <form className="kuvert-admin-form" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('request.rejectHeading')}</h3>
      <FormErrors form={form} />
      <TextArea id={reasonId} label={t('request.reason')} hint={t('request.reasonHint')} error={form.errors[reasonId]}
        value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-secondary" disabled={busy}>{t('request.reject')}</button>
      </div>
    </form>
  );
}
