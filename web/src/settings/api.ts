/** Notifications of new mail (docs/notifications.md): a citizen's own (`/api/notifications`) or an organisation's (administrators). */
import type {
  NotificationAddressInput, NotificationAddressView, NotificationMailList, NotificationPersonView, NotificationSettings,
} from '../../../src/contract/index.ts';
import { apiRequest as request } from '../api.ts';

export type {
  NotificationAddressView, NotificationMailState, NotificationMailView, NotificationPersonView, NotificationSettings,
} from '../../../src/contract/index.ts';

/** What the address list needs, whoever's mailbox it is. */
export interface NotificationsClient {
  settings(): Promise<NotificationSettings>;
  add(input: NotificationAddressInput): Promise<NotificationAddressView>;
  resend(addressId: string): Promise<void>;
  remove(addressId: string): Promise<void>;
  setFolders(addressId: string, folderIds: string[] | null): Promise<NotificationAddressView>;
}

const enc = encodeURIComponent;

/** A citizen's own mailbox. */
export const ownNotifications: NotificationsClient = {
  settings: () => request<NotificationSettings>('GET', '/api/notifications'),
  add: (input) => request<NotificationAddressView>('POST', '/api/notifications/addresses', input),
  resend: (addressId) => request<void>('POST', `/api/notifications/addresses/${enc(addressId)}/resend`),
  remove: (addressId) => request<void>('DELETE', `/api/notifications/addresses/${enc(addressId)}`),
  setFolders: () => Promise.reject(new Error('a citizen\'s addresses are told of every letter')),
};

/** An organisation's mailbox, for its administrators: addresses, and people and the mail log. */
export function organisationNotifications(organisationId: string) {
  const base = `/api/admin/organisations/${enc(organisationId)}/notifications`;
  return {
    settings: () => request<NotificationSettings>('GET', base),
    add: (input: NotificationAddressInput) => request<NotificationAddressView>('POST', `${base}/addresses`, input),
    resend: (addressId: string) => request<void>('POST', `${base}/addresses/${enc(addressId)}/resend`),
    remove: (addressId: string) => request<void>('DELETE', `${base}/addresses/${enc(addressId)}`),
    setFolders: (addressId: string, folderIds: string[] | null) =>
      request<NotificationAddressView>('PUT', `${base}/addresses/${enc(addressId)}/folders`, { folderIds }),
    setPerson: (userId: string, folderIds: string[] | null) => request<NotificationPersonView>('PUT', `${base}/people/${enc(userId)}`, { folderIds }),
    removePerson: (userId: string) => request<void>('DELETE', `${base}/people/${enc(userId)}`),
    mails: () => request<NotificationMailList>('GET', `${base}/mails`),
  } satisfies NotificationsClient & Record<string, unknown>;
}
