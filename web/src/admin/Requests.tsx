import { useId } from 'react';
import { api, type AccessRequestView } from '../api.ts';
import { ListTable, Loaded } from '../common/AsyncTable.tsx';
import { dayDate } from '../common/format.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n, type Key } from '../i18n.ts';
import { Link, paths } from '../router.tsx';
import { useAdmin } from './context.ts';
import { foldersText, roleName } from './roles.ts';

const BADGE: Record<AccessRequestView['status'], string> = { pending: 'badge-info', approved: 'badge-success', rejected: 'badge-error', withdrawn: '' };

/** A request's status as a DKFDS badge. */
export function RequestStatus({ status }: { status: AccessRequestView['status'] }) {
  const { t } = useI18n();
  return <span className={`badge ${BADGE[status]} kuvert-status`} data-status={status}>{t(`requests.status.${status}` as Key)}</span>;
}

/** Employees' requests for access: the ones waiting first, each a link to decide it; then the decided ones. */
export function Requests() {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const requests = useAsync(() => api.requests(organisationId), [organisationId]);
  const pending = requests.data?.filter((r) => r.status === 'pending') ?? [];
  const decided = requests.data?.filter((r) => r.status !== 'pending') ?? [];

  return (
    <section className="kuvert-admin-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.section.requests')}</h2>
      <p>{t('requests.intro')}</p>
      <Loaded state={requests}>
        {() => (
          <>
            <h3>{t('requests.pendingHeading')}</h3>
            <RequestTable requests={pending} caption={t('requests.pendingHeading')} />
            {decided.length > 0 && (
              <>
                <h3>{t('requests.decidedHeading')}</h3>
                <RequestTable requests={decided} caption={t('requests.decidedHeading')} />
              </>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

/** The requests, or the text saying none are waiting. */
function RequestTable({ requests, caption }: { requests: AccessRequestView[]; caption: string }) {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  return (
    <ListTable items={requests} empty={t('requests.none')} className="kuvert-requests" caption={caption}
      columns={[t('people.name'), t('requests.asked'), t('requests.date'), t('invitations.status')]}
      row={(r) => (
        <tr key={r.id} data-request-id={r.id}>
          <td data-title={t('people.name')} className="kuvert-title">
            <Link to={paths.adminRequest(organisationId, r.id)}>{r.person.name}</Link>
            {r.person.email && <span className="kuvert-sub">{r.person.email}</span>}
          </td>
          <td data-title={t('requests.asked')}>
            {roleName(t, r.role)}
            {r.folders && <span className="kuvert-sub">{foldersText(t, r.folders)}</span>}
          </td>
          <td data-title={t('requests.date')}><time dateTime={r.createdAt}>{dayDate(lang, r.createdAt)}</time></td>
          <td data-title={t('invitations.status')}>
            <RequestStatus status={r.status} />
          </td>
        </tr>
      )} />
  );
}
