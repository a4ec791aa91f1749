import { useState } from 'react';
import { api } from '../api.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';

/** "Gendan" on a message in Slettet: back to the folder it was deleted from (POST …/restore). */
export function RestoreButton({ mailboxId, messageId, label, onRestored, onError }: {
  mailboxId: string; messageId: string; label: string; onRestored: (folderId: string) => void; onError: (error: unknown) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  async function restore() {
    setBusy(true);
    try {
      onRestored((await api.restoreMessage(mailboxId, messageId)).folderId);
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  }
  return (
    <button type="button" className="function-link kuvert-restore" disabled={busy} aria-label={t('trash.restoreLabel', { title: label })} onClick={() => void restore()}>
      <Icon name="arrow-back" />{t('trash.restore')}
    </button>
  );
}
