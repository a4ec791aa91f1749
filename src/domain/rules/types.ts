import type { MemoMessageType } from '../../memo/index.ts';

/**
 * The one rule engine of an extended mailbox (issue #10, "Rules"): what a rule sees of a letter, what it
 * may ask of it and what it may do with it. Pure data; evaluation, validation and description live next
 * to this file.
 */

export type NonEmpty<T> = readonly [T, ...T[]];

/** Message types a rule may ask about (MeMo `messageType`). */
export const MESSAGE_TYPES: readonly MemoMessageType[] = ['DIGITALPOST', 'NEMSMS'];

/**
 * What the rules see of an accepted letter: a few header fields of its MeMo and what Kuvert knows of its
 * sender and material. Text is as written in the MeMo (not trimmed); an empty text counts as absent
 * (`null`), as `message.attention` keeps them (src/delivery's `attentionOf` reads them from here). The CPR number is here only to be compared: it is
 * never written into an outcome, a problem or a sentence.
 */
export interface LetterFacts {
  /** the sending organisation in Kuvert; null when a citizen (or a party without an organisation) sent it */
  sender: { organisationId: string; cvr: string } | null;
  /** subscription group of the letter's material (e.g. "BBR"), when the sender has materials */
  subscriptionGroup: string | null;
  /** the material's code (what the letter names by MeMo `messageCode`, or the sender system's default) */
  material: string | null;
  messageType: MemoMessageType;
  /** MessageHeader/mandatory; absent = false */
  mandatory: boolean;
  /** MessageHeader/legalNotification; absent = false */
  legalNotification: boolean;
  /** MessageHeader/reply (the recipient may answer); absent = false */
  replyAllowed: boolean;
  /** Recipient/AttentionData */
  attention: {
    /** ProductionUnit/productionUnitNumber as decimal digits (what `message.p_number` holds for an organisation) */
    pNumber: string | null;
    /** AttentionPerson/label */
    person: string | null;
    /** EMail/emailAddress */
    email: string | null;
    /** SEnumber/seNumber */
    seNumber: string | null;
    /** ContentResponsible: its label and its id; a condition holds when it holds for either */
    contentResponsible: { id: string | null; label: string | null };
  };
  /** MessageHeader/ContentData */
  content: {
    /** CPRdata/cprNumber — compare only, never show */
    cpr: string | null;
    /** CVRdata/cvrNumber */
    cvr: string | null;
    /** CaseID/caseID */
    caseId: string | null;
    /** KLEdata/subjectKey, e.g. "03.10.08" */
    kle: string | null;
    /** FORMdata/taskKey, e.g. "03.10.08.00" */
    form: string | null;
    /** PropertyNumber/propertyNumber */
    propertyNumber: string | null;
  };
}

/** Free text: compared case-insensitively. */
export type TextField =
  | 'subscriptionGroup'
  | 'material'
  | 'attentionPerson'
  | 'attentionEmail'
  | 'contentResponsible'
  | 'caseId'
  | 'kle'
  | 'form'
  | 'propertyNumber';

/** Numbers written as digits (CVR 8, P-number 10, SE 8): compared exactly. */
export type NumberField = 'senderCvr' | 'pNumber' | 'seNumber' | 'contentCvr';

export type FlagField = 'mandatory' | 'legalNotification' | 'replyAllowed';

export type TextCondition = { field: TextField } & (
  | { op: 'equals'; value: string }
  | { op: 'oneOf'; values: NonEmpty<string> }
  | { op: 'contains'; value: string }
  | { op: 'exists' }
);

export type NumberCondition = { field: NumberField } & (
  | { op: 'equals'; value: string }
  | { op: 'oneOf'; values: NonEmpty<string> }
  | { op: 'exists' }
);

/** A CPR number may only be asked for: is there one, is it this one. */
export type CprCondition = { field: 'cpr' } & ({ op: 'equals'; value: string } | { op: 'exists' });

export type MessageTypeCondition = { field: 'messageType' } & (
  | { op: 'equals'; value: MemoMessageType }
  | { op: 'oneOf'; values: NonEmpty<MemoMessageType> }
);

export type FlagCondition = { field: FlagField; op: 'equals'; value: boolean };

/** One condition; a rule matches when all its conditions hold. */
export type RuleCondition = TextCondition | NumberCondition | CprCondition | MessageTypeCondition | FlagCondition;

export type ConditionField = RuleCondition['field'];

export const TEXT_FIELDS: readonly TextField[] = ['subscriptionGroup', 'material', 'attentionPerson', 'attentionEmail', 'contentResponsible', 'caseId', 'kle', 'form', 'propertyNumber'];
export const NUMBER_FIELDS: readonly NumberField[] = ['senderCvr', 'pNumber', 'seNumber', 'contentCvr'];
export const FLAG_FIELDS: readonly FlagField[] = ['mandatory', 'legalNotification', 'replyAllowed'];

