import { useEffect } from 'react';
import { AdminPage } from './admin/AdminPage.tsx';
import { getSession } from './api.ts';
import { Alert } from './common/Alert.tsx';
import { PageHeading } from './common/Heading.tsx';
import { errorText } from './common/errors.ts';
import { useAsync } from './common/useAsync.ts';
import { ComposePage } from './compose/ComposePage.tsx';
import { useI18n } from './i18n.ts';
import { Layout } from './layout/Layout.tsx';
import { applyTheme } from './layout/theme.ts';
import { MailboxProvider } from './mailbox/MailboxContext.tsx';
import { MailboxPage } from './mailbox/MailboxPage.tsx';
import { MessagePage } from './message/MessagePage.tsx';
import { NotificationsPage } from './settings/NotificationsPage.tsx';
import { AccessRequestPage } from './profile/AccessRequestPage.tsx';
import { ConfirmEmailPage } from './profile/ConfirmEmailPage.tsx';
import { InvitationPage } from './profile/InvitationPage.tsx';
import { Link, navigate, parseRoute, paths, useLocation, type Route } from './router.tsx';
import { ConfirmPage } from './secure-mail/ConfirmPage.tsx';
import { SecureMailPage } from './secure-mail/SecureMailPage.tsx';

export function App() {
  const { t } = useI18n();
  const session = useAsync(getSession, []);
  const location = useLocation();
  const route = parseRoute(location.pathname, location.search);
  const mailboxes = session.data?.mailboxes ?? [];
  // an organisation's pages show its mailbox in the header (the first one when the organisation is not among the user's)
  const organisationMailbox = 'organisationId' in route ? mailboxes.find((m) => m.organisationId !== undefined && m.organisationId === route.organisationId.toLowerCase()) : undefined;
  const mailboxId = 'mailboxId' in route ? route.mailboxId : organisationMailbox?.id ?? mailboxes[0]?.id;
  const mailbox = mailboxes.find((m) => m.id === mailboxId);

  useEffect(() => {
    if (session.data) applyTheme(mailbox?.ownerKind ?? (session.data.user.kind === 'employee' ? 'organisation' : 'citizen'));
  }, [session.data, mailbox?.ownerKind]);

  if (!session.data) {
    return (
      <Layout>
        {session.error
          ? <>
              <PageHeading title={t('app.error')}>{t('app.error')}</PageHeading>
              <Alert variant="error">{errorText(t, session.error)}</Alert>
              <button type="button" className="button button-primary" onClick={session.reload}>{t('app.tryAgain')}</button>
            </>
          : <p className="kuvert-loading" role="status">{t('app.loading')}</p>}
      </Layout>
    );
  }

  const s = session.data;
  const employee = s.user.kind === 'employee';
  let page;
  if (route.name === 'profileConfirm') {
    page = <ConfirmEmailPage key={location.key} token={route.token} />;
  } else if (route.name === 'invitation') {
    page = <InvitationPage key={location.key} token={route.token} onAccepted={session.reload} />;
  } else if (employee && (mailboxes.length === 0 || route.name === 'profile')) {
    // an employee without access asks for it here, whatever the address
    page = <AccessRequestPage key={location.key} hasAccess={mailboxes.length > 0} onSessionChange={() => { session.reload(); navigate('/'); }} />;
  } else if (mailboxes.length === 0) {
    page = <Message title={t('app.noMailboxes')} text={t('app.noMailboxesText')} />;
  } else if (route.name === 'profile') {
    // a citizen's profile is their mailbox
    page = <Message title={t('app.pageNotFound')} text={t('app.pageNotFoundText')} link={paths.folder(mailboxes[0]!.id)} />;
  } else if (route.name === 'notifications') {
    // a citizen's own notifications; an organisation's are in its administration
    page = employee ? <Message title={t('notify.heading')} text={t('notify.onlyCitizens')} link={paths.folder(mailboxes[0]!.id)} /> : <NotificationsPage key={location.key} />;
  } else if (route.name === 'admin' || route.name === 'adminRequest') {
    page = <AdminPage key={location.key} organisationId={route.organisationId} section={route.name === 'admin' ? route.section : 'requests'}
      requestId={route.name === 'adminRequest' ? route.requestId : undefined} mailbox={organisationMailbox} />;
  } else if (route.name === 'secureMail') {
    page = <SecureMailPage key={location.key} organisationId={route.organisationId} mailbox={organisationMailbox} />;
  } else if (route.name === 'secureMailConfirm') {
    page = <ConfirmPage key={location.key} organisationId={route.organisationId} token={route.token} mailbox={organisationMailbox} />;
  } else if (route.name === 'message' && !mailbox) {
    // someone else's mailbox: the same answer as for a message that does not exist
    page = <Message title={t('message.notFound')} text={t('message.notFoundText')} link={paths.folder(mailboxes[0]!.id)} />;
  } else if (route.name === 'notFound' || !mailbox) {
    page = <Message title={t('app.pageNotFound')} text={t('app.pageNotFoundText')} link={paths.folder(mailboxes[0]!.id)} />;
  } else if (route.name === 'message') {
    page = <MessagePage key={location.key} messageId={route.messageId} />;
  } else if (route.name === 'compose') {
    page = <ComposePage key={location.key} />;
  } else {
    page = <MailboxPage key={location.key} folderId={route.name === 'folder' ? route.folderId : undefined} q={route.name === 'folder' ? route.q : ''} />;
  }

  return (
    <Layout session={s} mailbox={mailbox}>
      {mailbox && MAILBOX_ROUTES.has(route.name) ? <MailboxProvider key={mailbox.id} mailbox={mailbox}>{page}</MailboxProvider> : page}
    </Layout>
  );
}

/** The pages inside a mailbox (its folders in context); the others are about an organisation or the person. */
const MAILBOX_ROUTES = new Set<Route['name']>(['home', 'folder', 'message', 'compose', 'notFound']);

function Message({ title, text, link }: { title: string; text: string; link?: string }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p className="font-lead">{text}</p>
      {link && <p><Link to={link}>{t('app.toInbox')}</Link></p>}
    </>
  );
}
