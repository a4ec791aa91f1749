import { useEffect, useState } from 'react';
import { api, type Detail } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { errorText, isNotFound } from '../common/errors.ts';
import { useFlash } from '../common/flash.ts';
import { longDate } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useAsync } from '../common/useAsync.ts';
import { useI18n } from '../i18n.ts';
import { Link, paths, useLocation } from '../router.tsx';
import { folderName, useMailbox } from '../mailbox/MailboxContext.tsx';
import { Actions } from './Actions.tsx';
import { Documents } from './Documents.tsx';
import { MessageTools } from './MessageTools.tsx';
import { ReplyForm } from './ReplyForm.tsx';

/** Reading a message: its facts, documents, actions, tools and the reply form. */
export function MessagePage({ messageId }: { messageId: string }) {
  const { t } = useI18n();
  const { mailbox, folders, reloadFolders } = useMailbox();
  const location = useLocation();
  const flash = useFlash(location.pathname);
  const loaded = useAsync(() => api.message(mailbox.id, messageId), [mailbox.id, messageId]);
  const [message, setMessage] = useState<Detail>();
  const [status, setStatus] = useState<{ variant: 'success' | 'error'; text: string }>();
  const [replying, setReplying] = useState(false);

  useEffect(() => {
    if (loaded.data) {
      setMessage(loaded.data);
      reloadFolders(); // opening it marked it read: the unread counts changed
    }
  }, [loaded.data, reloadFolders]);

  if (loaded.error !== undefined) {
    const notFound = isNotFound(loaded.error);
    const title = notFound ? t('message.notFound') : t('app.error');
    return (
      <>
        <PageHeading title={title}>{title}</PageHeading>
        {notFound ? <p className="font-lead">{t('message.notFoundText')}</p> : <Alert variant="error">{errorText(t, loaded.error)}</Alert>}
        <p><Link to={paths.folder(mailbox.id)}>{t('app.toInbox')}</Link></p>
      </>
    );
  }
  if (!message) return <p role="status">{t('app.loading')}</p>;

  const folder = folders?.find((f) => f.id === message.folderId);
  return (
    <article className="kuvert-message">
      <div>
        <Link to={paths.folder(mailbox.id, message.folderId)} className="back-link">
          <Icon name="chevron-left" />{t('message.back', { folder: folder ? folderName(t, folder) : t('folder.INBOX') })}
        </Link>
      </div>
      <PageHeading title={message.label}>{message.label}</PageHeading>
      {flash && <Alert variant={flash.variant}>{flash.text}</Alert>}
      <div aria-live="polite">{status && <Alert variant={status.variant}>{status.text}</Alert>}</div>
      <Facts message={message} />
      {message.replyAllowed && !message.canReply && message.replyBy && new Date(message.replyBy) < new Date() && (
        <Alert variant="info">{t('reply.deadlinePassed')}</Alert>
      )}
      <MessageTools
        message={message}
        onReply={message.canReply ? () => setReplying(true) : undefined}
        onChanged={(change, text) => { setMessage({ ...message, ...change }); setStatus({ variant: 'success', text }); reloadFolders(); }}
        onError={(error) => setStatus({ variant: 'error', text: errorText(t, error) })}
      />
      <Documents message={message} />
      <Actions message={message} />
      {replying && (
        <ReplyForm
          message={message}
          onCancel={() => setReplying(false)}
          onSent={() => { setReplying(false); setStatus({ variant: 'success', text: t('message.replySent') }); reloadFolders(); }}
        />
      )}
    </article>
  );
}

function Facts({ message }: { message: Detail }) {
  const { t, lang } = useI18n();
  const { mailbox } = useMailbox();
  const rows: [string, React.ReactNode][] = [
    [t('message.from'), message.senderName],
    [t('message.to'), message.recipientName],
    [t('message.received'), <time dateTime={message.receivedAt}>{longDate(lang, message.receivedAt)}</time>],
  ];
  const pNumber = message.pNumber ?? message.attention?.productionUnit;
  if (pNumber) rows.push([t('message.pNumber'), pNumber]);
  if (message.attentionPerson) rows.push([t('message.attention'), message.attentionPerson]);
  if (message.replyBy) rows.push([t('message.replyBy'), <span><Icon name="time" /><time dateTime={message.replyBy}>{longDate(lang, message.replyBy)}</time></span>]);
  // handled, apart from read (docs/emptying.md): who and when, in an organisation's mailbox
  if (mailbox.ownerKind === 'organisation') {
    rows.push([t('handled.fact'), message.handledAt && message.handledBy
      ? <span className="kuvert-handled-fact">{t('handled.by', { date: longDate(lang, message.handledAt), name: message.handledBy.name })}</span>
      : <span className="kuvert-handled-fact">{t('handled.notBadge')}</span>]);
  }
  return (
    <div className="kuvert-facts">
      <h2 className="sr-only">{t('message.details')}</h2>
      <dl className="kuvert-facts-list">
        {rows.map(([label, value]) => (
          <div key={label} className="kuvert-fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
