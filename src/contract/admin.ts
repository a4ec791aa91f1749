/**
 * Administration (docs/admin.md): `/api/admin/organisations/:organisationId/…` for an organisation's
 * administrators, `/api/profile`, `/api/access-requests` and `/api/invitations/…` for employees, and
 * `/api/operator/…` for the people who run Kuvert.
 */
import Type, { type Static } from 'typebox';
import { DateTime, Id, Nullable, StringEnum, UuidInput } from './common.ts';
import { MailboxLevel, MemberRole } from './portal.ts';

// --- paths ---------------------------------------------------------------------------------------

export const AdminParams = Type.Object({ organisationId: UuidInput() });
export type AdminParams = Static<typeof AdminParams>;

export const PersonParams = Type.Object({ organisationId: UuidInput(), userId: UuidInput() });
export type PersonParams = Static<typeof PersonParams>;

export const RequestParams = Type.Object({ organisationId: UuidInput(), requestId: UuidInput() });
export type RequestParams = Static<typeof RequestParams>;

export const InvitationParams = Type.Object({ organisationId: UuidInput(), invitationId: UuidInput() });
export type InvitationParams = Static<typeof InvitationParams>;

export const SystemParams = Type.Object({ organisationId: UuidInput(), systemId: UuidInput() });
export type SystemParams = Static<typeof SystemParams>;

export const ContactPointParams = Type.Object({ organisationId: UuidInput(), contactPointId: UuidInput() });
export type ContactPointParams = Static<typeof ContactPointParams>;

export const OwnRequestParams = Type.Object({ requestId: UuidInput() });
export type OwnRequestParams = Static<typeof OwnRequestParams>;

// --- building blocks -------------------------------------------------------------------------------

/** A role as granted or asked for: `folderIds` null = all folders; a list only for writers and readers of an extended mailbox. */
export const RoleGrant = Type.Object({
  role: MemberRole,
  folderIds: Nullable(Type.Array(UuidInput(), { maxItems: 200 })),
}, { additionalProperties: false });
export type RoleGrant = Static<typeof RoleGrant>;

export const FolderRef = Type.Object({ id: Id(), name: Type.String() });
export type FolderRef = Static<typeof FolderRef>;

/** Who did something, for people to read: a person's name, or the operator, the identity provider, a migration. */
export const ActorRef = Type.Object({
  kind: StringEnum(['user', 'operator', 'idp', 'system', 'migration']),
  name: Type.String(),
  userId: Type.Optional(Id()),
});
export type ActorRef = Static<typeof ActorRef>;

export const OrganisationRef = Type.Object({
  id: Id(),
  cvr: Type.String(),
  name: Type.String(),
  kind: StringEnum(['authority', 'company']),
});
export type OrganisationRef = Static<typeof OrganisationRef>;

// --- the organisation ------------------------------------------------------------------------------

/** What the administration page needs first: the organisation, its mailbox, and what the caller may do. */
export const OrganisationAdmin = Type.Object({
  organisation: OrganisationRef,
  mailbox: Type.Object({
    id: Id(),
    level: MailboxLevel,
    activatedAt: Nullable(DateTime()),
    activatedBy: Nullable(ActorRef),
    folders: Type.Array(FolderRef, { description: 'own folders (extended), for per-folder access' }),
  }),
  you: Type.Object({ role: MemberRole }),
  may: Type.Object({
    people: Type.Boolean(),
    superAdmins: Type.Boolean(),
    contactPoints: Type.Boolean({ description: 'authorities only' }),
    systems: Type.Boolean(),
    level: Type.Boolean(),
  }),
  pendingRequests: Type.Integer({ minimum: 0 }),
});
export type OrganisationAdmin = Static<typeof OrganisationAdmin>;

/** Activation (first time) and a change of level: every letter is kept either way. */
export const LevelInput = Type.Object({ level: MailboxLevel }, { additionalProperties: false });
export type LevelInput = Static<typeof LevelInput>;

// --- people ----------------------------------------------------------------------------------------

