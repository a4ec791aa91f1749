/**
 * A mailbox's rules (docs/rules.md): `/api/admin/organisations/:organisationId/rules…`. The shapes of
 * conditions and actions are the engine's (src/domain/rules/types.ts, `RuleCondition`, `RuleAction`); what a value must be beyond its
 * shape (digits of a P-number, a folder of this mailbox …) is checked by the engine's validation, which
 * answers every problem with a code and a path.
 */
import Type, { type Static } from 'typebox';
import { DateTime, Id, Nullable, StringEnum, UuidInput } from './common.ts';

export const RuleParams = Type.Object({ organisationId: UuidInput(), ruleId: UuidInput() });
export type RuleParams = Static<typeof RuleParams>;

export const RuleRunParams = Type.Object({ organisationId: UuidInput(), runId: UuidInput() });
export type RuleRunParams = Static<typeof RuleRunParams>;

const Text = Type.String({ maxLength: 200 });

/** A condition: which combinations of field, op and value are valid is the engine's check (`validateRule`), with a code per problem. */
export const RuleConditionData = Type.Object({
  field: StringEnum([
    'subscriptionGroup', 'material', 'attentionPerson', 'attentionEmail', 'contentResponsible', 'caseId', 'kle', 'form', 'propertyNumber',
    'senderCvr', 'pNumber', 'seNumber', 'contentCvr', 'cpr', 'messageType', 'mandatory', 'legalNotification', 'replyAllowed',
  ]),
  op: StringEnum(['equals', 'oneOf', 'contains', 'exists']),
  value: Type.Optional(Type.Union([Text, Type.Boolean()])),
  values: Type.Optional(Type.Array(Text, { maxItems: 50 })),
}, { additionalProperties: false });
export type RuleConditionData = Static<typeof RuleConditionData>;

export const RuleActionData = Type.Object({
  kind: StringEnum(['file', 'deliver', 'notify', 'forward', 'mark']),
  /** file: a folder of the mailbox */
  folderId: Type.Optional(UuidInput()),
  /** deliver: recipient systems of the organisation */
  systemIds: Type.Optional(Type.Array(UuidInput(), { maxItems: 50 })),
  /** notify: people of the organisation, or its confirmed notification addresses */
  to: Type.Optional(Type.Array(Type.Object({
    userId: Type.Optional(UuidInput()), address: Type.Optional(Type.String({ maxLength: 254 })),
  }, { additionalProperties: false }), { maxItems: 50 })),
}, { additionalProperties: false });
export type RuleActionData = Static<typeof RuleActionData>;

/** A rule as an administrator writes it; `position` places it before the rule that has that place (default: last). */
export const RuleInput = Type.Object({
  name: Type.String({ maxLength: 200 }),
  enabled: Type.Boolean(),
  stopHere: Type.Boolean(),
  conditions: Type.Array(RuleConditionData, { maxItems: 20 }),
  actions: Type.Array(RuleActionData, { maxItems: 10 }),
}, { additionalProperties: false });
export type RuleInput = Static<typeof RuleInput>;

export const RuleView = Type.Object({
  id: Id(),
  name: Type.String(),
  enabled: Type.Boolean(),
  stopHere: Type.Boolean(),
  conditions: Type.Array(RuleConditionData),
  actions: Type.Array(RuleActionData),
  /** 'forwarding': made by the secure-mail page from its scope and rules, and changed there */
  origin: StringEnum(['rules', 'forwarding']),
  /** the rule in a sentence, in Danish and in English */
  sentence: Type.Object({ da: Type.String(), en: Type.String() }),
  updatedAt: DateTime(),
  updatedBy: Type.Object({ actor: Type.String(), name: Nullable(Type.String()) }),
});
export type RuleView = Static<typeof RuleView>;

export const RuleRunView = Type.Object({
  id: Id(),
  moved: Type.Integer(),
  createdAt: DateTime(),
  createdBy: Type.String(),
  undoneAt: Nullable(DateTime()),
});
export type RuleRunView = Static<typeof RuleRunView>;

/** What a rule may name, for the editor's choices. */
export const RuleChoices = Type.Object({
  folders: Type.Array(Type.Object({ id: Id(), name: Type.String() })),
  systems: Type.Array(Type.Object({ id: Id(), name: Type.String(), active: Type.Boolean() })),
  people: Type.Array(Type.Object({ userId: Id(), name: Type.String() })),
  addresses: Type.Array(Type.String()),
  forwardingSetUp: Type.Boolean(),
  /** subscription groups and materials of the authorities that wrote to the mailbox (names as they are now) */
  subscriptionGroups: Type.Array(Type.String()),
  materials: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
});
export type RuleChoices = Static<typeof RuleChoices>;

export const RuleList = Type.Object({
  /** rules run in this order */
  rules: Type.Array(RuleView),
  /** false: a standard mailbox, where only the secure-mail page's rules run */
  editable: Type.Boolean(),
  choices: RuleChoices,
  runs: Type.Array(RuleRunView),
});
export type RuleList = Static<typeof RuleList>;

export const RuleOrder = Type.Object({ ruleIds: Type.Array(UuidInput(), { maxItems: 500 }) }, { additionalProperties: false });
export type RuleOrder = Static<typeof RuleOrder>;

/** A draft tried on the mailbox's last letters; `ruleId` when it changes a saved rule (it stands in its place). */
export const RulePreviewInput = Type.Object({ rule: RuleInput, ruleId: Type.Optional(UuidInput()) }, { additionalProperties: false });
export type RulePreviewInput = Static<typeof RulePreviewInput>;

export const RulePreview = Type.Object({
  /** how many letters were tried: the last 1,000 in Indbakke and own folders */
  tried: Type.Integer(),
  matched: Type.Integer(),
  letters: Type.Array(Type.Object({
    messageId: Id(),
    label: Type.String(),
    sender: Type.String(),
    receivedAt: DateTime(),
    /** the folder it is in now, and where the rules with this draft would file it */
    folderId: Id(),
    wouldFolderId: Id(),
    systems: Nullable(Type.Array(Id())),
    notify: Type.Integer(),
    forward: Type.Boolean(),
    mark: Type.Boolean(),
    /** an earlier rule with "stop here" takes the letter first: this rule would not run on it */
    stoppedBefore: Type.Boolean(),
  })),
});
export type RulePreview = Static<typeof RulePreview>;

/** Re-apply the rules to the letters in Indbakke: without `confirm`, only the count that would move. */
export const RuleApplyInput = Type.Object({ confirm: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export type RuleApplyInput = Static<typeof RuleApplyInput>;

export const RuleApplyResult = Type.Object({
  /** letters in Indbakke the rules were run on (the newest 10,000 at most) */
  tried: Type.Integer(),
  moved: Type.Integer(),
  /** the run, to undo it; null for the count only */
  runId: Nullable(Id()),
});
export type RuleApplyResult = Static<typeof RuleApplyResult>;

export const RuleUndoResult = Type.Object({ movedBack: Type.Integer() });
export type RuleUndoResult = Static<typeof RuleUndoResult>;
