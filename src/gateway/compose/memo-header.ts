import { XMLValidator } from 'fast-xml-parser';
import { XML_DECLARATION } from './xml-text.ts';

interface Attribute {
  name: string;
  /** The value as written, quotes included. */
  raw: string;
  value: string;
}

interface StartTag {
  name: string;
  attributes: Attribute[];
  /** Offset just past the name, where attributes can be inserted. */
  nameEnd: number;
  end: number;
  empty: boolean;
}

const NAME = /[^\s/>=<"']+/y;
const ATTRIBUTE = /\s+([^\s/>=<"']+)\s*=\s*("[^"]*"|'[^']*')/y;
const TAG_CLOSE = /\s*(\/?)>/y;
const MARKUP = [
  { open: '<!--', close: '-->' },
  { open: '<![CDATA[', close: ']]>' },
  { open: '<?', close: '?>' },
];

function fail(reason: string): never {
  throw new Error(`memoHeaderXml: ${reason}`);
}

function startTag(xml: string, at: number): StartTag {
  NAME.lastIndex = at + 1;
  const name = NAME.exec(xml)?.[0] ?? fail(`no element name at offset ${at}`);
  const nameEnd = NAME.lastIndex;
  const attributes: Attribute[] = [];
  let pos = nameEnd;
  for (;;) {
    ATTRIBUTE.lastIndex = pos;
    const match = ATTRIBUTE.exec(xml);
    if (!match) break;
    const raw = match[2]!;
    attributes.push({ name: match[1]!, raw, value: raw.slice(1, -1) });
    pos = ATTRIBUTE.lastIndex;
  }
  TAG_CLOSE.lastIndex = pos;
  const close = TAG_CLOSE.exec(xml) ?? fail(`malformed start tag <${name}`);
  return { name, attributes, nameEnd, end: TAG_CLOSE.lastIndex, empty: close[1] === '/' };
}

/** Offset just past the markup (comment, CDATA, PI) at `at`, or undefined when `at` starts none. */
function skipMarkup(xml: string, at: number): number | undefined {
  for (const { open, close } of MARKUP) {
    if (!xml.startsWith(open, at)) continue;
    const end = xml.indexOf(close, at + open.length);
    return end < 0 ? fail(`unterminated ${open}`) : end + close.length;
  }
  return undefined;
}

function namespaces(tag: StartTag): Map<string, string> {
  const map = new Map<string, string>();
  for (const a of tag.attributes) {
    if (a.name === 'xmlns') map.set('', a.value);
    else if (a.name.startsWith('xmlns:')) map.set(a.name.slice(6), a.value);
  }
  return map;
}

function qname(name: string): [prefix: string, local: string] {
  const colon = name.indexOf(':');
  return colon < 0 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
}

/** The root element's start tag, past the prolog. */
function rootTag(xml: string): StartTag {
  let pos = 0;
  for (;;) {
    while (/\s/.test(xml[pos] ?? '')) pos++;
    const past = xml.startsWith('<!', pos) && !xml.startsWith('<!--', pos) ? fail('unexpected declaration before the root') : skipMarkup(xml, pos);
    if (past === undefined) break;
    pos = past;
  }
  if (xml[pos] !== '<') fail('no root element');
  return startTag(xml, pos);
}

/** Start and end offsets of the root's child element `local` in the root's namespace. */
function childElement(xml: string, root: StartTag, local: string): { tag: StartTag; start: number; end: number } {
  const rootScope = namespaces(root);
  const rootNamespace = rootScope.get(qname(root.name)[0]) ?? fail('the root element has no namespace');
  let depth = 0;
  let found: { tag: StartTag; start: number } | undefined;
  let pos = root.end;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0) break;
    const past = skipMarkup(xml, lt);
    if (past !== undefined) {
      pos = past;
    } else if (xml[lt + 1] === '/') {
      const gt = xml.indexOf('>', lt);
      if (gt < 0) fail('unterminated end tag');
      if (depth === 0) break;
      depth--;
      pos = gt + 1;
      if (found && depth === 0) return { ...found, end: pos };
    } else {
      const tag = startTag(xml, lt);
      if (depth === 0 && !found) {
        const [prefix, name] = qname(tag.name);
        if (name === local && (namespaces(tag).get(prefix) ?? rootScope.get(prefix)) === rootNamespace) {
          if (tag.empty) return { tag, start: lt, end: tag.end };
          found = { tag, start: lt };
        }
      }
      if (!tag.empty) depth++;
      pos = tag.end;
    }
  }
  return fail(`no ${local} element under the root`);
}

/**
 * memo-header.xml: the MessageHeader of a stored MeMo document, byte for byte, as a standalone
 * document carrying every namespace declaration of the MeMo root element.
 */
export function memoHeaderXml(storedMemoXml: string): string {
  const xml = storedMemoXml.replace(/^\uFEFF/, '');
  if (/<!DOCTYPE/i.test(xml)) fail('a MeMo document has no DOCTYPE');
  if (XMLValidator.validate(xml) !== true) fail('the MeMo document is not well-formed');
  const root = rootTag(xml);
  if (qname(root.name)[1] !== 'Message') fail(`the root element is ${root.name}, not a MeMo Message`);
  const { tag, start, end } = childElement(xml, root, 'MessageHeader');
  const declared = new Set(tag.attributes.map((a) => a.name));
  const inherited = root.attributes
    .filter((a) => (a.name === 'xmlns' || a.name.startsWith('xmlns:')) && !declared.has(a.name))
    .map((a) => ` ${a.name}=${a.raw}`)
    .join('');
  return `${XML_DECLARATION}${xml.slice(start, tag.nameEnd)}${inherited}${xml.slice(tag.nameEnd, end)}\n`;
}
