import { useEffect, useState } from 'react';
import { api, type Detail } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { errorText, isNotFound } from '../common/errors.ts';
import { useFlash } from '../common/flash.ts';
import { Icon } from '../common/Icon.tsx';
import { hasPassed } from '../common/format.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n } from '../i18n.ts';
import { Link, paths, useLocation } from '../router.tsx';
import { folderName, useMailbox } from '../mailbox/MailboxContext.tsx';
import { Actions } from './Actions.tsx';
import { Documents } from './Documents.tsx';
import { MessageFacts, Thread } from './MessageFacts.tsx';
import { ReplySent, type ReplyConfirmation } from './ReplySent.tsx';
import { MessageTools } from './MessageTools.tsx';
import { ReplyForm } from './ReplyForm.tsx';
import { useReplyDraft } from '../drafts/useReplyDraft.ts';

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
  const [replied, setReplied] = useState<ReplyConfirmation>();
  // a reply begun before (Kladder, or before the session ended) opens the reply form with its text
  const replyDraft = useReplyDraft(mailbox.id, messageId);
  useEffect(() => { if (replyDraft && message?.canReply) setReplying(true); }, [replyDraft, message?.canReply]);

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
      <MessageFacts message={message} />
      {message.replyAllowed && !message.canReply && !message.answered && hasPassed(message.replyBy) && (
        <Alert variant="info">{t('reply.deadlinePassed')}</Alert>
      )}
      <MessageTools
        message={message}
        onReply={message.canReply ? () => { setReplied(undefined); setReplying(true); } : undefined}
        onChanged={(change, text) => { setMessage({ ...message, ...change }); setStatus({ variant: 'success', text }); reloadFolders(); }}
        onError={(error) => setStatus({ variant: 'error', text: errorText(t, error) })}
      />
      <Documents message={message} />
      <Actions message={message} />
      <Thread message={message} />
      {replying && (
        <ReplyForm
          message={message}
          onCancel={() => setReplying(false)}
          onSent={(sent) => {
            setReplying(false);
            // the confirmation takes the reply form's place (where the person looks) and the focus
            setReplied({ messageId: sent.messageId, to: message.replyTo?.organisationName ?? message.senderName });
            setMessage({ ...message, ...answeredBy(message, sent.messageId, mailbox.ownerName) });
            reloadFolders();
          }}
        />
      )}
      {replied && <ReplySent confirmation={replied} />}
    </article>
  );
}

/** The message once answered from the portal: marked answered, the answer added to its thread. */
function answeredBy(message: Detail, replyId: string, ownName: string): Partial<Detail> {
  const reply = { id: replyId, label: /^re:\s/i.test(message.label) ? message.label : `Re: ${message.label}`, senderName: ownName, sent: true, at: new Date().toISOString() };
  const thread = message.thread.some((m) => m.id === message.id) ? message.thread : [...message.thread, { id: message.id, label: message.label, senderName: message.senderName, sent: message.sent, at: message.receivedAt }];
  return { answered: true, replyId, canReply: message.canReply, thread: [...thread, reply] };
}
