import { useId, useState, type FormEvent } from 'react';
import { api, type InvitationView } from '../api.ts';
import { AsyncTable } from '../common/AsyncTable.tsx';
import { dayDate } from '../common/format.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n, type Key } from '../i18n.ts';
import { useAdmin } from './context.ts';
import { ConfirmStep, EMAIL, FormErrors, RowAction, TextField, useFormErrors, useStatus } from './form.tsx';
import { actorName, foldersText, grantableRoles, roleErrorFields, roleName } from './roles.ts';
import { folderIdsOf, RoleFields, type RoleDraft } from './RoleFields.tsx';

const BADGE: Record<InvitationView['status'], string> = { open: 'badge-info', accepted: 'badge-success', expired: '', revoked: '' };

/** Invite someone by e-mail with a role (single use, expires); the invitations made and what became of them. */
export function Invitations() {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const invitations = useAsync(() => api.invitations(organisationId), [organisationId]);
  const status = useStatus();
  const [formKey, setFormKey] = useState(0);
  const [revoking, setRevoking] = useState<InvitationView>();
  const [busy, setBusy] = useState(false);

  async function revoke(invitation: InvitationView) {
    setBusy(true);
    const ok = await status.run(() => api.revokeInvitation(organisationId, invitation.id), t('invitations.revoked', { email: invitation.email }));
    setBusy(false);
    if (ok) {
      setRevoking(undefined);
      invitations.reload();
    }
  }

  return (
    <section className="kuvert-admin-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('invitations.heading')}</h2>
      <p>{t('invitations.intro')}</p>
      {status.node}
      <AsyncTable state={invitations} empty={t('invitations.none')} announceLoading={false} className="kuvert-invitations" caption={t('invitations.caption')}
        columns={[t('invitations.email'), t('people.role'), t('invitations.status'), t('invitations.expires'), t('invitations.createdBy')]} actions
        row={(inv) => (
          <tr key={inv.id}>
            <td data-title={t('invitations.email')} className="kuvert-title">{inv.email}</td>
            <td data-title={t('people.role')}>
              {roleName(t, inv.role)}
              {inv.folders && <span className="kuvert-sub">{foldersText(t, inv.folders)}</span>}
            </td>
            <td data-title={t('invitations.status')}>
              <span className={`badge ${BADGE[inv.status]} kuvert-status`} data-status={inv.status}>{t(`invitations.status.${inv.status}` as Key)}</span>
              {inv.acceptedBy && <span className="kuvert-sub">{inv.acceptedBy.name}</span>}
            </td>
            <td data-title={t('invitations.expires')}><time dateTime={inv.expiresAt}>{dayDate(lang, inv.expiresAt)}</time></td>
            <td data-title={t('invitations.createdBy')}>{actorName(t, inv.createdBy)}</td>
            <td data-title={t('dead.action')}>
              {inv.status === 'open' && (
                <RowAction icon="close" label={t('invitations.revoke')} name={inv.email} onClick={() => { status.clear(); setRevoking(inv); }} />
              )}
            </td>
          </tr>
        )} />
      {revoking && (
        <ConfirmStep key={revoking.id} heading={t('invitations.revokeHeading', { email: revoking.email })} confirm={t('invitations.revoke')}
          onConfirm={() => void revoke(revoking)} onCancel={() => setRevoking(undefined)} busy={busy}>
          <p>{t('invitations.revokeExplain')}</p>
        </ConfirmStep>
      )}
      <InvitationForm key={formKey} onDone={(email) => {
        setFormKey((n) => n + 1);
        invitations.reload();
        status.say('success', t('invitations.sent', { email }));
      }} />
    </section>
  );
}

function InvitationForm({ onDone }: { onDone: (email: string) => void }) {
  const { t } = useI18n();
  const { organisationId, org } = useAdmin();
  const id = useId();
  const form = useFormErrors();
  const [email, setEmail] = useState('');
  const [draft, setDraft] = useState<RoleDraft>({ role: undefined, folderIds: [] });
  const [busy, setBusy] = useState(false);
  const ids = { email: `${id}-email`, role: `${id}-role` };

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    const found: Record<string, string> = {};
    const address = email.trim();
    if (!address) found[ids.email] = t('invitations.emailRequired');
    else if (!EMAIL.test(address)) found[ids.email] = t('profile.emailInvalid');
    if (!draft.role) found[ids.role] = t('admin.roleRequired');
    if (!form.show(found) || !draft.role) return;
    setBusy(true);
    try {
      await api.invite(organisationId, { email: address, role: draft.role, folderIds: folderIdsOf(draft, org.mailbox.level) });
      onDone(address);
    } catch (error) {
      setBusy(false);
      form.refuse(error, { ...roleErrorFields(ids.role), EMAIL_INVALID: ids.email, ALREADY_MEMBER: ids.email, '/email': ids.email });
    }
  }

  return (
    <form className="kuvert-admin-form" onSubmit={submit} noValidate>
      <h3>{t('invitations.new')}</h3>
      <FormErrors form={form} />
      <TextField id={ids.email} label={t('invitations.email')} hint={t('invitations.emailHint')} error={form.errors[ids.email]}
        type="email" className="form-input input-width-xl" value={email} maxLength={254} autoComplete="off" spellCheck={false}
        onChange={(e) => setEmail(e.target.value)} />
      <RoleFields id={ids.role} legend={t('invitations.role')} roles={grantableRoles(org.may.superAdmins)} value={draft} onChange={setDraft}
        level={org.mailbox.level} folders={org.mailbox.folders} error={form.errors[ids.role]} />
      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy}>{t('invitations.send')}</button>
      </div>
    </form>
  );
}
