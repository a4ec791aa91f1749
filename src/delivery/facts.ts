import { letterFacts, type LetterFacts } from '../domain/index.ts';
import { parseMemo } from '../memo/index.ts';
import { lettersWithoutFacts, loadDocument, saveFacts, type Executor } from '../store/index.ts';

/**
 * Facts for letters accepted before the rules kept them (migration 010): read from the stored
 * document once, and kept. A document that no longer parses gets none (the rules skip it).
 */
export async function backfillFacts(db: Executor, messageIds: readonly string[]): Promise<Map<string, LetterFacts>> {
  const made = new Map<string, LetterFacts>();
  for (const row of await lettersWithoutFacts(db, messageIds)) {
    const parsed = parseMemo(await loadDocument(db, row), { policy: false });
    if (!parsed.ok) continue;
    made.set(row.id, letterFacts(parsed.message, {
      sender: row.sender_organisation_id !== null && row.sender_cvr !== null ? { organisationId: row.sender_organisation_id, cvr: row.sender_cvr } : null,
      subscriptionGroup: row.subscription_group_name, material: row.material_code,
    }));
  }
  await saveFacts(db, [...made].map(([messageId, facts]) => ({ messageId, facts })));
  return made;
}
