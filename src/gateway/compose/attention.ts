import type { AttentionInput } from './types.ts';
import { element, XML_DECLARATION } from './xml-text.ts';

export const ATTENTION_NAMESPACE = 'urn:kuvert:attention:1';

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function group(name: string, fields: Array<[string, string | undefined]>): string[] {
  const children = fields.filter((f): f is [string, string] => present(f[1])).map(([n, v]) => `    ${element('kuvert', n, v)}`);
  return children.length ? [`  <kuvert:${name}>`, ...children, `  </kuvert:${name}>`] : [];
}

/** Who in the recipient organisation a letter is for (the MeMo AttentionData), as attention.xml. */
export function attentionXml(a: AttentionInput): string {
  const lines = [
    ...(present(a.pNumber) ? [`  ${element('kuvert', 'pNumber', a.pNumber)}`] : []),
    ...group('Person', [['name', a.personName], ['id', a.personId]]),
    ...(present(a.email) ? [`  ${element('kuvert', 'email', a.email)}`] : []),
    ...group('Unit', [['name', a.unitName], ['id', a.unitId]]),
    ...(present(a.contentResponsible) ? [`  ${element('kuvert', 'contentResponsible', a.contentResponsible)}`] : []),
  ];
  const open = `<kuvert:Attention xmlns:kuvert="${ATTENTION_NAMESPACE}"`;
  return `${XML_DECLARATION}${lines.length ? `${open}>\n${lines.join('\n')}\n</kuvert:Attention>` : `${open}/>`}\n`;
}
