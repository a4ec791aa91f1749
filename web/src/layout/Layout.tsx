import type { MouseEvent, ReactNode } from 'react';
import type { MailboxInfo, Session } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { Header } from './Header.tsx';
import { SessionTimeout } from '../session/SessionTimeout.tsx';

export function Layout({ session, mailbox, children }: { session?: Session; mailbox?: MailboxInfo; children: ReactNode }) {
  const { t } = useI18n();
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    const main = document.getElementById('main-content');
    main?.focus();
    main?.scrollIntoView();
  };
  return (
    <>
      <a className="skipnav" href="#main-content" onClick={skip}>{t('app.skipLink')}</a>
      {session ? <Header session={session} mailbox={mailbox} /> : <MinimalHeader />}
      {session && <SessionTimeout />}
      <main id="main-content" tabIndex={-1} className="container page-container kuvert-main">
        {children}
      </main>
      <footer>
        <div className="footer kuvert-footer">
          <div className="container">
            <ul className="align-text-left unstyled-list inline-list">
              <li>{t('app.footer')}</li>
              <li><a href="/docs">{t('app.footerApi')}</a></li>
            </ul>
          </div>
        </div>
      </footer>
    </>
  );
}

function MinimalHeader() {
  const { t } = useI18n();
  return (
    <header className="header kuvert-header">
      <div className="portal-info">
        <div className="portal-info-inner container">
          <span className="kuvert-logo"><span>{t('app.name')}</span></span>
        </div>
      </div>
    </header>
  );
}
