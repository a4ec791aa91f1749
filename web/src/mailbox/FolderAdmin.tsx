import { useId, useState, type FormEvent } from 'react';
import { api, type Folder } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { errorText } from '../common/errors.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';
import { useMailbox } from './MailboxContext.tsx';

/** Own folders: create, rename, delete (empty ones). Folded away until asked for. */
export function FolderAdmin() {
  const { t } = useI18n();
  const { mailbox, folders, reloadFolders } = useMailbox();
  const [status, setStatus] = useState<{ variant: 'success' | 'error'; text: string }>();
  const own = (folders ?? []).filter((f) => f.kind === 'USER').sort((a, b) => a.name.localeCompare(b.name, 'da'));

  async function run(action: () => Promise<unknown>, success: string) {
    try {
      await action();
      setStatus({ variant: 'success', text: success });
      reloadFolders();
      return true;
    } catch (error) {
      setStatus({ variant: 'error', text: errorText(t, error) });
      return false;
    }
  }

  return (
    <details className="details kuvert-folder-admin">
      <summary className="details-summary">{t('folders.manage')}</summary>
      <div className="details-text">
        <div aria-live="polite">{status && <Alert variant={status.variant}>{status.text}</Alert>}</div>
        <NameForm
          label={t('folders.new')} button={t('folders.create')}
          onSubmit={(name) => run(() => api.createFolder(mailbox.id, name), t('folders.created', { name }))}
        />
        {own.length === 0
          ? <p className="kuvert-muted">{t('folders.none')}</p>
          : (
            <ul className="unstyled-list kuvert-own-folders">
              {own.map((folder) => (
                <OwnFolder key={folder.id} folder={folder}
                  onRename={(name) => run(() => api.renameFolder(mailbox.id, folder.id, name), t('folders.renamed', { name }))}
                  onDelete={() => run(() => api.deleteFolder(mailbox.id, folder.id), t('folders.deleted', { name: folder.name }))}
                />
              ))}
            </ul>
          )}
      </div>
    </details>
  );
}

function OwnFolder({ folder, onRename, onDelete }: { folder: Folder; onRename: (name: string) => Promise<boolean>; onDelete: () => void }) {
  const { t } = useI18n();
  return (
    <li className="kuvert-own-folder">
      <NameForm label={t('folders.renameLabel', { name: folder.name })} button={t('folders.rename')} initial={folder.name} onSubmit={onRename} />
      <button type="button" className="function-link kuvert-delete-folder" onClick={onDelete}>
        <Icon name="delete" />{t('folders.delete', { name: folder.name })}
      </button>
    </li>
  );
}

function NameForm({ label, button, initial = '', onSubmit }: { label: string; button: string; initial?: string; onSubmit: (name: string) => Promise<boolean> }) {
  const { t } = useI18n();
  const id = useId();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) { setError(t('folders.nameRequired')); return; }
    setError(undefined);
    setBusy(true);
    const ok = await onSubmit(trimmed);
    setBusy(false);
    if (ok && !initial) setName('');
  }
  return (
    <form className={`form-group${error ? ' form-error' : ''}`} onSubmit={submit} noValidate>
      <label className="form-label" htmlFor={id}>{label}</label>
      {error && <span className="form-error-message" id={`${id}-error`}><span className="sr-only">{t('app.error')}: </span>{error}</span>}
      <div className="kuvert-inline-form">
        <input id={id} className="form-input" type="text" value={name} maxLength={100} onChange={(e) => setName(e.target.value)}
          aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} autoComplete="off" />
        <button type="submit" className="button button-secondary" disabled={busy}>{button}</button>
      </div>
    </form>
  );
}
