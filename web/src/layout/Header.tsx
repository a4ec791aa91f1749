import { useState } from 'react';
import { api, type MailboxInfo, type Session } from '../api.ts';
import { Icon } from '../common/Icon.tsx';
import { setLang, useI18n } from '../i18n.ts';
import { Link, navigate, paths, useLocation } from '../router.tsx';
import { MailboxSwitcher } from './MailboxSwitcher.tsx';

/** The DKFDS header: portal row (Kuvert, language, user, log out) and solution row (the mailbox). */
export function Header({ session, mailbox }: { session: Session; mailbox: MailboxInfo | undefined }) {
  const { t, lang } = useI18n();
  const [leaving, setLeaving] = useState(false);
  const other = lang === 'da' ? 'en' : 'da';
  const { pathname } = useLocation();
  // administrators of the mailbox's organisation manage its secure e-mail
  const secureMail = mailbox?.role === 'super-admin' && mailbox.organisationId ? paths.secureMail(mailbox.organisationId) : undefined;
  // administrators (and super-administrators) of the mailbox's organisation administer it
  const admin = (mailbox?.role === 'super-admin' || mailbox?.role === 'admin') && mailbox.organisationId ? paths.admin(mailbox.organisationId) : undefined;

  async function logout() {
    setLeaving(true);
    window.location.assign(await api.logout());
  }

  return (
    <header className="header kuvert-header">
      <div className="portal-info">
        <div className="portal-info-inner container">
          <Link to="/" className="kuvert-logo">
            <Icon name="email" />
            <span>{t('app.name')}</span>
          </Link>
          <div className="kuvert-portal-tools">
            <button type="button" className="function-link d-print-none" lang={other} onClick={() => setLang(other)}>
              <Icon name="language" />{t(other === 'en' ? 'lang.en' : 'lang.da')}
            </button>
            {session.user.kind === 'employee' && (
              <Link to={paths.profile()} className="function-link d-print-none kuvert-profile-link" aria-current={pathname === paths.profile() ? 'page' : undefined}>
                <Icon name="person" />{t('header.profile')}
              </Link>
            )}
            {session.user.kind !== 'employee' && (
              <Link to={paths.notifications()} className="function-link d-print-none kuvert-notifications-link"
                aria-current={pathname === paths.notifications() ? 'page' : undefined}>
                <Icon name="notifications" />{t('header.notifications')}
              </Link>
            )}
            <p className={`user kuvert-user-name${mailbox?.ownerName === session.user.name ? ' kuvert-user-name--same' : ''}`}><span className="sr-only">{t('header.user')} </span>{session.user.name}</p>
            <button type="button" className="function-link d-print-none log-off" onClick={logout} disabled={leaving}>
              <Icon name="lock" />{t('header.logout')}
            </button>
          </div>
        </div>
      </div>
      <div className="solution-info">
        <div className="solution-info-inner container kuvert-solution">
          <div className="solution-heading">
            <Link to={mailbox ? paths.folder(mailbox.id) : '/'}>{t('app.solution')}</Link>
          </div>
          {mailbox && (
            <div className="kuvert-mailbox-info">
              <p className="kuvert-mailbox-owner">
                <span className="sr-only">{t('header.mailbox')}: </span>
                <strong className="authority-name">{mailbox.ownerName}</strong>
                {mailbox.cvr
                  ? <span className="kuvert-mailbox-sub">{t('header.cvr', { cvr: mailbox.cvr })}</span>
                  : <span className="kuvert-mailbox-sub">{t('header.citizenMailbox')}</span>}
              </p>
              {(admin || secureMail) && (
                <nav className="kuvert-admin-links" aria-label={t('header.administration')}>
                  {admin && (
                    <Link to={admin} className="function-link kuvert-admin-link"
                      aria-current={pathname === admin || pathname.startsWith(`${admin}/`) ? 'page' : undefined}>
                      <Icon name="settings" />{t('admin.nav')}
                    </Link>
                  )}
                  {secureMail && (
                    <Link to={secureMail} className="function-link kuvert-secure-mail-link" aria-current={pathname === secureMail ? 'page' : undefined}>
                      <Icon name="lock" />{t('secure.nav')}
                    </Link>
                  )}
                </nav>
              )}
              {session.mailboxes.length > 1 && (
                <MailboxSwitcher mailboxes={session.mailboxes} current={mailbox.id} onSwitch={(id) => navigate(paths.folder(id))} />
              )}
            </div>
          )}
        </div>
      </div>
    </header>
  );
}
