/**
 * A search box's text as a PostgreSQL tsquery for the 'danish' configuration: every word must
 * occur, each as a prefix (`word:*`), so that "bygge" finds "byggetilladelse". Only letters and
 * digits reach the query, so no tsquery syntax can be injected. Undefined when there is no word.
 */
export function searchQuery(text: string): string | undefined {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}]+/gu);
  if (!words) return undefined;
  return words.slice(0, 12).map((w) => `${w.slice(0, 64)}:*`).join(' & ');
}
