import { useState } from 'react';
import { api, type DeadLetter, type MailboxInfo } from '../api.ts';
import { ListTable } from '../common/AsyncTable.tsx';
import { longDate } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';
import { Link, paths } from '../router.tsx';

/** Forwardings that failed for good: what, when, how often tried, the remote server's reason, and "Prøv igen". */
export function DeadLetters({ organisationId, mailbox, deadLetters, run }: {
  organisationId: string;
  mailbox: MailboxInfo | undefined;
  deadLetters: DeadLetter[];
  run: (action: () => Promise<unknown>, success: string) => Promise<boolean>;
}) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<number>();

  return (
    <ListTable items={deadLetters} empty={t('dead.none')} className="kuvert-dead-letters" caption={t('dead.caption')}
      columns={[t('dead.title'), t('dead.received'), t('dead.attempts'), t('dead.reason')]} actions
      row={(d) => (
        <tr key={d.jobId} data-job-id={d.jobId}>
          <td data-title={t('dead.title')} className="kuvert-title">
            {mailbox ? <Link to={paths.message(mailbox.id, d.messageId)}>{d.label}</Link> : d.label}
          </td>
          <td data-title={t('dead.received')}><time dateTime={d.receivedAt}>{longDate(lang, d.receivedAt)}</time></td>
          <td data-title={t('dead.attempts')}>{d.attempts}</td>
          <td data-title={t('dead.reason')} className="kuvert-reason">{d.lastError ?? t('dead.noReason')}</td>
          <td data-title={t('dead.action')}>
            <button type="button" className="button button-secondary kuvert-retry" disabled={busy === d.jobId}
              onClick={async () => {
                setBusy(d.jobId);
                await run(() => api.retryDeadLetter(organisationId, d.jobId), t('dead.retried', { title: d.label }));
                setBusy(undefined);
              }}>
              <Icon name="refresh" />{t('dead.retry')}<span className="sr-only">: {d.label}</span>
            </button>
          </td>
        </tr>
      )} />
  );
}
