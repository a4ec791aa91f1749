import { createContext, useContext, type ReactNode } from 'react';
import { api, type Folder, type MailboxInfo } from '../api.ts';
import { useAsync } from '../common/useAsync.ts';
import type { T } from '../i18n.ts';

interface MailboxState {
  mailbox: MailboxInfo;
  folders: Folder[] | undefined;
  foldersError: unknown;
  reloadFolders: () => void;
}

const Context = createContext<MailboxState | undefined>(undefined);

/** The open mailbox and its folders (with unread counts), shared by the list, the message and the forms. */
export function MailboxProvider({ mailbox, children }: { mailbox: MailboxInfo; children: ReactNode }) {
  const folders = useAsync(() => api.folders(mailbox.id), [mailbox.id]);
  return (
    <Context.Provider value={{ mailbox, folders: folders.data, foldersError: folders.error, reloadFolders: folders.reload }}>
      {children}
    </Context.Provider>
  );
}

export function useMailbox(): MailboxState {
  const state = useContext(Context);
  if (!state) throw new Error('useMailbox outside MailboxProvider');
  return state;
}

/** Standard folders by their Danish/English names; own folders by the name their owner gave. */
export function folderName(t: T, folder: Pick<Folder, 'kind' | 'name'>): string {
  return folder.kind === 'USER' ? folder.name : t(`folder.${folder.kind}`);
}

const ORDER: Record<Folder['kind'], number> = { INBOX: 0, SENT: 1, DRAFTS: 2, DELETED: 4, USER: 3 };

export function sortFolders(folders: Folder[]): Folder[] {
  return [...folders].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.name.localeCompare(b.name, 'da'));
}
