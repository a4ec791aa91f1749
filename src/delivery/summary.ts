import type { LetterFacts } from '../domain/index.ts';
import type { MemoFile, MemoMessage } from '../memo/index.ts';
import type { AttentionSummary } from '../store/index.ts';

const SEARCH_TEXT_LIMIT = 64 * 1024;

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

/** Title, sender and the words of plain-text and HTML documents, for the full-text index. */
export function searchText(memo: MemoMessage): string {
  const parts = [memo.header.label, memo.header.sender.label];
  let budget = SEARCH_TEXT_LIMIT;
  for (const file of readableFiles(memo)) {
    if (budget <= 0) break;
    const type = file.encodingFormat.toLowerCase();
    if (!type.startsWith('text/plain') && !type.startsWith('text/html')) continue;
    let text = Buffer.from(file.content, 'base64').toString('utf8');
    if (type.startsWith('text/html')) text = text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ');
    text = text.slice(0, budget);
    budget -= text.length;
    parts.push(text);
  }
  return parts.join('\n');
}
