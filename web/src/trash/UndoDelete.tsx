import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { errorText } from '../common/errors.ts';
import { setFlash } from '../common/flash.ts';
import { useI18n } from '../i18n.ts';
import { folderName, useMailbox } from '../mailbox/MailboxContext.tsx';
import { navigate, paths, useLocation } from '../router.tsx';
import { takeUndo } from './undo.ts';

/** How long "Fortryd" is offered after a delete (while the pointer or the focus is not on it). */
export const UNDO_SECONDS = 10;

/**
 * After a delete: a DKFDS toast "… er flyttet til Slettet" with "Fortryd", which puts the message
 * back where it was (POST …/restore). It stays while the pointer or the keyboard focus is on it.
 */
export function UndoDelete() {
  const { t } = useI18n();
  const { mailbox, folders, reloadFolders } = useMailbox();
  const location = useLocation();
  const [undo, setUndo] = useState(() => takeUndo(location.pathname));
  const [held, setHeld] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    if (!undo || held) return;
    const timer = window.setTimeout(() => setUndo(undefined), UNDO_SECONDS * 1000);
    return () => window.clearTimeout(timer);
  }, [undo, held]);

  if (!undo) return null;

  async function restore() {
    if (!undo) return;
    setBusy(true);
    try {
      const { folderId } = await api.restoreMessage(undo.mailboxId, undo.messageId);
      reloadFolders();
      const folder = folders?.find((f) => f.id === folderId);
      const back = paths.folder(mailbox.id, folderId);
      setFlash(back, t('trash.undone', { title: undo.label, folder: folder ? folderName(t, folder) : '' }));
      navigate(back);
    } catch (error) {
      setFailure(errorText(t, error));
      setBusy(false);
    }
  }

  return (
    <div className="toast-container kuvert-undo" onMouseEnter={() => setHeld(true)} onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)} onBlur={() => setHeld(false)}>
      <div className={`toast ${failure ? 'toast-error' : 'toast-success'} show`} role="status">
        <div className="toast-icon" />
        <div className="toast-message">
          <p><strong>{failure ?? t('message.deleted')}</strong></p>
          {!failure && (
            <p><button type="button" className="button button-secondary kuvert-undo-button" onClick={() => void restore()} disabled={busy}>{t('trash.undo')}</button></p>
          )}
          <button type="button" className="toast-close" onClick={() => setUndo(undefined)}>{t('trash.close')}</button>
        </div>
      </div>
    </div>
  );
}