export const Member = Type.Object({
  userId: Id(),
  name: Type.String(),
  email: Nullable(Type.String()),
  role: MemberRole,
  folders: Nullable(Type.Array(FolderRef), { description: 'null = all folders' }),
  since: DateTime(),
  grantedBy: ActorRef,
  lastLoginAt: Nullable(DateTime()),
});
export type Member = Static<typeof Member>;

export const RevokeInput = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export type RevokeInput = Static<typeof RevokeInput>;

export const AccessRequestStatus = StringEnum(['pending', 'approved', 'rejected', 'withdrawn']);
export type AccessRequestStatus = Static<typeof AccessRequestStatus>;

export const AccessRequestView = Type.Object({
  id: Id(),
  organisation: OrganisationRef,
  person: Type.Object({ userId: Id(), name: Type.String(), email: Nullable(Type.String()) }),
  role: MemberRole,
  folders: Nullable(Type.Array(FolderRef)),
  message: Nullable(Type.String()),
  status: AccessRequestStatus,
  createdAt: DateTime(),
  decidedAt: Nullable(DateTime()),
  decidedBy: Nullable(ActorRef),
  /** what was granted (possibly narrower than asked); absent until approved */
  decidedRole: Type.Optional(MemberRole),
  decidedFolders: Nullable(Type.Array(FolderRef)),
  reason: Nullable(Type.String()),
});
export type AccessRequestView = Static<typeof AccessRequestView>;

export const RequestList = Type.Object({ status: Type.Optional(AccessRequestStatus) }, { additionalProperties: false });
export type RequestList = Static<typeof RequestList>;

/** Approval, possibly with a narrower role than asked for; without a body, what was asked. */
export const ApproveInput = Type.Object({
  role: Type.Optional(MemberRole),
  folderIds: Type.Optional(Nullable(Type.Array(UuidInput(), { maxItems: 200 }))),
}, { additionalProperties: false });
export type ApproveInput = Static<typeof ApproveInput>;

export const RejectInput = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
export type RejectInput = Static<typeof RejectInput>;

export const InvitationInput = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  role: MemberRole,
  folderIds: Nullable(Type.Array(UuidInput(), { maxItems: 200 })),
}, { additionalProperties: false });
export type InvitationInput = Static<typeof InvitationInput>;

export const InvitationView = Type.Object({
  id: Id(),
  email: Type.String(),
  role: MemberRole,
  folders: Nullable(Type.Array(FolderRef)),
  status: StringEnum(['open', 'accepted', 'expired', 'revoked']),
  createdAt: DateTime(),
  createdBy: ActorRef,
  expiresAt: DateTime(),
  acceptedBy: Nullable(Type.Object({ userId: Id(), name: Type.String() })),
});
export type InvitationView = Static<typeof InvitationView>;

/** One period in which a person held a role: who could see what, from when to when, and who granted it. */
export const AccessPeriod = Type.Object({
  userId: Id(),
  name: Type.String(),
  role: MemberRole,
  folders: Nullable(Type.Array(FolderRef)),
  from: DateTime(),
  to: Nullable(DateTime()),
  grantedBy: ActorRef,
  endedBy: Nullable(ActorRef),
  endReason: Nullable(Type.String()),
});
export type AccessPeriod = Static<typeof AccessPeriod>;

// --- the employee's own side -----------------------------------------------------------------------

export const Profile = Type.Object({
  userId: Id(),
  name: Type.String(),
  email: Nullable(Type.String({ description: 'confirmed' })),
  emailPending: Nullable(Type.String({ description: 'given, waiting for the link mailed to it' })),
  /** the organisation the identity provider says the person belongs to (by CVR), if Kuvert knows it; absent otherwise */
  organisation: Type.Optional(Type.Object({
    ...OrganisationRef.properties,
    level: MailboxLevel,
    folders: Type.Array(FolderRef, { description: 'own folders, to ask for per-folder access (extended)' }),
  })),
  requests: Type.Array(AccessRequestView),
});
export type Profile = Static<typeof Profile>;

export const ProfileInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ minLength: 3, maxLength: 254 }),
}, { additionalProperties: false });
export type ProfileInput = Static<typeof ProfileInput>;

