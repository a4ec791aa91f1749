import type { AuditCategory } from '../../contract/index.ts';
import type { EventType } from '../../store/index.ts';

/**
 * Which events are administrative changes of an organisation, and their category: the one list the
 * audit trail reads (docs/audit.md, "What is in the audit trail"). An event is in the trail when its
 * type is here and it was appended with the organisation's mailbox as `mailboxId` and no `messageId`
 * (what is about one letter is in that letter's history). A new kind of administrative change is one
 * line here, and a sentence in describe.ts.
 *
 * Not here: what happens to letters (MEMO_*, MESSAGE_*, MAIL_*), logins and throttling, a person's own
 * profile (PROFILE_UPDATED, EMAIL_*), Kuvert's own notices and alerts (NOTIFICATION_SENT,
 * EMPTYING_ALERTS_RAISED, SYSTEM_ALERT_*, CERTIFICATE_EXPIRY_WARNING, FORWARDING_PAUSED/FAILED), the
 * operator's own keys (OPERATOR_*) and citizens (REGISTRY_CITIZEN_*).
 */
export const AUDIT_EVENT_TYPES = {
  // the organisation and its mailbox
  REGISTRY_ORGANISATION_CREATED: 'mailbox',
  REGISTRY_ORGANISATION_CHANGED: 'mailbox',
  REGISTRY_ORGANISATION_CLOSED: 'mailbox',
  MAILBOX_ACTIVATED: 'mailbox',
  MAILBOX_LEVEL_CHANGED: 'mailbox',
  // people and roles
  MEMBERSHIP_GRANTED: 'people',
  MEMBERSHIP_CHANGED: 'people',
  MEMBERSHIP_REVOKED: 'people',
  FIRST_ADMINISTRATOR_FROM_IDP: 'people',
  ACCESS_REQUESTED: 'people',
  ACCESS_REQUEST_WITHDRAWN: 'people',
  ACCESS_APPROVED: 'people',
  ACCESS_REJECTED: 'people',
  INVITATION_CREATED: 'people',
  INVITATION_ACCEPTED: 'people',
  INVITATION_REVOKED: 'people',
  // systems and their certificates
  SYSTEM_CREATED: 'systems',
  SYSTEM_SECRET_ROTATED: 'systems',
  SYSTEM_DISABLED: 'systems',
  SYSTEM_DEFAULT_CHANGED: 'systems',
  SYSTEM_DEFAULT_MATERIAL_SET: 'systems',
  SYSTEM_CERTIFICATE_REGISTERED: 'systems',
  SYSTEM_CERTIFICATE_REMOVED: 'systems',
  // secure e-mail
  FORWARDING_CONFIGURED: 'secure-mail',
  FORWARDING_CONFIRMATION_REQUESTED: 'secure-mail',
  FORWARDING_CONFIRMED: 'secure-mail',
  FORWARDING_DISABLED: 'secure-mail',
  MAIL_CERTIFICATE_REGISTERED: 'secure-mail',
  MAIL_CERTIFICATE_REMOVED: 'secure-mail',
  // contact points
  CONTACT_POINT_CREATED: 'contact-points',
  CONTACT_POINT_CHANGED: 'contact-points',
  CONTACT_POINT_DEACTIVATED: 'contact-points',
  CONTACT_POINT_REACTIVATED: 'contact-points',
  // materials and subscription groups
  SUBSCRIPTION_GROUP_CREATED: 'materials',
  SUBSCRIPTION_GROUP_CHANGED: 'materials',
  MATERIAL_CREATED: 'materials',
  MATERIAL_CHANGED: 'materials',
  // own folders
  FOLDER_CREATED: 'folders',
  FOLDER_UPDATED: 'folders',
  FOLDER_DELETED: 'folders',
  // rules
  RULE_CREATED: 'rules',
  RULE_CHANGED: 'rules',
  RULE_DELETED: 'rules',
  RULE_DISABLED: 'rules',
  RULES_REORDERED: 'rules',
  RULES_REAPPLIED: 'rules',
  RULE_RUN_UNDONE: 'rules',
  // notifications of new mail
  NOTIFICATION_ADDRESS_ADDED: 'notifications',
  NOTIFICATION_ADDRESS_CONFIRMED: 'notifications',
  NOTIFICATION_ADDRESS_REMOVED: 'notifications',
  NOTIFICATION_RECIPIENTS_CHANGED: 'notifications',
  NOTIFICATION_UNSUBSCRIBED: 'notifications',
  // is the mailbox emptied
  FOLDER_WATCH_SET: 'emptying',
  FOLDER_WATCH_REMOVED: 'emptying',
  SYSTEM_WATCH_SET: 'emptying',
} as const satisfies Partial<Record<EventType | 'SYSTEM_CERTIFICATE_REGISTERED' | 'SYSTEM_CERTIFICATE_REMOVED', AuditCategory>>;

export type AuditEventType = keyof typeof AUDIT_EVENT_TYPES;

export const isAuditEventType = (type: string): type is AuditEventType => Object.hasOwn(AUDIT_EVENT_TYPES, type);

/** The event types of a category (all of them without one). */
export function auditTypes(category?: AuditCategory): string[] {
  return Object.entries(AUDIT_EVENT_TYPES).filter(([, c]) => category === undefined || c === category).map(([type]) => type);
}
