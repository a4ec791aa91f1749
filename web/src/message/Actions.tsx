import { calendarUrl, type Detail, type ActionView } from '../api.ts';
import { longDate } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';
import { useMailbox } from '../mailbox/MailboxContext.tsx';

/** A link is shown as a link only when it is https (MeMo actions come from the sender). */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The MeMo actions: links to self-service (https only) and reservations to put in a calendar. */
export function Actions({ message }: { message: Detail }) {
  const { t } = useI18n();
  if (message.actions.length === 0) return null;
  return (
    <section className="kuvert-actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading">{t('message.actions')}</h2>
      <ul className="unstyled-list kuvert-action-list">
        {message.actions.map((action) => <ActionItem key={action.n} message={message} action={action} />)}
      </ul>
    </section>
  );
}

function ActionItem({ message, action }: { message: Detail; action: ActionView }) {
  const { t, lang } = useI18n();
  const { mailbox } = useMailbox();
  if (action.kind === 'reservation') {
    return (
      <li className="kuvert-action">
        <p className="kuvert-action-label"><strong>{action.label}</strong></p>
        {(action.start || action.end) && (
          <p>{t('message.when')}: {longDate(lang, action.start)}{action.end ? ` – ${longDate(lang, action.end)}` : ''}</p>
        )}
        {action.location && <p>{t('message.where')}: {action.location}</p>}
        <a className="button button-secondary" href={calendarUrl(mailbox.id, message.id, action.n)} download={`kuvert-${action.n}.ics`}>
          <Icon name="calendar-month" />{t('message.calendar')}
        </a>
      </li>
    );
  }
  const url = safeUrl(action.url);
  return (
    <li className="kuvert-action">
      {url
        ? (
          <a className="button button-secondary" href={url} target="_blank" rel="noopener noreferrer">
            <Icon name="open-in-new" />{action.label}<span className="sr-only"> ({t('message.newWindow')})</span>
          </a>
        )
        : <p>{t('message.actionNotSafe', { label: action.label })}</p>}
    </li>
  );
}