export const AccessRequestInput = Type.Object({
  organisationId: UuidInput(),
  role: MemberRole,
  folderIds: Nullable(Type.Array(UuidInput(), { maxItems: 200 })),
  message: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });
export type AccessRequestInput = Static<typeof AccessRequestInput>;

export const InvitationAccepted = Type.Object({ organisationId: Id(), mailboxId: Id(), role: MemberRole });
export type InvitationAccepted = Static<typeof InvitationAccepted>;

// --- systems ---------------------------------------------------------------------------------------

export const SystemKind = StringEnum(['sender', 'recipient']);
export type SystemKind = Static<typeof SystemKind>;

/** What every view of a system shows: its administrators' (`SystemAdminView`) and the operator's (`OperatorSystemView`). */
export const SystemFields = Type.Object({
  id: Id(),
  name: Type.String(),
  kind: SystemKind,
  status: StringEnum(['active', 'disabled']),
  isDefault: Type.Boolean({ description: 'the default sender system: replies from mail systems go out as it' }),
  createdAt: DateTime(),
  lastAuthenticatedAt: Nullable(DateTime()),
  previousSecretValidUntil: Nullable(DateTime()),
});
export type SystemFields = Static<typeof SystemFields>;

export const SystemAdminView = Type.Object({
  ...SystemFields.properties,
  /** recipient systems: letters waiting to be fetched, and the oldest one's arrival */
  waiting: Type.Optional(Type.Object({ count: Type.Integer({ minimum: 0 }), oldestAt: Nullable(DateTime()) })),
});
export type SystemAdminView = Static<typeof SystemAdminView>;

export const SystemInput = Type.Object({
  kind: SystemKind,
  name: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });
export type SystemInput = Static<typeof SystemInput>;

export const RotateInput = Type.Object({
  graceHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720, description: 'how long the old secret keeps working; default 24' })),
}, { additionalProperties: false });
export type RotateInput = Static<typeof RotateInput>;

/** The only time a secret is shown. */
export const SystemSecret = Type.Object({
  id: Id(),
  name: Type.String(),
  kind: SystemKind,
  secret: Type.String(),
  previousSecretValidUntil: Nullable(DateTime()),
});
export type SystemSecret = Static<typeof SystemSecret>;

// --- contact points --------------------------------------------------------------------------------

export const ContactPointWriter = StringEnum(['citizen', 'company', 'authority']);
export type ContactPointWriter = Static<typeof ContactPointWriter>;

export const ContactPointAdmin = Type.Object({
  id: Id(),
  name: Type.String(),
  description: Type.String(),
  parentId: Nullable(Id()),
  active: Type.Boolean(),
  visible: Type.Boolean({ description: 'found in the directory search' }),
  whoMayWrite: Type.Array(ContactPointWriter),
  maxSizeMb: Type.Integer({ minimum: 1 }),
  maxAttachments: Type.Integer({ minimum: 0 }),
  fileTypes: Nullable(Type.Array(Type.String()), { description: 'lower-case extensions; null = every type the portal accepts' }),
  recipientSystemId: Nullable(Id()),
  mailName: Nullable(Type.String({ description: 'the DNS label of its gateway address' })),
  deactivatedAt: Nullable(DateTime()),
});
export type ContactPointAdmin = Static<typeof ContactPointAdmin>;

export const ContactPointInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  parentId: Type.Optional(Nullable(UuidInput())),
  visible: Type.Optional(Type.Boolean()),
  whoMayWrite: Type.Optional(Type.Array(ContactPointWriter, { minItems: 1, maxItems: 3, uniqueItems: true })),
  maxSizeMb: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024 })),
  maxAttachments: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  fileTypes: Type.Optional(Nullable(Type.Array(Type.String({ pattern: '^[a-z0-9]{1,10}$' }), { maxItems: 50 }))),
  recipientSystemId: Type.Optional(Nullable(UuidInput())),
  mailName: Type.Optional(Nullable(Type.String({ maxLength: 63 }))),
}, { additionalProperties: false });
export type ContactPointInput = Static<typeof ContactPointInput>;

