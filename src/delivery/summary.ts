import type { LetterFacts } from '../domain/index.ts';
import type { MemoFile, MemoMessage } from '../memo/index.ts';
import type { AttentionSummary } from '../store/index.ts';

/** Files a reader sees: the main document's and the additional documents' (not technical ones). */
export function readableFiles(memo: MemoMessage): MemoFile[] {
  const body = memo.body;
  if (!body) return [];
  return [...body.mainDocument.file, ...(body.additionalDocument ?? []).flatMap((d) => d.file)];
}

export function attachmentCount(memo: MemoMessage): number {
  return Math.max(0, readableFiles(memo).length - 1);
}

/** What `message.attention` keeps of AttentionData, read as the rules read it (`letterFacts`). */
export function attentionOf(facts: LetterFacts): AttentionSummary | null {
  const { pNumber, person, email } = facts.attention;
  const summary: AttentionSummary = {
    ...(pNumber !== null ? { productionUnit: pNumber } : {}),
    ...(person !== null ? { person } : {}),
    ...(email !== null ? { email } : {}),
  };
  return Object.keys(summary).length ? summary : null;
}
