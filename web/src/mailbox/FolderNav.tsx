import type { Folder } from '../api.ts';
import { Icon } from '../common/Icon.tsx';
import { useMediaQuery, WIDE } from '../common/useMediaQuery.ts';
import { useI18n, type T } from '../i18n.ts';
import { Link, paths } from '../router.tsx';
import { FolderAdmin } from './FolderAdmin.tsx';
import { folderName, sortFolders, useMailbox } from './MailboxContext.tsx';

/**
 * The folders with unread counts (a DKFDS side menu). On narrow screens it folds into a
 * disclosure above the message list, so the messages come first.
 */
export function FolderNav({ currentFolderId }: { currentFolderId: string | undefined }) {
  const { t } = useI18n();
  const { mailbox, folders } = useMailbox();
  const wide = useMediaQuery(WIDE);
  const current = folders?.find((f) => f.id === currentFolderId);
  // what src/domain/permissions.ts allows (the server refuses the rest): writing needs a writer who
  // sees every folder; own folders are a citizen's, or an extended mailbox's administrators'
  const owner = mailbox.ownerKind === 'citizen';
  const role = mailbox.role;
  const mayWrite = owner || (role !== undefined && role !== 'reader' && !mailbox.folderLimited);
  const mayManageFolders = owner || (mailbox.level === 'extended' && (role === 'super-admin' || role === 'admin'));

  const list = (
    <nav aria-label={t('folders.nav')} className="kuvert-folders">
      <ul className="sidemenu">
        {sortFolders(folders ?? []).map((folder) => (
          <FolderItem key={folder.id} folder={folder} current={folder.id === currentFolderId} mailboxId={mailbox.id} />
        ))}
      </ul>
    </nav>
  );

  return (
    <div className="kuvert-sidebar">
      {mayWrite && (
        <p className="kuvert-write">
          <Link to={paths.compose(mailbox.id)} className="button button-primary kuvert-write-button">
            <Icon name="edit" />{t('list.write')}
          </Link>
        </p>
      )}
      {wide
        ? <><h2 className="h4 kuvert-folders-heading">{t('folders.heading')}</h2>{list}</>
        : (
          <details className="details kuvert-folders-details">
            <summary className="details-summary">
              {!current ? t('folders.heading')
                : current.unread > 0 ? t('folders.summaryUnread', { folder: folderName(t, current), unread: unreadText(t, current.unread) })
                  : t('folders.summary', { folder: folderName(t, current) })}
            </summary>
            <div className="details-text">{list}</div>
          </details>
        )}
      {folders && mayManageFolders && <FolderAdmin />}
    </div>
  );
}

function unreadText(t: T, n: number): string {
  return n === 1 ? t('folders.unreadOne') : t('folders.unread', { n });
}

function FolderItem({ folder, current, mailboxId }: { folder: Folder; current: boolean; mailboxId: string }) {
  const { t } = useI18n();
  const name = folderName(t, folder);
  return (
    <li className={current ? 'active current' : undefined}>
      <Link to={paths.folder(mailboxId, folder.id)} className="nav-link kuvert-folder-link" aria-current={current ? 'page' : undefined}>
        <span className="kuvert-folder-name">{name}</span>
        {folder.unread > 0 && (
          <span className="badge kuvert-unread-count">
            <span aria-hidden="true">{folder.unread}</span>
            <span className="sr-only">{unreadText(t, folder.unread)}</span>
          </span>
        )}
      </Link>
    </li>
  );
}
