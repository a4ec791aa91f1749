/** Notifications of new mail (docs/notifications.md): addresses and recipients, the mail log, and the links in the mails. */
export { CONFIRM_PATH, NOTIFICATION_TOKEN_HOURS } from './settings.ts';
export {
  addOrganisationNotificationAddress, notificationMailView, organisationNotificationMails, organisationNotifications, removeNotifiedPerson,
  removeOrganisationNotificationAddress, resendOrganisationNotificationLink, setNotifiedPerson, setOrganisationNotificationFolders,
} from './organisation.ts';
export { addOwnNotificationAddress, ownNotifications, removeOwnNotificationAddress, resendOwnNotificationLink } from './own.ts';
export { confirmNotificationLink, notificationConfirmationInfo, unsubscribeByLink, unsubscribeInfo, type NotificationLinkInfo } from './links.ts';
