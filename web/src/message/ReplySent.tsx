import { Alert } from '../common/Alert.tsx';
import { useI18n } from '../i18n.ts';
import { useMailbox } from '../mailbox/MailboxContext.tsx';
import { Link, paths } from '../router.tsx';

export interface ReplyConfirmation {
  messageId: string;
  to: string;
}

/** "Your reply has been sent": where the reply form was, taking the focus, with a link to the reply in Sendt. */
export function ReplySent({ confirmation }: { confirmation: ReplyConfirmation }) {
  const { t } = useI18n();
  const { mailbox } = useMailbox();
  return (
    <div className="kuvert-reply-sent">
      <Alert variant="success" focus heading={t('message.replySent')}>
        <p>{t('trust.replySentTo', { name: confirmation.to })}</p>
        <p><Link to={paths.message(mailbox.id, confirmation.messageId)}>{t('trust.seeReply')}</Link></p>
      </Alert>
    </div>
  );
}
