import { api, type MailboxInfo } from '../api.ts';
import { thresholdText } from '../admin/Emptying.tsx';
import { useAsync } from '../common/useAsync.ts';
import { useI18n } from '../i18n.ts';
import { Link, paths } from '../router.tsx';

/** The filter of the message list: all letters, or only those not handled (`?vis=ikke-behandlet`; docs/emptying.md). */
export const UNHANDLED_PARAM = ['vis', 'ikke-behandlet'] as const;

/** A folder's address, showing only the letters not handled (or all), keeping a search and the list's other filters (`extra`, listQuery.ts). */
export function folderPath(mailboxId: string, folderId: string, q: string, unhandledOnly: boolean, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (unhandledOnly) params.set(UNHANDLED_PARAM[0], UNHANDLED_PARAM[1]);
  const base = paths.folder(mailboxId, folderId, q);
  const rest = params.toString();
  return rest ? `${base}${base.includes('?') ? '&' : '?'}${rest}` : base;
}

/** "Alle breve | Ikke behandlede" above an organisation's message list. */
export function HandledFilter({ mailboxId, folderId, q, unhandledOnly, extra }: { mailboxId: string; folderId: string; q: string; unhandledOnly: boolean; extra?: Record<string, string> }) {
  const { t } = useI18n();
  const choices: Array<[boolean, string]> = [[false, t('handled.filterAll')], [true, t('handled.filterUnhandled')]];
  return (
    <nav className="kuvert-handled-filter" aria-label={t('handled.filterLabel')}>
      <span className="kuvert-filter-label" aria-hidden="true">{t('handled.filter')}:</span>
      <ul className="unstyled-list kuvert-filter-choices">
        {choices.map(([only, label]) => (
          <li key={label}>
            {only === unhandledOnly
              ? <strong aria-current="true">{label}</strong>
              : <Link to={folderPath(mailboxId, folderId, q, only, extra)}>{label}</Link>}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * For the person responsible for emptying folders of this mailbox: which of them have letters past
 * their threshold, not handled, with a link to those letters. Nothing for anyone else.
 */
export function EmptyingNotice({ mailbox }: { mailbox: MailboxInfo }) {
  const { t } = useI18n();
  const notice = useAsync(() => (mailbox.ownerKind === 'organisation' ? api.emptyingNotice(mailbox.id) : Promise.resolve({ folders: [] })), [mailbox.id]);
  const folders = notice.data?.folders ?? [];
  if (folders.length === 0) return null;
  const name = (f: { kind: string; name: string }) => (f.kind === 'INBOX' ? t('folder.INBOX') : f.name);
  return (
    <div className="alert alert-warning kuvert-emptying-notice" role="region" aria-labelledby="kuvert-emptying-notice-h">
      <div className="alert-body">
        <p id="kuvert-emptying-notice-h" className="alert-heading">{t('notice.heading')}</p>
        <p className="alert-text">{t('notice.intro')}</p>
        <ul className="kuvert-notice-folders">
          {folders.map((f) => (
            <li key={f.id}>
              {t('notice.folder', {
                folder: name(f),
                letters: f.openAlerts === 1 ? t('systems.waitingOne') : t('systems.waitingN', { n: f.openAlerts }),
                threshold: thresholdText(t, f.thresholdHours),
              })}
              {' '}
              <Link to={folderPath(mailbox.id, f.id, '', true)} aria-label={t('notice.show', { folder: name(f) })}>{t('handled.filterUnhandled')}</Link>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
