import type { Folder } from '../api.ts';
import { paths } from '../router.tsx';

/** The compose page's query parameter naming the draft it continues (`/postkasse/:id/skriv?kladde=<id>`). */
export const DRAFT_PARAM = 'kladde';

export const composeDraftPath = (mailboxId: string, draftId: string) => `${paths.compose(mailboxId)}?${DRAFT_PARAM}=${encodeURIComponent(draftId)}`;

/** Kladder of the mailbox (its folder list, else the mailbox). */
export function draftsFolder(mailboxId: string, folders: Folder[] | undefined): string {
  return paths.folder(mailboxId, folders?.find((f) => f.kind === 'DRAFTS')?.id);
}