/** Who is told that a letter arrived: a person of the organisation, or a confirmed e-mail address. */
export type NotifyTarget = { userId: string } | { address: string };

export type RuleAction =
  /** file the letter in this folder of the mailbox (instead of Indbakke) */
  | { kind: 'file'; folderId: string }
  /** give the letter to these recipient systems (and only rule-given letters to a system) */
  | { kind: 'deliver'; systemIds: NonEmpty<string> }
  /** tell these people or addresses that mail arrived (never what it says) */
  | { kind: 'notify'; to: NonEmpty<NotifyTarget> }
  /** forward by the organisation's secure e-mail forwarding */
  | { kind: 'forward' }
  /** flag the letter */
  | { kind: 'mark' };

export type ActionKind = RuleAction['kind'];

/** A rule as an administrator writes it, before it is checked (see `validateRule`). */
export interface RuleDraft {
  name: string;
  enabled: boolean;
  stopHere: boolean;
  conditions: readonly RuleCondition[];
  actions: readonly RuleAction[];
}

/** A checked rule without its place: at least one condition and one action. */
export interface RuleBody {
  name: string;
  enabled: boolean;
  stopHere: boolean;
  conditions: NonEmpty<RuleCondition>;
  actions: NonEmpty<RuleAction>;
}

/** A stored rule: rules run in ascending `position` (ties by id). */
export interface Rule extends RuleBody {
  id: string;
  position: number;
}

/** What the rules decided for one letter. */
export interface RuleOutcome {
  /** ids of the enabled rules that matched, in evaluation order (for the preview and for events) */
  matched: string[];
  /** the rule whose "stop here" ended evaluation, if one did */
  stoppedBy: string | null;
  /** the folder of the first matching file action; null = Indbakke */
  folder: { folderId: string; ruleId: string } | null;
  /** file actions of later matching rules, which the first one overrode */
  overriddenFolders: { folderId: string; ruleId: string }[];
  /** union of the matching deliver actions, in first-seen order; null = no deliver action matched (today's behaviour: every active recipient system) */
  systems: string[] | null;
  /** union of the matching notify actions, in first-seen order */
  notify: { userIds: string[]; addresses: string[] };
  /** some matching rule forwards by secure e-mail */
  forward: boolean;
  /** some matching rule marks the letter */
  mark: boolean;
}

/** What `validateRule` checks a rule against: the organisation's own things. */
export interface RuleOrgContext {
  organisationId: string;
  folderIds: readonly string[];
  /** recipient systems Kuvert knows of, with the organisation each belongs to */
  systems: readonly { id: string; organisationId: string }[];
  /** user ids of the people of the organisation */
  userIds: readonly string[];
  /** the organisation's confirmed notification addresses */
  confirmedAddresses: readonly string[];
  /** the organisation has secure e-mail forwarding set up */
  forwardingSetUp: boolean;
}

export type RuleProblemCode =
  | 'RULE_NAME_INVALID'
  | 'RULE_CONDITIONS_EMPTY'
  | 'RULE_CONDITIONS_TOO_MANY'
  | 'RULE_CONDITION_UNKNOWN'
  | 'RULE_CONDITIONS_CONTRADICTORY'
  | 'RULE_VALUE_INVALID'
  | 'RULE_ACTIONS_EMPTY'
  | 'RULE_ACTION_UNKNOWN'
  | 'RULE_ACTION_DUPLICATE'
  | 'RULE_ACTIONS_CONTRADICTORY'
  | 'RULE_FOLDER_UNKNOWN'
  | 'RULE_SYSTEM_UNKNOWN'
  | 'RULE_PERSON_UNKNOWN'
  | 'RULE_ADDRESS_UNCONFIRMED'
  | 'RULE_FORWARDING_NOT_SET_UP';

export interface RuleProblem {
  /** path into the draft, e.g. `conditions[1].value`, `actions[0].folderId`; empty for the whole rule */
  path: string;
  code: RuleProblemCode;
  /** an English sentence; it never repeats a CPR number */
  message: string;
}

export type RuleValidation = { ok: true; rule: RuleBody } | { ok: false; problems: RuleProblem[] };

export type RuleLanguage = 'da' | 'en';

/** Names for ids in sentences; an id without a name is shown as it is. */
export interface RuleNames {
  folders?: ReadonlyMap<string, string>;
  systems?: ReadonlyMap<string, string>;
  people?: ReadonlyMap<string, string>;
}

/** What the organisation knows of a letter's sender and material, beside its MeMo. */
export interface LetterContext {
  sender?: { organisationId: string; cvr: string } | null;
  subscriptionGroup?: string | null;
  material?: string | null;
}
