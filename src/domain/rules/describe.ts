import { maskCpr } from '../registry-file.ts';
import type { ConditionField, FlagCondition, NotifyTarget, RuleAction, RuleBody, RuleCondition, RuleLanguage, RuleNames } from './types.ts';

const isFlagCondition = (c: RuleCondition): c is FlagCondition => c.field === 'mandatory' || c.field === 'legalNotification' || c.field === 'replyAllowed';

type Words = {
  when: string;
  and: string;
  or: string;
  stop: string;
  field: Record<Exclude<ConditionField, 'mandatory' | 'legalNotification' | 'replyAllowed'>, string>;
  flag: Record<'mandatory' | 'legalNotification' | 'replyAllowed', [yes: string, no: string]>;
  is: string;
  contains: string;
  exists: string;
  file: (folder: string) => string;
  deliver: (systems: string[], list: (xs: string[]) => string) => string;
  notify: (targets: string) => string;
  forward: string;
  mark: string;
};

const WORDS: Record<RuleLanguage, Words> = {
  da: {
    when: 'Når', and: 'og', or: 'eller', stop: 'og stop',
    field: {
      senderCvr: 'afsenderens CVR-nummer', subscriptionGroup: 'tilmeldingsgruppen', material: 'materialet', messageType: 'meddelelsestypen',
      pNumber: 'P-nummeret', attentionPerson: 'att.-personen', attentionEmail: 'att.-e-mailadressen', seNumber: 'SE-nummeret',
      contentResponsible: 'den indholdsansvarlige', cpr: 'CPR-nummeret', contentCvr: 'CVR-nummeret i indholdet', caseId: 'sagsnummeret',
      kle: 'KLE-nummeret', form: 'FORM-nummeret', propertyNumber: 'ejendomsnummeret',
    },
    flag: {
      mandatory: ['brevet er obligatorisk', 'brevet ikke er obligatorisk'],
      legalNotification: ['brevet har retsvirkning', 'brevet ikke har retsvirkning'],
      replyAllowed: ['modtageren kan svare', 'modtageren ikke kan svare'],
    },
    is: 'er', contains: 'indeholder', exists: 'er angivet',
    file: (folder) => `læg i mappen ${folder}`,
    deliver: (systems, list) => `send til ${systems.length === 1 ? 'systemet' : 'systemerne'} ${list(systems)}`,
    notify: (targets) => `giv besked til ${targets}`,
    forward: 'videresend med sikker e-mail',
    mark: 'markér brevet',
  },
  en: {
    when: 'When', and: 'and', or: 'or', stop: 'and stop',
    field: {
      senderCvr: "the sender's CVR number", subscriptionGroup: 'the subscription group', material: 'the material', messageType: 'the message type',
      pNumber: 'the P-number', attentionPerson: 'the attention person', attentionEmail: 'the attention e-mail address', seNumber: 'the SE number',
      contentResponsible: 'the content responsible', cpr: 'the CPR number', contentCvr: 'the CVR number in the content', caseId: 'the case id',
      kle: 'the KLE number', form: 'the FORM number', propertyNumber: 'the property number',
    },
    flag: {
      mandatory: ['the letter is mandatory', 'the letter is not mandatory'],
      legalNotification: ['the letter has legal effect', 'the letter has no legal effect'],
      replyAllowed: ['the recipient may reply', 'the recipient may not reply'],
    },
    is: 'is', contains: 'contains', exists: 'is given',
    file: (folder) => `file in the folder ${folder}`,
    deliver: (systems, list) => `deliver to the ${systems.length === 1 ? 'system' : 'systems'} ${list(systems)}`,
    notify: (targets) => `notify ${targets}`,
    forward: 'forward by secure e-mail',
    mark: 'mark the letter',
  },
};

/** "A", "A og B", "A, B og C" (or "eller"/"or"). */
function list(items: readonly string[], word: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)}`;
}

function describeCondition(c: RuleCondition, w: Words): string {
  if (isFlagCondition(c)) return w.flag[c.field][c.value ? 0 : 1];
  const subject = w.field[c.field];
  const shown = (v: string) => (c.field === 'cpr' ? maskCpr(v) : v);
  switch (c.op) {
    case 'exists': return `${subject} ${w.exists}`;
    case 'equals': return `${subject} ${w.is} ${shown(c.value)}`;
    case 'oneOf': return `${subject} ${w.is} ${list((c.values as readonly string[]).map(shown), w.or)}`;
    case 'contains': return `${subject} ${w.contains} ${c.value}`;
  }
}

function describeAction(a: RuleAction, w: Words, names: RuleNames): string {
  const and = (xs: string[]) => list(xs, w.and);
  switch (a.kind) {
    case 'file': return w.file(names.folders?.get(a.folderId) ?? a.folderId);
    case 'deliver': return w.deliver(a.systemIds.map((id) => names.systems?.get(id) ?? id), and);
    case 'notify': return w.notify(and(a.to.map((t: NotifyTarget) => ('userId' in t ? names.people?.get(t.userId) ?? t.userId : t.address))));
    case 'forward': return w.forward;
    case 'mark': return w.mark;
  }
}

/**
 * The rule as one plain sentence, e.g. "Når tilmeldingsgruppen er BBR og P-nummeret er 1012345678: læg i
 * mappen BBR, og stop." Folders, systems and people are named from `names` (an id without a name is
 * shown as it is); a CPR number is shown masked (birth date only).
 */
export function describeRule(rule: Pick<RuleBody, 'conditions' | 'actions' | 'stopHere'>, lang: RuleLanguage, names: RuleNames = {}): string {
  const w = WORDS[lang];
  const conditions = list(rule.conditions.map((c) => describeCondition(c, w)), w.and);
  const actions = list(rule.actions.map((a) => describeAction(a, w, names)), w.and);
  return `${w.when} ${conditions}: ${actions}${rule.stopHere ? `, ${w.stop}` : ''}.`;
}