/** Deactivation asks first: without `confirm` a contact point still in use answers 409 CONTACT_POINT_IN_USE with `details` = its uses. */
export const DeactivateInput = Type.Object({ confirm: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export type DeactivateInput = Static<typeof DeactivateInput>;

export const ContactPointUse = Type.Object({
  kind: StringEnum(['gateway-address', 'open-threads', 'child-contact-points']),
  description: Type.String(),
  count: Type.Integer({ minimum: 0 }),
});
export type ContactPointUse = Static<typeof ContactPointUse>;

/** A change of some of a contact point's settings (PATCH): what is left out stays as it is. */
export const ContactPointChange = Type.Object({
  ...ContactPointInput.properties,
  name: Type.Optional(ContactPointInput.properties.name),
}, { additionalProperties: false });
export type ContactPointChange = Static<typeof ContactPointChange>;

export const SystemList = Type.Array(SystemAdminView);
export type SystemList = Static<typeof SystemList>;

export const ContactPointAdminList = Type.Array(ContactPointAdmin);
export type ContactPointAdminList = Static<typeof ContactPointAdminList>;

// --- materials and subscription groups (docs/admin.md, "Materials and subscription groups") -------

export const SubscriptionGroupParams = Type.Object({ organisationId: UuidInput(), subscriptionGroupId: UuidInput() });
export type SubscriptionGroupParams = Static<typeof SubscriptionGroupParams>;

export const MaterialParams = Type.Object({ organisationId: UuidInput(), materialId: UuidInput() });
export type MaterialParams = Static<typeof MaterialParams>;

export const SubscriptionGroupView = Type.Object({
  id: Id(),
  name: Type.String({ description: 'e.g. "BBR", "Ejendomsskat", "Sygedagpenge"; unique in the organisation, ignoring case' }),
  createdAt: DateTime(),
});
export type SubscriptionGroupView = Static<typeof SubscriptionGroupView>;

export const SubscriptionGroupList = Type.Array(SubscriptionGroupView);
export type SubscriptionGroupList = Static<typeof SubscriptionGroupList>;

export const SubscriptionGroupInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
}, { additionalProperties: false });
export type SubscriptionGroupInput = Static<typeof SubscriptionGroupInput>;

export const MaterialView = Type.Object({
  id: Id(),
  code: Type.String({ description: 'what a letter names in MeMo MessageHeader/messageCode; unique in the organisation' }),
  name: Type.String(),
  subscriptionGroup: Type.Object({ id: Id(), name: Type.String() }),
  mandatory: Type.Boolean(),
  replyAllowed: Type.Boolean(),
  labelPrefix: Nullable(Type.String()),
  active: Type.Boolean({ description: 'an inactive material is refused (MATERIAL_UNKNOWN) and no system\'s default any more' }),
  defaultOfSystems: Type.Array(Id(), { description: 'the sender systems whose letters get this material when they name none' }),
  createdAt: DateTime(),
});
export type MaterialView = Static<typeof MaterialView>;

export const MaterialList = Type.Array(MaterialView);
export type MaterialList = Static<typeof MaterialList>;

export const MaterialInput = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 100 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  subscriptionGroupId: UuidInput(),
  mandatory: Type.Optional(Type.Boolean()),
  replyAllowed: Type.Optional(Type.Boolean()),
  labelPrefix: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
}, { additionalProperties: false });
export type MaterialInput = Static<typeof MaterialInput>;

/** A change of some of a material's settings (PATCH): what is left out stays; `active: false` deactivates it. */
export const MaterialChange = Type.Object({
  ...Type.Partial(MaterialInput).properties,
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type MaterialChange = Static<typeof MaterialChange>;

export const DefaultMaterialInput = Type.Object({
  materialId: Nullable(UuidInput(), { description: 'an active material of the organisation; null: none' }),
}, { additionalProperties: false });
export type DefaultMaterialInput = Static<typeof DefaultMaterialInput>;

export const DefaultMaterialView = Type.Object({ systemId: Id(), materialId: Nullable(Id()) });
export type DefaultMaterialView = Static<typeof DefaultMaterialView>;
