import type { ReactNode } from 'react';
import type { Detail } from '../api.ts';
import { hasPassed, longDate } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';
import { useMailbox } from '../mailbox/MailboxContext.tsx';
import { Link, paths } from '../router.tsx';

/**
 * What a message is: from whom and to whom as the registry names them (the letter's own sender label
 * only as a secondary line), the contact point it came to, when it was sent or received, its reply
 * deadline (expired or not), whether it has been answered, and whether it is handled.
 */
export function MessageFacts({ message }: { message: Detail }) {
  const { t, lang } = useI18n();
  const { mailbox } = useMailbox();
  const from = message.senderLabel
    ? <span>{message.senderName}<span className="kuvert-sender-label">{t('trust.senderLabel', { label: message.senderLabel })}</span></span>
    : message.senderName;
  const rows: [string, ReactNode][] = [
    [t('message.from'), from],
    [t('message.to'), message.recipientName],
  ];
  if (message.recipientContactPoint) rows.push([t('trust.contactPoint'), message.recipientContactPoint.name]);
  rows.push([message.sent ? t('trust.sentAt') : t('message.received'), <time dateTime={message.receivedAt}>{longDate(lang, message.receivedAt)}</time>]);
  const pNumber = message.pNumber ?? message.attention?.productionUnit;
  // the P-unit's name from the registry beside its number (docs/portal.md, "Search")
  if (pNumber) rows.push([t('message.pNumber'), message.pUnitName ? t('filters.pUnitValue', { name: message.pUnitName, pNumber }) : pNumber]);
  if (message.attentionPerson) rows.push([t('message.attention'), message.attentionPerson]);
  if (message.replyBy) {
    const deadline = <time dateTime={message.replyBy}>{longDate(lang, message.replyBy)}</time>;
    rows.push([t('message.replyBy'), hasPassed(message.replyBy) && !message.answered
      ? <span className="kuvert-deadline-passed">{deadline} <span className="badge kuvert-badge kuvert-badge-expired">{t('trust.deadlinePassedBadge')}</span></span>
      : <span><Icon name="time" />{deadline}</span>]);
  }
  if (message.answered) {
    rows.push([t('trust.answeredFact'), message.replyId
      ? <span className="kuvert-marker kuvert-answered"><Icon name="reply" /><Link to={paths.message(mailbox.id, message.replyId)}>{t('trust.answeredLink')}</Link></span>
      : <span className="kuvert-marker kuvert-answered"><Icon name="reply" />{t('trust.answered')}</span>]);
  }
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

/** The other messages of the thread, oldest first, each a link; this one named as such. */
export function Thread({ message }: { message: Detail }) {
  const { t, lang } = useI18n();
  const { mailbox } = useMailbox();
  if (message.thread.length < 2) return null;
  return (
    <section className="kuvert-thread" aria-labelledby="kuvert-thread-heading">
      <h2 id="kuvert-thread-heading" className="h3">{t('trust.thread')}</h2>
      <p className="kuvert-thread-intro">{t('trust.threadCount', { n: message.thread.length })}. {t('trust.threadIntro')}</p>
      <ol className="kuvert-thread-list">
        {message.thread.map((m) => {
          const who = m.sent ? t('trust.threadSent') : t('trust.threadFrom', { name: m.senderName });
          const when = <time dateTime={m.at}>{longDate(lang, m.at)}</time>;
          return (
            <li key={m.id} className={m.id === message.id ? 'kuvert-thread-current' : undefined}>
              {m.id === message.id
                ? <span aria-current="page"><strong>{m.label}</strong> ({t('trust.thisMessage').toLowerCase()})</span>
                : <Link to={paths.message(mailbox.id, m.id)}>{m.label}</Link>}
              <span className="kuvert-thread-meta">{m.sent && <span className="kuvert-marker"><Icon name="send" /></span>}{who} · {when}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
