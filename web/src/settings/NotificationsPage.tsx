import { Loaded } from '../common/AsyncTable.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { useAsync } from '../common/useAsync.ts';
import { useI18n } from '../i18n.ts';
import { useStatus } from '../admin/form.tsx';
import { AddressesSection } from './Addresses.tsx';
import { ownNotifications } from './api.ts';

/**
 * `/notifikationer`: a citizen's notifications of new mail in their own mailbox (docs/notifications.md).
 * Each address is confirmed by a link mailed to it before anything is sent to it; every notice has an
 * unsubscribe link. Reached from the header's "Notifikationer".
 */
export function NotificationsPage() {
  const { t } = useI18n();
  const settings = useAsync(() => ownNotifications.settings(), []);
  const status = useStatus();
  const title = t('notify.heading');
  return (
    <div className="kuvert-notifications">
      <PageHeading title={title}>{title}</PageHeading>
      <p className="font-lead">{t('notify.introCitizen')}</p>
      {status.node}
      <Loaded state={settings}>
        {(data) => <AddressesSection client={ownNotifications} settings={data} reload={settings.reload} status={status} />}
      </Loaded>
    </div>
  );
}
