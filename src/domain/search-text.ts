import type { MemoMessage } from '../memo/index.ts';

/**
 * What a letter is found by (docs/portal.md, "Search"): its words, lower-cased, each preceded by one
 * space (`" ejendomsskattebillet 2026 kommunen"`), so a search word is found inside a compound as a
 * substring and a short word at the start of a word (after a space). Stored as `message.search_text`
 * when the letter is accepted, and indexed with trigrams.
 */

/** At most this many characters of a letter are searchable (title, sender and file names come first). */
export const SEARCH_TEXT_MAX = 10_000;
/** A search uses at most this many words, each cut to this many characters. */
export const SEARCH_WORDS_MAX = 8;
export const SEARCH_WORD_LENGTH_MAX = 64;
/** Words shorter than this match only at the start of a word ("ø" finds "økonomi", not "bøde"). */
export const SEARCH_SUBSTRING_MIN = 3;

const WORD = /[\p{L}\p{N}]+/gu;

function words(text: string): string[] {
  return text.normalize('NFC').toLocaleLowerCase('da').match(WORD) ?? [];
}

/** Texts as searchable text: their words, each after a space, at most `max` characters. */
export function searchableText(texts: readonly string[], max = SEARCH_TEXT_MAX): string {
  let out = '';
  for (const text of texts) {
    for (const word of words(text)) {
      if (out.length + 1 + word.length > max) return out;
      out += ` ${word}`;
    }
  }
  return out;
}

/** The words of a search box, lower-cased as searchable text is; none when the text has no word. */
export function searchWords(q: string): string[] {
  return [...new Set(words(q).map((w) => w.slice(0, SEARCH_WORD_LENGTH_MAX)))].slice(0, SEARCH_WORDS_MAX);
}

const HTML_DROP = /<(script|style)[\s\S]*?<\/\1>/gi;

/**
 * The texts a letter is found by: its title, its Sender/label, the names of its documents and files
 * (not technical ones), and the text of its plain-text and HTML documents. The verified sender's name
 * is added where the letter is stored (it comes from the registry, not the letter).
 */
export function letterSearchTexts(memo: MemoMessage): string[] {
  const texts = [memo.header.label, memo.header.sender.label];
  const body = memo.body;
  if (!body) return texts;
  const documents = [body.mainDocument, ...(body.additionalDocument ?? [])];
  for (const document of documents) {
    if (document.label) texts.push(document.label);
    for (const file of document.file) texts.push(file.filename);
  }
  let budget = SEARCH_TEXT_MAX * 2;
  for (const file of documents.flatMap((d) => d.file)) {
    if (budget <= 0) break;
    const type = file.encodingFormat.toLowerCase();
    if (!type.startsWith('text/plain') && !type.startsWith('text/html')) continue;
    let text = Buffer.from(file.content, 'base64').toString('utf8');
    if (type.startsWith('text/html')) text = text.replace(HTML_DROP, ' ').replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ');
    text = text.slice(0, budget);
    budget -= text.length;
    texts.push(text);
  }
  return texts;
}
