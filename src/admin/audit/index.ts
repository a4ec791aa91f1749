/** The audit trail of an organisation's administrative changes, and who administers what (docs/audit.md). */
export { AUDIT_EVENT_TYPES, auditTypes, isAuditEventType, type AuditEventType } from './catalogue.ts';
export { auditedRule, picked, ruleValues } from './values.ts';
export { AUDIT_CATEGORY_NAMES, AUDIT_CSV_MAX_ROWS, AUDIT_PAGE_SIZE, administrators, auditCsv, auditTrail } from './service.ts';
