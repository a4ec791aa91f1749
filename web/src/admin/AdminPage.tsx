import { api, ApiError, type MailboxInfo, type OrganisationAdmin } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { errorText, isNotFound } from '../common/errors.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n, type Key } from '../i18n.ts';
import { Link, paths, type AdminSection } from '../router.tsx';
import { AdminNav } from './AdminNav.tsx';
import { Administrators } from './Administrators.tsx';
import { Audit } from './Audit.tsx';
import { ContactPoints } from './ContactPoints.tsx';
import { Certificates } from './Certificates.tsx';
import { AdminContext } from './context.ts';
import { Emptying } from './Emptying.tsx';
import { History } from './History.tsx';
import { Monitoring } from './Monitoring.tsx';
import { Notifications } from './Notifications.tsx';
import { OverviewPage } from './Overview.tsx';
import { People } from './People.tsx';
import { RequestPage } from './RequestPage.tsx';
import { Rules } from './Rules.tsx';
import { Requests } from './Requests.tsx';
import { Statistics } from './Statistics.tsx';
import { Systems } from './Systems.tsx';

/** Which sections the caller sees: what `may` allows. */
export function sectionsFor(org: OrganisationAdmin): AdminSection[] {
  const sections: AdminSection[] = ['overview'];
  if (org.may.people) sections.push('people', 'requests', 'history');
  // notifications: administrators (action `notifications`, as people)
  if (org.may.people) sections.push('notifications');
  // rules: administrators (action `rules`, as people); a standard mailbox sees them read-only
  if (org.may.people) sections.push('rules');
  if (org.may.systems) sections.push('systems');
  if (org.may.contactPoints) sections.push('contactPoints');
  // every certificate of the organisation: every administrator; registering systems' ones: super-administrators (docs/certificates.md)
  sections.push('certificates');
  // statistics: every administrator (as the administration itself, src/domain/permissions.ts)
  sections.push('statistics');
  // emptying: every administrator (action `emptying`, as `view`)
  sections.push('emptying');
  // errors and queues of the systems: every administrator (action `monitoring`, docs/monitoring.md)
  sections.push('monitoring');
  // the audit trail and who administers what: super-administrators (action `audit`, as super-admins; docs/audit.md)
  if (org.may.superAdmins) sections.push('audit', 'administrators');
  return sections;
}

/**
 * An organisation's administration (`/organisationer/:id/administration/…`): one page per section
 * with a grouped side menu (AdminNav); a request opened from the e-mail link is a page of its own.
 */
export function AdminPage({ organisationId, section, requestId, mailbox }: {
  organisationId: string; section: AdminSection; requestId?: string; mailbox: MailboxInfo | undefined;
}) {
  const { t } = useI18n();
  // a member who is not an administrator learns it at once; for others the server decides
  const notAdmin = mailbox?.role === 'writer' || mailbox?.role === 'reader';
  const org = useAsync(
    () => (notAdmin ? Promise.reject(new ApiError(403, 'FORBIDDEN_ROLE', 'administrators only')) : api.organisation(organisationId)),
    [organisationId, notAdmin],
  );
  const heading = t('admin.heading');
  const sectionTitle = requestId ? t('request.heading') : t(`admin.section.${section}` as Key);

  if (!org.data) {
    if (org.error === undefined) return <p className="kuvert-loading" role="status">{t('app.loading')}</p>;
    const forbidden = org.error instanceof ApiError && org.error.status === 403;
    const title = forbidden ? t('admin.noAccess') : isNotFound(org.error) ? t('secure.notFound') : t('app.error');
    return (
      <>
        <PageHeading title={title}>{title}</PageHeading>
        {forbidden
          ? <p className="font-lead kuvert-forbidden">{t('admin.forbidden')}</p>
          : isNotFound(org.error)
            ? <p className="font-lead">{t('secure.notFoundText')}</p>
            : <>
                <Alert variant="error">{errorText(t, org.error)}</Alert>
                <button type="button" className="button button-primary" onClick={org.reload}>{t('app.tryAgain')}</button>
              </>}
        {mailbox && <p><Link to={paths.folder(mailbox.id)}>{t('app.toInbox')}</Link></p>}
      </>
    );
  }

  const data = org.data;
  const sections = sectionsFor(data);
  const shown: AdminSection = sections.includes(section) ? section : 'overview';
  const denied = shown !== section || (requestId !== undefined && !data.may.people);
  return (
    <AdminContext.Provider value={{ organisationId, org: data, reload: org.reload }}>
      <div className="kuvert-admin">
        <PageHeading title={`${sectionTitle} – ${heading}`}>{heading}</PageHeading>
        <p className="font-lead kuvert-admin-org">
          {data.organisation.name} <span className="kuvert-admin-cvr">{t('header.cvr', { cvr: data.organisation.cvr })}</span>
        </p>
        <div className="row kuvert-admin-layout">
          <div className="col-12 col-lg-3 kuvert-admin-nav-col">
            <AdminNav organisationId={organisationId} org={data} sections={sections} current={shown} />
          </div>
          <div className="col-12 col-lg-9 kuvert-admin-content">
            {denied && <Alert variant="warning">{t('admin.sectionForbidden')}</Alert>}
            {requestId && data.may.people
              ? <RequestPage requestId={requestId} />
              : shown === 'people' ? <People />
              : shown === 'requests' ? <Requests />
              : shown === 'history' ? <History />
              : shown === 'systems' ? <Systems />
              : shown === 'contactPoints' ? <ContactPoints />
              : shown === 'notifications' ? <Notifications />
              : shown === 'rules' ? <Rules />
              : shown === 'statistics' ? <Statistics />
              : shown === 'emptying' ? <Emptying />
              : shown === 'certificates' ? <Certificates />
              : shown === 'monitoring' ? <Monitoring />
              : shown === 'audit' ? <Audit />
              : shown === 'administrators' ? <Administrators />
              : <OverviewPage />}
          </div>
        </div>
      </div>
    </AdminContext.Provider>
  );
}
