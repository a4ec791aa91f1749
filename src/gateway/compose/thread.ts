import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ThreadFields } from './types.ts';
import { element, XML_DECLARATION } from './xml-text.ts';

export const THREAD_NAMESPACE = 'urn:kuvert:thread:1';
const TOKEN = /^[a-z0-9]{26,64}$/;
const MAX_THREAD_XML_BYTES = 64 * 1024;
const ATTRIBUTE = '@_';

/** thread.xml: what lets a reply find its thread even when the mail system drops the reply address. */
export function threadXml(t: ThreadFields): string {
  if (!TOKEN.test(t.token)) throw new RangeError('thread token must be 26 to 64 lower-case letters and digits');
  const fields = (['token', 'replyAddress', 'threadId', 'messageUUID', 'messageId'] as const).map((name) => `  ${element('kuvert', name, t[name])}`);
  return `${XML_DECLARATION}<kuvert:Thread xmlns:kuvert="${THREAD_NAMESPACE}">\n${fields.join('\n')}\n</kuvert:Thread>\n`;
}

type XmlNode = { [key: string]: XmlNode[] | string } | string;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 8,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

function split(qname: string): [prefix: string, local: string] {
  const colon = qname.indexOf(':');
  return colon < 0 ? ['', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

function declarations(node: XmlNode): Map<string, string> {
  const map = new Map<string, string>();
  if (typeof node === 'string') return map;
  for (const [key, value] of Object.entries(node)) {
    if (typeof value !== 'string') continue;
    if (key === `${ATTRIBUTE}xmlns`) map.set('', value);
    else if (key.startsWith(`${ATTRIBUTE}xmlns:`)) map.set(key.slice(ATTRIBUTE.length + 6), value);
  }
  return map;
}

function text(node: XmlNode): string | undefined {
  if (typeof node === 'string') return node;
  const own = node['#text'];
  const children = Object.keys(node).filter((k) => !k.startsWith(ATTRIBUTE) && k !== '#text');
  return children.length === 0 ? (typeof own === 'string' ? own : '') : undefined;
}

/** The reply token from a thread.xml found in incoming mail; undefined for anything else. */
export function parseThreadXml(input: string): { token: string } | undefined {
  if (typeof input !== 'string' || Buffer.byteLength(input, 'utf8') > MAX_THREAD_XML_BYTES) return undefined;
  if (/<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i.test(input) || /<!\[CDATA\[/i.test(input)) return undefined;
  if (XMLValidator.validate(input) !== true) return undefined;
  let document: Record<string, XmlNode[]>;
  try {
    document = parser.parse(input) as Record<string, XmlNode[]>;
  } catch {
    return undefined;
  }
  const roots = Object.entries(document);
  if (roots.length !== 1) return undefined;
  const [rootName, rootNodes] = roots[0]!;
  const root = rootNodes[0];
  if (rootNodes.length !== 1 || root === undefined || typeof root === 'string') return undefined;
  const rootScope = declarations(root);
  const [rootPrefix, rootLocal] = split(rootName);
  if (rootLocal !== 'Thread' || rootScope.get(rootPrefix) !== THREAD_NAMESPACE) return undefined;

  const tokens: string[] = [];
  for (const [name, children] of Object.entries(root)) {
    if (name.startsWith(ATTRIBUTE) || typeof children === 'string') continue;
    const [prefix, local] = split(name);
    if (local !== 'token') continue;
    for (const child of children) {
      if ((declarations(child).get(prefix) ?? rootScope.get(prefix)) !== THREAD_NAMESPACE) continue;
      const value = text(child);
      if (value === undefined) return undefined;
      tokens.push(value);
    }
  }
  const [token] = tokens;
  return tokens.length === 1 && token !== undefined && TOKEN.test(token) ? { token } : undefined;
}
