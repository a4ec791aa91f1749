import type { LetterFields } from './types.ts';
import { element, XML_DECLARATION } from './xml-text.ts';

export const LETTER_NAMESPACE = 'urn:kuvert:letter:1';

/**
 * What Kuvert knows of a letter beside its MeMo header, as letter.xml: the sender's material and
 * subscription group when it was sent, and the folder the recipient's rules filed it in.
 */
export function letterXml(l: LetterFields): string {
  const lines = [
    ...(l.material ? [`  <kuvert:Material>`, `    ${element('kuvert', 'code', l.material.code)}`, `    ${element('kuvert', 'name', l.material.name)}`, `  </kuvert:Material>`] : []),
    ...(l.subscriptionGroup ? [`  ${element('kuvert', 'subscriptionGroup', l.subscriptionGroup)}`] : []),
    ...(l.folder ? [`  ${element('kuvert', 'folder', l.folder)}`] : []),
  ];
  const open = `<kuvert:Letter xmlns:kuvert="${LETTER_NAMESPACE}"`;
  return `${XML_DECLARATION}${lines.length ? `${open}>\n${lines.join('\n')}\n</kuvert:Letter>` : `${open}/>`}\n`;
}
