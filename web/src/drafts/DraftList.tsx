import { useEffect, useState } from 'react';
import { api, type DraftSummary, type MailboxInfo } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { errorText } from '../common/errors.ts';
import { shortDate } from '../common/format.ts';
import { useI18n } from '../i18n.ts';
import { Link, paths } from '../router.tsx';
import { composeDraftPath } from './paths.ts';

/**
 * Kladder: the person's own drafts, last saved first. A new message opens the compose page with it;
 * a reply opens the message it answers, where the reply form has it.
 */
export function DraftList({ mailbox }: { mailbox: MailboxInfo }) {
  const { t, lang } = useI18n();
  const [drafts, setDrafts] = useState<DraftSummary[]>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    api.drafts(mailbox.id).then((list) => { if (live) setDrafts(list); }, (e: unknown) => { if (live) setError(e); });
    return () => { live = false; };
  }, [mailbox.id]);

  if (error !== undefined) return <Alert variant="error">{errorText(t, error)}</Alert>;
  if (!drafts) return <p role="status">{t('app.loading')}</p>;
  if (drafts.length === 0) return <p className="kuvert-empty">{t('drafts.empty')}</p>;
  return (
    <>
      <p className="form-hint">{t('drafts.onlyYou')}</p>
      <div className="kuvert-list">
        <table className="table table--compact table-md-responsive-headers kuvert-messages kuvert-drafts">
          <caption className="sr-only">{t('drafts.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('drafts.title')}</th>
              <th scope="col">{t('drafts.recipient')}</th>
              <th scope="col">{t('drafts.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {drafts.map((d) => (
              <tr key={d.id} data-draft-id={d.id}>
                <td className="kuvert-title">
                  <Link to={d.kind === 'reply' && d.replyToMessageId ? paths.message(mailbox.id, d.replyToMessageId) : composeDraftPath(mailbox.id, d.id)}
                    className="kuvert-message-link">
                    {d.kind === 'reply' ? t('drafts.replyTo', { title: d.label }) : d.label.trim() || t('drafts.untitled')}
                  </Link>
                </td>
                <td data-title={t('drafts.recipient')}>{d.recipientName ?? t('drafts.noRecipient')}</td>
                <td data-title={t('drafts.updated')} className="kuvert-date"><time dateTime={d.updatedAt}>{shortDate(lang, d.updatedAt)}</time></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
