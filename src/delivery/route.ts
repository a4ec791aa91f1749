import { applyRules, type LetterFacts, type RuleOutcome } from '../domain/index.ts';
import {
  addMessageStates, countArrivals, enabledRulesOf, existingFolders, queueArrivalNotifications, queueForForwarding, queueForRecipientSystems, standardFolderId,
  type Arrival, type Executor, type NewEvent, type StoredRule,
} from '../store/index.ts';

/** A letter becoming available in its recipient's mailbox, as the routing needs it. */
export interface ArrivingLetter {
  messageId: string;
  mailboxId: string;
  senderMailboxId: string;
  senderOrganisationId: string | null;
  materialId: string | null;
  subscriptionGroupId: string | null;
  /** null: a letter whose document no longer parses (no rule runs for it) */
  facts: LetterFacts | null;
}

/** The recipient systems some enabled rule of the mailbox delivers to: they get only what rules give them. */
function systemsRulesDeliverTo(rules: readonly StoredRule[]): string[] {
  return [...new Set(rules.flatMap((r) => r.actions.flatMap((a) => (a.kind === 'deliver' ? a.systemIds : []))))];
}

/**
 * Puts letters in their recipients' mailboxes, in the delivery's transaction (docs/rules.md): runs the
 * recipient mailbox's enabled rules over what the letter says (`facts`), files it in the folder they
 * chose (else Indbakke), flags it when a rule marks it, queues it for the recipient systems (a system
 * some rule delivers to gets only what rules give it; the others get every letter, as without rules),
 * for secure-mail forwarding when a rule forwards it, and tells notifications and statistics of the
 * arrival. Returns the events to append: availability (with what the rules did, when one matched)
 * and the systems it is ready for.
 */
export async function placeInMailboxes(trx: Executor, letters: readonly ArrivingLetter[], at: Date): Promise<NewEvent[]> {
  if (letters.length === 0) return [];
  const rules = await enabledRulesOf(trx, letters.map((l) => l.mailboxId));
  const decided = letters.map((letter) => {
    const mailboxRules = rules.get(letter.mailboxId) ?? [];
    const outcome: RuleOutcome | null = mailboxRules.length > 0 && letter.facts !== null ? applyRules(mailboxRules, letter.facts) : null;
    const governed = systemsRulesDeliverTo(mailboxRules);
    return { letter, outcome, excluded: governed.filter((id) => !(outcome?.systems ?? []).includes(id)) };
  });
  // a folder a rule names is checked to be the mailbox's (a folder deleted meanwhile: Indbakke), so a rule never stops a letter
  const chosen = await existingFolders(trx, decided.flatMap((d) => (d.outcome?.folder ? [{ mailboxId: d.letter.mailboxId, folderId: d.outcome.folder.folderId }] : [])));
  const placed = [];
  for (const d of decided) {
    const ruleFolder = d.outcome?.folder?.folderId;
    const folderId = ruleFolder !== undefined && chosen.has(`${d.letter.mailboxId}:${ruleFolder}`) ? ruleFolder : await standardFolderId(trx, d.letter.mailboxId, 'INBOX');
    placed.push({ ...d, folderId });
  }
  await addMessageStates(trx, placed.map((p) => ({
    mailbox_id: p.letter.mailboxId, message_id: p.letter.messageId, folder_id: p.folderId, read_at: null, ...(p.outcome?.mark ? { flagged: true } : {}),
  })));
  const queued = await queueForRecipientSystems(trx, placed.map((p) => ({ messageId: p.letter.messageId, mailboxId: p.letter.mailboxId, excluded: p.excluded })), at);
  await queueForForwarding(trx, placed.filter((p) => p.outcome?.forward).map((p) => ({ messageId: p.letter.messageId, mailboxId: p.letter.mailboxId })));
  const arrivals = placed.map((p): Arrival => ({
    messageId: p.letter.messageId, mailboxId: p.letter.mailboxId, folderId: p.folderId, at, senderMailboxId: p.letter.senderMailboxId,
    senderOrganisationId: p.letter.senderOrganisationId, materialId: p.letter.materialId, subscriptionGroupId: p.letter.subscriptionGroupId,
    notify: p.outcome?.notify ?? { userIds: [], addresses: [] },
  }));
  await queueArrivalNotifications(trx, arrivals);
  await countArrivals(trx, arrivals);
  return placed.flatMap(({ letter, outcome, folderId }) => {
    const { messageId, mailboxId } = letter;
    // what the rules did is part of the availability event (no event more per letter on the hot path)
    const rules = outcome && outcome.matched.length > 0 ? {
      rules: outcome.matched, folderId, systems: outcome.systems, forward: outcome.forward, mark: outcome.mark,
      notify: outcome.notify.userIds.length + outcome.notify.addresses.length,
    } : undefined;
    const events: NewEvent[] = [{ type: 'MEMO_AVAILABLE_TO_RECIPIENT', actor: 'kuvert', messageId, mailboxId, ...(rules ? { data: rules } : {}) }];
    for (const q of queued) {
      if (q.messageId === messageId) events.push({ type: 'MEMO_SEND_READY_FOR_FETCH', actor: 'kuvert', messageId, mailboxId, data: { systemId: q.systemId } });
    }
    return events;
  });
}
