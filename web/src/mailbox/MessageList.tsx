import { useEffect, useRef, useState } from 'react';
import { api, type Folder, type MailboxInfo, type Summary } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { errorText } from '../common/errors.ts';
import { dayDate, hasPassed, shortDate } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';
import { Link, paths } from '../router.tsx';
import { folderName, useMailbox } from './MailboxContext.tsx';
import { RestoreButton } from '../trash/RestoreButton.tsx';

const PAGE = 50;

/**
 * The folder's messages, newest first, 50 at a time ("Hent flere" follows the cursor); with
 * `unhandledOnly`, only those not handled (an organisation's mailbox, docs/emptying.md).
 */
export function MessageList({ mailbox, folder, q, unhandledOnly = false, scope, pNumber, person }: {
  mailbox: MailboxInfo; folder: Folder; q: string; unhandledOnly?: boolean;
  /** a search in this folder only; undefined: every visible folder but Slettet (docs/portal.md, "Search") */
  scope?: string | undefined;
  /** a company's filters: received for this P-unit, for the attention of this person */
  pNumber?: string | undefined; person?: string | undefined;
}) {
  const { t, lang } = useI18n();
  const [messages, setMessages] = useState<Summary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'more'>('loading');
  const [error, setError] = useState<unknown>();
  const focusIndex = useRef<number | undefined>(undefined);
  const table = useRef<HTMLTableSectionElement>(null);
  const company = mailbox.ownerKind === 'organisation';
  const { folders } = useMailbox();
  const { reloadFolders } = useMailbox();
  const hitFolder = (id: string) => { const f = folders?.find((x) => x.id === id); return f ? folderName(t, f) : ''; };

  async function load(after: string | null) {
    setError(undefined);
    setState(after ? 'more' : 'loading');
    try {
      const page = await api.messages(mailbox.id, {
        // a search looks in every visible folder but Slettet, or the one chosen (scope)
        ...(q ? (scope ? { folderId: scope } : {}) : { folderId: folder.id }), q, limit: PAGE, ...(after ? { cursor: after } : {}),
        ...(unhandledOnly ? { handled: 'false' as const } : {}), ...(pNumber ? { pNumber } : {}), ...(person ? { person } : {}),
      });
      setMessages((previous) => {
        if (after) focusIndex.current = previous.length;
        return after ? [...previous, ...page.messages] : page.messages;
      });
      setCursor(page.nextCursor ?? null);
    } catch (e) {
      setError(e);
    }
    setState('ready');
  }

  useEffect(() => { void load(null); }, [mailbox.id, folder.id, q, unhandledOnly, scope, pNumber, person]);

  // after "Hent flere", the keyboard continues at the first new message
  useEffect(() => {
    if (focusIndex.current === undefined) return;
    const link = table.current?.querySelectorAll<HTMLAnchorElement>('a.kuvert-message-link')[focusIndex.current];
    focusIndex.current = undefined;
    link?.focus();
  }, [messages]);

  if (state === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (error && messages.length === 0) return <Alert variant="error">{errorText(t, error)}</Alert>;
  if (messages.length === 0) return <p className="kuvert-empty">{q ? t('list.emptySearch') : unhandledOnly ? t('handled.emptyUnhandled') : t('list.empty')}</p>;

  return (
    <>
      <div className="kuvert-list">
        <table className="table table--compact table-md-responsive-headers kuvert-messages">
          <caption className="sr-only">{q ? t('search.caption', { q }) : t(unhandledOnly ? 'handled.captionUnhandled' : 'list.caption', { folder: folderName(t, folder) })}</caption>
          <thead>
            <tr>
              <th scope="col">{folder.kind === 'SENT' ? t('trust.recipientColumn') : t('list.sender')}</th>
              <th scope="col">{t('list.title')}</th>
              {q && <th scope="col">{t('search.folder')}</th>}
              {company && <th scope="col">{t('list.pNumber')}</th>}
              {company && <th scope="col">{t('list.attention')}</th>}
              <th scope="col">{t('list.date')}</th>
            </tr>
          </thead>
          <tbody ref={table}>
            {messages.map((m) => (
              <tr key={m.id} className={m.read ? 'kuvert-read' : 'kuvert-unread'} data-unread={m.read ? undefined : 'true'} data-message-id={m.id}
                data-handled={company ? String(m.handled) : undefined}>
                <td className="kuvert-sender">
                  {!m.read && <span className="kuvert-dot" aria-hidden="true" />}
                  {/* the verified party (docs/portal.md, "Trust what you see"): the recipient of what this mailbox sent */}
                  {m.sent ? (folder.kind === 'SENT' ? m.recipientName : t('trust.toName', { name: m.recipientName })) : m.senderName}
                </td>
                <td className="kuvert-title">
                  <Link to={paths.message(mailbox.id, m.id)} className="kuvert-message-link">
                    {m.label}
                    {!m.read && <span className="sr-only"> ({t('list.unread').toLowerCase()})</span>}
                  </Link>
                  <Markers message={m} company={company} />
                  {/* "Gendan": back to the folder it was deleted from (docs/portal.md, "Restore and undo") */}
                  {folder.kind === 'DELETED' && (
                    <RestoreButton mailboxId={mailbox.id} messageId={m.id} label={m.label} onError={setError}
                      onRestored={() => { setMessages((all) => all.filter((x) => x.id !== m.id)); reloadFolders(); }} />
                  )}
                </td>
                {q && <td data-title={t('search.folder')} className="kuvert-hit-folder">{hitFolder(m.folderId)}</td>}
                {company && <td data-title={t('list.pNumber')}>{m.pNumber ?? ''}{m.pUnitName && <>{' '}<span className="kuvert-punit-name">{m.pUnitName}</span></>}</td>}
                {company && <td data-title={t('list.attention')}>{m.attentionPerson ?? ''}</td>}
                <td className="kuvert-date">
                  <time dateTime={m.receivedAt}>{shortDate(lang, m.receivedAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="kuvert-list-footer" aria-live="polite">{messages.length === 1 ? t('list.shownOne') : t('list.shown', { n: messages.length })}</p>
      {error !== undefined && <Alert variant="error">{errorText(t, error)}</Alert>}
      {cursor && (
        <button type="button" className="button button-secondary" onClick={() => void load(cursor)} disabled={state === 'more'}>
          {state === 'more' ? t('app.loading') : t('list.more')}
        </button>
      )}
    </>
  );
}

function Markers({ message, company }: { message: Summary; company: boolean }) {
  const { t, lang } = useI18n();
  const items = [];
  if (!message.read) items.push(<span key="u" className="badge badge-info kuvert-badge" aria-hidden="true">{t('list.unread')}</span>);
  // handled, apart from read (docs/emptying.md)
  if (company && message.handled) items.push(<span key="h" className="kuvert-marker kuvert-handled"><Icon name="check" /><span>{t('handled.badge')}</span></span>);
  if (message.flagged) items.push(<span key="f" className="kuvert-marker"><Icon name="flag-fill" /><span>{t('list.flagged')}</span></span>);
  if (message.attachmentCount > 0) {
    items.push(<span key="a" className="kuvert-marker"><Icon name="attach-file" /><span>{message.attachmentCount === 1 ? t('list.attachmentsOne') : t('list.attachments', { n: message.attachmentCount })}</span></span>);
  }
  if (message.answered) items.push(<span key="b" className="kuvert-marker kuvert-answered"><Icon name="reply" /><span>{t('trust.answered')}</span></span>);
  if (message.replyBy && message.replyAllowed && !message.answered) {
    items.push(hasPassed(message.replyBy)
      ? <span key="r" className="badge kuvert-badge kuvert-badge-expired">{t('trust.deadlinePassedBadge')}</span>
      : <span key="r" className="badge badge-warning kuvert-badge"><Icon name="time" />{t('list.replyBy', { date: dayDate(lang, message.replyBy) })}</span>);
  }
  return items.length ? <span className="kuvert-markers">{items}</span> : null;
}
