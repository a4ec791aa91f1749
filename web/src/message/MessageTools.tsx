import { useId, useState, type FormEvent } from 'react';
import { api, getSession, type Detail } from '../api.ts';
import { setFlash } from '../common/flash.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';
import { folderName, sortFolders, useMailbox } from '../mailbox/MailboxContext.tsx';
import { navigate, paths } from '../router.tsx';
import { ForgetDialog } from '../trash/ForgetDialog.tsx';
import { RestoreButton } from '../trash/RestoreButton.tsx';
import { offerUndo } from '../trash/undo.ts';

/** Reply, flag, mark unread, mark handled (an organisation's mailbox), delete, and move to another folder. */
export function MessageTools({ message, onReply, onChanged, onError }: {
  message: Detail;
  onReply: (() => void) | undefined;
  onChanged: (change: Partial<Detail>, text: string) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useI18n();
  const { mailbox, folders, reloadFolders } = useMailbox();
  const id = useId();
  // not into Sendt or Kladder (the server refuses); to Slettet through "Slet"
  const targets = sortFolders(folders ?? []).filter((f) => f.id === message.folderId || (f.kind !== 'DELETED' && f.kind !== 'DRAFTS' && f.kind !== 'SENT'));
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const inDeleted = folders?.find((f) => f.id === message.folderId)?.kind === 'DELETED';
  // what the role allows is all that is shown (src/domain/permissions.ts canMove; the server refuses the rest):
  // deleting moves to Slettet, so it needs Slettet among the folders the person sees; moving needs another folder
  const mayDelete = inDeleted || (folders ?? []).some((f) => f.kind === 'DELETED');
  const mayMove = targets.some((f) => f.id !== message.folderId);
  // deleting for good asks first; a move to Slettet can be undone on the folder page ("Fortryd")
  const [forgetting, setForgetting] = useState(false);

  async function run<R>(action: () => Promise<R>, then: (result: R) => void) {
    setBusy(true);
    try {
      then(await action());
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  }

  const move = (event: FormEvent) => {
    event.preventDefault();
    const folder = folders?.find((f) => f.id === target);
    if (!folder || folder.id === message.folderId) return;
    void run(() => api.updateMessage(mailbox.id, message.id, { folderId: folder.id }),
      () => { setTarget(''); onChanged({ folderId: folder.id }, t('message.moved', { folder: folderName(t, folder) })); });
  };

  // handled, apart from read (docs/emptying.md): whoever may see the letter in an organisation's mailbox
  const toggleHandled = () => run(async () => {
    await api.updateMessage(mailbox.id, message.id, { handled: !message.handled });
    return message.handled ? undefined : (await getSession()).user;
  }, (user?: { id: string; name: string }) => onChanged(
    user ? { handled: true, handledAt: new Date().toISOString(), handledBy: { userId: user.id, name: user.name } } : { handled: false, handledAt: null, handledBy: null },
    user ? t('handled.marked') : t('handled.unmarked'),
  ));

  const remove = () => run(() => api.deleteMessage(mailbox.id, message.id), () => {
    reloadFolders();
    const back = paths.folder(mailbox.id, message.folderId);
    if (inDeleted) setFlash(back, t('message.deletedForever'));
    else offerUndo({ mailboxId: mailbox.id, messageId: message.id, label: message.label, path: back });
    navigate(back);
  });

  return (
    <section className="kuvert-tools" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="sr-only">{t('message.tools')}</h2>
      <ul className="kuvert-tool-list unstyled-list">
        {onReply && (
          <li>
            <button type="button" className="button button-primary" onClick={onReply}>
              <Icon name="reply" />{t('message.reply')}
            </button>
          </li>
        )}
        <li>
          <button type="button" className="function-link" disabled={busy}
            onClick={() => run(() => api.updateMessage(mailbox.id, message.id, { flagged: !message.flagged }),
              () => onChanged({ flagged: !message.flagged }, message.flagged ? t('message.unflagged') : t('message.flagged')))}>
            <Icon name={message.flagged ? 'flag-fill' : 'flag'} />{message.flagged ? t('message.unflag') : t('message.flag')}
          </button>
        </li>
        {mailbox.ownerKind === 'organisation' && (
          <li>
            <button type="button" className="function-link kuvert-handled-button" disabled={busy} onClick={() => void toggleHandled()}>
              <Icon name={message.handled ? 'close' : 'check'} />{message.handled ? t('handled.unmark') : t('handled.mark')}
            </button>
          </li>
        )}
        {message.read && !message.sent && (
          <li>
            <button type="button" className="function-link" disabled={busy}
              onClick={() => run(() => api.updateMessage(mailbox.id, message.id, { read: false }), () => onChanged({ read: false }, t('message.markedUnread')))}>
              <Icon name="email" />{t('message.markUnread')}
            </button>
          </li>
        )}
        {inDeleted && (
          <li>
            <RestoreButton mailboxId={mailbox.id} messageId={message.id} label={message.label} onError={onError} onRestored={(folderId) => {
              const to = folders?.find((f) => f.id === folderId);
              onChanged({ folderId }, t('trash.restored', { folder: to ? folderName(t, to) : '' }));
            }} />
          </li>
        )}
        {mayDelete && (
          <li>
            <button type="button" className="function-link" disabled={busy} onClick={() => (inDeleted ? setForgetting(true) : void remove())}>
              <Icon name="delete" />{inDeleted ? t('message.deleteForever') : t('message.delete')}
            </button>
          </li>
        )}
      </ul>
      {forgetting && <ForgetDialog title={message.label} onConfirm={() => { setForgetting(false); void remove(); }} onCancel={() => setForgetting(false)} />}
      {mayMove && <form className="kuvert-move" onSubmit={move}>
        <div className="form-group">
          <label className="form-label" htmlFor={`${id}-move`}>{t('message.moveTo')}</label>
          <div className="kuvert-inline-form">
            <select id={`${id}-move`} className="form-select" value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="" disabled>{t('message.chooseFolder')}</option>
              {targets.map((f) => (
                <option key={f.id} value={f.id} disabled={f.id === message.folderId}>{folderName(t, f)}</option>
              ))}
            </select>
            <button type="submit" className="button button-secondary" disabled={busy || !target}>{t('message.move')}</button>
          </div>
        </div>
      </form>}
    </section>
  );
}
