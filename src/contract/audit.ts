/**
 * The audit trail (docs/audit.md): every administrative change of an organisation — who, what, when,
 * before and after — at `/api/admin/organisations/:organisationId/audit` (JSON, newest first, a page
 * at a time) and `…/audit.csv` (a spreadsheet file), and who administers what at `…/administrators`.
 * For the organisation's super-administrators.
 */
import Type, { type Static } from 'typebox';
import { DateTime, Id, Nullable, StringEnum } from './common.ts';
import { ActorRef } from './admin.ts';
import { MemberRole } from './portal.ts';

/** What an administrative change is about (src/admin/audit/catalogue.ts lists the event types of each). */
export const AUDIT_CATEGORIES = [
  'mailbox', 'people', 'systems', 'secure-mail', 'contact-points', 'materials', 'folders', 'rules', 'notifications', 'emptying',
] as const;
export const AuditCategory = StringEnum(AUDIT_CATEGORIES, { description: 'what the change is about' });
export type AuditCategory = Static<typeof AuditCategory>;

/** A Danish day `YYYY-MM-DD`. */
export const DAY_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
const Day = (description: string) => Type.String({ pattern: DAY_PATTERN, description });

/** The most entries one page holds. */
export const AUDIT_MAX_LIMIT = 200;

const filters = {
  from: Type.Optional(Day('first day, included (Danish time)')),
  to: Type.Optional(Day('last day, included (Danish time)')),
  category: Type.Optional(AuditCategory),
  actor: Type.Optional(Type.String({
    maxLength: 60, pattern: '^(user:[0-9a-fA-F-]{36}|operator|idp|kuvert)$',
    description: '`user:<id>`: what this person did; `operator`: the command line and the operator API; `idp`: the identity provider; `kuvert`: Kuvert itself (and the links in its mails)',
  })),
};

export const AuditQuery = Type.Object({
  ...filters,
  cursor: Type.Optional(Type.String({ maxLength: 200, description: '`next` of the page before' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: AUDIT_MAX_LIMIT, description: 'entries per page; default 50' })),
}, { additionalProperties: false });
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditCsvQuery = Type.Object({
  ...filters,
  lang: Type.Optional(StringEnum(['da', 'en'], { description: 'language of the headings and sentences; default da' })),
}, { additionalProperties: false });
export type AuditCsvQuery = Static<typeof AuditCsvQuery>;

/** A text in Danish and in English. */
export const Localized = Type.Object({ da: Type.String(), en: Type.String() });
export type Localized = Static<typeof Localized>;

export const AuditActor = Type.Object({
  kind: StringEnum(['user', 'operator', 'idp', 'kuvert'], {
    description: '`user`: a person; `operator`: the command line (`cli`) or an operator key; `idp`: the identity provider; `kuvert`: Kuvert itself, the demo seed, or whoever opened a link in a mail',
  }),
  /** as the event log names it: `user:<id>`, `operator:<key>`, `cli`, `idp`, `kuvert`, `demo`, `notification-link` … */
  id: Type.String(),
  name: Type.String({ description: 'the person\'s name now, the operator key\'s name, or empty' }),
  userId: Type.Optional(Id()),
});
export type AuditActor = Static<typeof AuditActor>;

/** One setting that changed: its value before and after (null: it had none, or it is a creation or a removal). */
export const AuditChange = Type.Object({
  field: Type.String({ description: 'the setting, as the API names it' }),
  label: Localized,
  before: Nullable(Localized),
  after: Nullable(Localized),
});
export type AuditChange = Static<typeof AuditChange>;

export const AuditEntry = Type.Object({
  id: Type.String({ description: 'the event\'s place in the event log: `<chain>-<seq>`' }),
  at: DateTime(),
  type: Type.String({ description: 'the event type, e.g. CONTACT_POINT_CHANGED' }),
  category: AuditCategory,
  actor: AuditActor,
  what: Localized,
  changes: Type.Array(AuditChange, { description: 'the changed settings; empty when the event names none' }),
  data: Type.Object({}, { additionalProperties: true, description: 'the event\'s data as the event log holds it (ids, never a secret, a CPR number or a letter\'s contents)' }),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditPage = Type.Object({
  entries: Type.Array(AuditEntry, { description: 'newest first' }),
  next: Nullable(Type.String(), { description: 'the cursor of the next (older) page; null: this is the last' }),
});
export type AuditPage = Static<typeof AuditPage>;

/** The CSV file (`text/csv; charset=utf-8`, semicolon-separated, with a byte order mark). */
export const AuditCsv = Type.String({ description: 'semicolon-separated values with a UTF-8 byte order mark, as Danish Excel opens them' });

// --- who administers what ---------------------------------------------------------------------------

export const AdministeringPerson = Type.Object({
  userId: Id(),
  name: Type.String(),
  role: MemberRole,
  since: DateTime({ description: 'when their present role (and folders) began' }),
  grantedBy: ActorRef,
  lastLoginAt: Nullable(DateTime()),
});
export type AdministeringPerson = Static<typeof AdministeringPerson>;

export const AdministeredFolder = Type.Object({
  id: Id(),
  name: Type.String(),
  kind: StringEnum(['INBOX', 'SENT', 'DRAFTS', 'DELETED', 'USER']),
  responsible: Nullable(Type.Object({
    person: Nullable(Type.Object({ userId: Id(), name: Type.String() })),
    unit: Nullable(Type.String()),
    thresholdHours: Type.Integer(),
    since: DateTime({ description: 'when the folder\'s watch was last set' }),
  }), { description: 'who empties the folder (docs/emptying.md); null: nobody is named' }),
  people: Type.Array(AdministeringPerson, { description: 'writers and readers limited to some folders, this one among them' }),
});
export type AdministeredFolder = Static<typeof AdministeredFolder>;

export const AdministratorsView = Type.Object({
  organisation: Type.Object({ id: Id(), name: Type.String(), cvr: Type.String() }),
  roles: Type.Array(Type.Object({
    role: MemberRole,
    people: Type.Array(AdministeringPerson),
  }), { description: 'the whole organisation, strongest role first: super-administrators, administrators, then writers and readers of every folder' }),
  folders: Type.Array(AdministeredFolder, { description: 'Indbakke and own folders, and any other folder someone is limited to' }),
});
export type AdministratorsView = Static<typeof AdministratorsView>;
