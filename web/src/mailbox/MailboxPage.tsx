import { useEffect, useState } from 'react';
import { Alert } from '../common/Alert.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { errorText } from '../common/errors.ts';
import { useFlash } from '../common/flash.ts';
import { useI18n } from '../i18n.ts';
import { paths, replaceSilently, useLocation } from '../router.tsx';
import { EmptyingNotice, HandledFilter } from './EmptyingNotice.tsx';
import { filterParams, readListQuery } from './listQuery.ts';
import { FolderNav } from './FolderNav.tsx';
import { folderName, sortFolders, useMailbox } from './MailboxContext.tsx';
import { MessageList } from './MessageList.tsx';
import { DraftList } from '../drafts/DraftList.tsx';
import { UndoDelete } from '../trash/UndoDelete.tsx';
import { SearchForm } from './SearchForm.tsx';

/** A folder of the mailbox: the folder list beside (or, on phones, above) its messages. */
export function MailboxPage({ folderId, q }: { folderId: string | undefined; q: string }) {
  const { t } = useI18n();
  const { mailbox, folders, foldersError } = useMailbox();
  const location = useLocation();
  const flash = useFlash(location.pathname);
  // a person limited to some folders does not see Indbakke: they start in their first folder
  const inbox = folders?.find((f) => f.kind === 'INBOX') ?? sortFolders(folders ?? [])[0];
  // an address of a folder the person does not see (or that is gone) shows their first folder instead, saying so
  const elsewhere = folders !== undefined && folderId !== undefined && !folders.some((f) => f.id === folderId);
  const folder = elsewhere ? inbox : folders?.find((f) => f.id === (folderId ?? inbox?.id));
  const [redirected, setRedirected] = useState(false);

  // `/` and `/postkasse/:id` show the inbox (or the first folder) under its own address
  // (only while the address is still the mailbox's own: a link followed meanwhile wins)
  useEffect(() => {
    const here = window.location.pathname.replace(/\/$/, '');
    const root = here === '' || here === '/postkasse' || here === paths.folder(mailbox.id);
    if (!folderId && inbox && root) replaceSilently(paths.folder(mailbox.id, inbox.id));
    if (elsewhere && inbox) {
      setRedirected(true);
      replaceSilently(paths.folder(mailbox.id, inbox.id));
    }
  }, [folderId, inbox, mailbox.id, elsewhere]);

  // an organisation's letters can be shown only when not handled (docs/emptying.md)
  const company = mailbox.ownerKind === 'organisation';
  // the search's folder, a company's filters and "only not handled" live in the address (listQuery.ts)
  const query = readListQuery(location.search, q, company);
  const unhandledOnly = query.unhandledOnly;
  const name = folder ? folderName(t, folder) : folders ? t('app.pageNotFound') : t('app.loading');
  const scope = query.scope === undefined ? undefined : folders?.find((f) => f.id === query.scope);
  const title = !q ? name
    : query.scope === undefined ? t('search.resultAll', { q })
      : scope ? t('search.resultIn', { q, folder: folderName(t, scope) }) : folders ? t('list.searchResult', { q }) : t('app.loading');

  return (
    <div className="row kuvert-mailbox">
      <div className="col-12 col-lg-3 kuvert-sidebar-col">
        <FolderNav currentFolderId={folder?.id} />
      </div>
      <div className="col-12 col-lg-9 kuvert-content-col">
        <PageHeading title={title}>{title}</PageHeading>
        {flash && <Alert variant={flash.variant}>{flash.text}</Alert>}
        <UndoDelete />
        {company && <EmptyingNotice mailbox={mailbox} />}
        {foldersError !== undefined && <Alert variant="error">{errorText(t, foldersError)}</Alert>}
        {(elsewhere || redirected) && folder && <Alert variant="info">{t('folders.notVisible', { folder: folderName(t, folder) })}</Alert>}
        {folders && !folder && <p>{t('app.pageNotFoundText')}</p>}
        {/* Kladder holds the person's own drafts (docs/portal.md, "Drafts") */}
        {folder?.kind === 'DRAFTS' && !q ? <DraftList mailbox={mailbox} /> : folder && (
          <>
            <SearchForm mailbox={mailbox} folderId={folder.id} query={query} />
            {company && <HandledFilter mailboxId={mailbox.id} folderId={folder.id} q={q} unhandledOnly={unhandledOnly} extra={filterParams(query)} />}
            <MessageList mailbox={mailbox} folder={folder} q={q} unhandledOnly={unhandledOnly} scope={query.scope} pNumber={query.pNumber} person={query.person} />
          </>
        )}
        {!folders && foldersError === undefined && <p role="status">{t('app.loading')}</p>}
      </div>
    </div>
  );
}
