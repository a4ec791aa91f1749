import { useEffect } from 'react';
import { Alert } from '../common/Alert.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { errorText } from '../common/errors.ts';
import { useFlash } from '../common/flash.ts';
import { useI18n } from '../i18n.ts';
import { paths, replaceSilently, useLocation } from '../router.tsx';
import { EmptyingNotice, HandledFilter, UNHANDLED_PARAM } from './EmptyingNotice.tsx';
import { FolderNav } from './FolderNav.tsx';
import { folderName, sortFolders, useMailbox } from './MailboxContext.tsx';
import { MessageList } from './MessageList.tsx';
import { SearchForm } from './SearchForm.tsx';

/** A folder of the mailbox: the folder list beside (or, on phones, above) its messages. */
export function MailboxPage({ folderId, q }: { folderId: string | undefined; q: string }) {
  const { t } = useI18n();
  const { mailbox, folders, foldersError } = useMailbox();
  const location = useLocation();
  const flash = useFlash(location.pathname);
  // a person limited to some folders does not see Indbakke: they start in their first folder
  const inbox = folders?.find((f) => f.kind === 'INBOX') ?? sortFolders(folders ?? [])[0];
  const folder = folders?.find((f) => f.id === (folderId ?? inbox?.id));

  // `/` and `/postkasse/:id` show the inbox (or the first folder) under its own address
  // (only while the address is still the mailbox's own: a link followed meanwhile wins)
  useEffect(() => {
    const here = window.location.pathname.replace(/\/$/, '');
    const root = here === '' || here === '/postkasse' || here === paths.folder(mailbox.id);
    if (!folderId && inbox && root) replaceSilently(paths.folder(mailbox.id, inbox.id));
  }, [folderId, inbox, mailbox.id]);

  // an organisation's letters can be shown only when not handled (docs/emptying.md)
  const company = mailbox.ownerKind === 'organisation';
  const unhandledOnly = company && new URLSearchParams(location.search).get(UNHANDLED_PARAM[0]) === UNHANDLED_PARAM[1];
  const name = folder ? folderName(t, folder) : folders ? t('app.pageNotFound') : t('app.loading');
  const title = q ? t('list.searchResult', { q }) : name;

  return (
    <div className="row kuvert-mailbox">
      <div className="col-12 col-lg-3 kuvert-sidebar-col">
        <FolderNav currentFolderId={folder?.id} />
      </div>
      <div className="col-12 col-lg-9 kuvert-content-col">
        <PageHeading title={title}>{title}</PageHeading>
        {flash && <Alert variant={flash.variant}>{flash.text}</Alert>}
        {company && <EmptyingNotice mailbox={mailbox} />}
        {foldersError !== undefined && <Alert variant="error">{errorText(t, foldersError)}</Alert>}
        {folders && !folder && <p>{t('app.pageNotFoundText')}</p>}
        {folder && (
          <>
            <SearchForm mailboxId={mailbox.id} folderId={folder.id} q={q} />
            {company && <HandledFilter mailboxId={mailbox.id} folderId={folder.id} q={q} unhandledOnly={unhandledOnly} />}
            <MessageList mailbox={mailbox} folder={folder} q={q} unhandledOnly={unhandledOnly} />
          </>
        )}
        {!folders && foldersError === undefined && <p role="status">{t('app.loading')}</p>}
      </div>
    </div>
  );
}
