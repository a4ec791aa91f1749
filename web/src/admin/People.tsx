import { useId, useState } from 'react';
import { api, type Member } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { AsyncTable } from '../common/AsyncTable.tsx';
import { errorText } from '../common/errors.ts';
import { dayDate } from '../common/format.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n } from '../i18n.ts';
import { Link, paths } from '../router.tsx';
import { useAdmin } from './context.ts';
import { ConfirmStep, RowAction, TextArea, useStatus } from './form.tsx';
import { GrantForm } from './GrantForm.tsx';
import { Invitations } from './Invitations.tsx';
import { actorName, foldersText, grantableRoles, roleName } from './roles.ts';

type Action = { kind: 'role' | 'revoke'; member: Member };

/** Who has access: change a role, revoke access (asks first); invitations; the requests waiting. */
export function People() {
  const { t, lang } = useI18n();
  const { organisationId, org } = useAdmin();
  const id = useId();
  const people = useAsync(() => api.people(organisationId), [organisationId]);
  const status = useStatus();
  const [action, setAction] = useState<Action>();
  // only super-administrators handle super-administrators
  const mayHandle = (m: Member) => org.may.superAdmins || m.role !== 'super-admin';

  const done = (text: string) => {
    setAction(undefined);
    people.reload();
    status.say('success', text);
  };

  return (
    <>
      <section className="kuvert-admin-section" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>{t('admin.section.people')}</h2>
        {org.pendingRequests > 0 && (
          <p className="kuvert-pending-link">
            <Link to={paths.admin(organisationId, 'requests')}>
              {org.pendingRequests === 1 ? t('requests.waitingOne') : t('requests.waiting', { n: org.pendingRequests })}
            </Link>
          </p>
        )}
        {status.node}
        <AsyncTable state={people} empty={t('people.none')} className="kuvert-people" caption={t('people.caption')}
          columns={[t('people.name'), t('people.role'), t('people.folders'), t('people.since'), t('people.grantedBy')]} actions
          row={(m) => (
            <tr key={m.userId} data-user-id={m.userId}>
              <td data-title={t('people.name')} className="kuvert-title">
                <strong>{m.name}</strong>
                {m.email && <span className="kuvert-sub">{m.email}</span>}
              </td>
              <td data-title={t('people.role')}>{roleName(t, m.role)}</td>
              <td data-title={t('people.folders')}>{foldersText(t, m.folders)}</td>
              <td data-title={t('people.since')}><time dateTime={m.since}>{dayDate(lang, m.since)}</time></td>
              <td data-title={t('people.grantedBy')}>{actorName(t, m.grantedBy)}</td>
              <td data-title={t('dead.action')}>
                {mayHandle(m) && (
                  <ul className="unstyled-list kuvert-row-actions">
                    <li>
                      <RowAction icon="edit" label={t('people.changeRole')} name={m.name} onClick={() => { status.clear(); setAction({ kind: 'role', member: m }); }} />
                    </li>
                    <li>
                      <RowAction icon="delete" label={t('people.revoke')} name={m.name} onClick={() => { status.clear(); setAction({ kind: 'revoke', member: m }); }} />
                    </li>
                  </ul>
                )}
              </td>
            </tr>
          )} />
        {action?.kind === 'role' && (
          <RoleForm key={action.member.userId} member={action.member} onCancel={() => setAction(undefined)}
            onDone={(role) => done(t('people.roleChanged', { name: action.member.name, role }))} />
        )}
        {action?.kind === 'revoke' && (
          <RevokeStep key={action.member.userId} member={action.member} onCancel={() => setAction(undefined)}
            onDone={() => done(t('people.revoked', { name: action.member.name }))} />
        )}
      </section>
      <Invitations />
    </>
  );
}

function RoleForm({ member, onDone, onCancel }: { member: Member; onDone: (role: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { organisationId, org } = useAdmin();
  return (
    <GrantForm heading={t('people.changeRoleFor', { name: member.name })} legend={t('people.newRole')} roles={grantableRoles(org.may.superAdmins)}
      initial={{ role: member.role, folderIds: member.folders?.map((f) => f.id) ?? [] }} submitLabel={t('people.saveRole')}
      save={(grant) => api.changeRole(organisationId, member.userId, grant)} onDone={onDone} onCancel={onCancel} />
  );
}

function RevokeStep({ member, onDone, onCancel }: { member: Member; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function revoke() {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.revoke(organisationId, member.userId, reason.trim());
      onDone();
    } catch (error) {
      setBusy(false);
      setFailure(errorText(t, error));
    }
  }
  return (
    <ConfirmStep heading={t('people.revokeHeading', { name: member.name })} confirm={t('people.revokeConfirm')} onConfirm={() => void revoke()}
      onCancel={onCancel} busy={busy}>
      <p>{t('people.revokeExplain')}</p>
      {failure && <Alert variant="error" focus>{failure}</Alert>}
      <TextArea id={`${id}-reason`} label={t('people.revokeReason')} hint={t('people.revokeReasonHint')} error={undefined}
        value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
    </ConfirmStep>
  );
}
