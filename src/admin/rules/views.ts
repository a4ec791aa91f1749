import type { RuleChoices, RuleView } from '../../contract/index.ts';
import { describeRule, type RuleNames } from '../../domain/index.ts';
import {
  confirmedNotificationAddresses, foldersOfMailbox, forwardingOfOrganisation, membersOfOrganisation, systemsOfOrganisation,
  type Executor, type ReceivedLetter, type StoredRule,
} from '../../store/index.ts';
import { actorRef, namesFor } from '../people/views.ts';

/** Everything a mailbox's rules may name, with names: the editor's choices and the sentences' words. */
export interface RuleWorld {
  choices: Omit<RuleChoices, 'subscriptionGroups' | 'materials'>;
  names: RuleNames;
}

export async function ruleWorld(db: Executor, organisationId: string, mailboxId: string): Promise<RuleWorld> {
  const [folders, systems, members, addresses, forwarding] = await Promise.all([
    foldersOfMailbox(db, mailboxId), systemsOfOrganisation(db, organisationId), membersOfOrganisation(db, organisationId),
    confirmedNotificationAddresses(db, organisationId), forwardingOfOrganisation(db, organisationId),
  ]);
  const own = folders.filter((f) => f.kind === 'USER').sort((a, b) => a.name.localeCompare(b.name, 'da'));
  const recipients = systems.filter((s) => s.kind === 'recipient');
  return {
    choices: {
      folders: own.map((f) => ({ id: f.id, name: f.name })),
      systems: recipients.map((s) => ({ id: s.id, name: s.name, active: s.status === 'active' })),
      people: members.map((m) => ({ userId: m.user_id, name: m.name })),
      addresses,
      forwardingSetUp: forwarding !== undefined && forwarding.status !== 'disabled',
    },
    names: {
      folders: new Map(folders.map((f) => [f.id, f.name])),
      systems: new Map(systems.map((s) => [s.id, s.name])),
      people: new Map(members.map((m) => [m.user_id, m.name])),
    },
  };
}

/** Subscription groups and materials the mailbox's recent letters had: what rules about them can name. */
export function seenInLetters(letters: readonly ReceivedLetter[]): Pick<RuleChoices, 'subscriptionGroups' | 'materials'> {
  const groups = new Set<string>();
  const materials = new Map<string, string>();
  for (const letter of letters) {
    if (letter.facts?.subscriptionGroup) groups.add(letter.facts.subscriptionGroup);
    if (letter.facts?.material) materials.set(letter.facts.material.toLowerCase(), letter.facts.material);
  }
  return {
    subscriptionGroups: [...groups].sort((a, b) => a.localeCompare(b, 'da')),
    materials: [...materials.values()].sort((a, b) => a.localeCompare(b, 'da')).map((code) => ({ code, name: code })),
  };
}

export async function ruleViews(db: Executor, rules: readonly StoredRule[], names: RuleNames): Promise<RuleView[]> {
  const who = await namesFor(db, { actors: rules.map((r) => r.updatedBy) });
  return rules.map((rule) => ({
    id: rule.id, name: rule.name, enabled: rule.enabled, stopHere: rule.stopHere,
    conditions: [...rule.conditions] as RuleView['conditions'], actions: [...rule.actions] as RuleView['actions'],
    origin: rule.origin,
    sentence: { da: describeRule(rule, 'da', names), en: describeRule(rule, 'en', names) },
    updatedAt: rule.updatedAt.toISOString(),
    updatedBy: { actor: rule.updatedBy, name: actorRef(rule.updatedBy, who).name },
  }));
}
