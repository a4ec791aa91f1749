/**
 * Reads untrusted XML into a small namespace-resolved tree. Refuses DOCTYPE (so no entity is ever
 * declared or expanded), processing instructions other than the XML declaration, characters XML
 * does not allow, undeclared entities and unbound prefixes. Only the five predefined entities and
 * character references are decoded.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { maskContent, type MaskedContent } from './content-mask.ts';
import type { MemoIssueCode } from './issues.ts';

export interface XmlElement {
  kind: 'element';
  /** Namespace URI, or null for no namespace. */
  ns: string | null;
  local: string;
  attrs: XmlAttribute[];
  children: XmlNode[];
}

export interface XmlAttribute {
  ns: string | null;
  local: string;
  value: string;
}

export interface XmlText {
  kind: 'text';
  value: string;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlProblem {
  code: MemoIssueCode;
  message: string;
}

export type XmlReadResult = { ok: true; root: XmlElement } | { ok: false; problem: XmlProblem };

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const MAX_DEPTH = 32;

const TEXT = '#text';
const CDATA = '#cdata';
const COMMENT = '#comment';
const ATTRS = ':@';

const SUSPECT_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/g;
const DOCTYPE = /<!DOCTYPE/i;

class XmlError extends Error {
  constructor(readonly code: MemoIssueCode, message: string) {
    super(message);
  }
}

/** The masked document did not map back onto its content elements; read the whole document instead. */
class RetryUnmasked extends Error {}

type FxpNode = Record<string, unknown>;

function lineCol(s: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = s.indexOf('\n'); i !== -1 && i < index; i = s.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${index - lineStart + 1}`;
}

function firstIllegalChar(s: string): number {
  SUSPECT_CHAR.lastIndex = 0;
  for (let m = SUSPECT_CHAR.exec(s); m !== null; m = SUSPECT_CHAR.exec(s)) {
    const c = s.charCodeAt(m.index);
    const next = s.charCodeAt(m.index + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      SUSPECT_CHAR.lastIndex = m.index + 2;
      continue;
    }
    return m.index;
  }
  return -1;
}

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references; anything else is not well-formed. */
function decodeReferences(s: string): string {
  let amp = s.indexOf('&');
  if (amp === -1) return s;
  let out = '';
  let last = 0;
  while (amp !== -1) {
    const semi = s.indexOf(';', amp + 1);
    if (semi === -1) throw new XmlError('NOT_WELL_FORMED', "An '&' does not start a reference.");
    const name = s.slice(amp + 1, semi);
    let decoded = Object.hasOwn(PREDEFINED, name) ? PREDEFINED[name] : undefined;
    if (decoded === undefined) {
      const cp = /^#[0-9]+$/.test(name) ? parseInt(name.slice(1), 10) : /^#x[0-9a-fA-F]+$/.test(name) ? parseInt(name.slice(2), 16) : NaN;
      if (Number.isNaN(cp)) throw new XmlError('NOT_WELL_FORMED', 'Only the predefined entities and character references may be used.');
      if (!isXmlChar(cp)) throw new XmlError('NOT_WELL_FORMED', 'A character reference refers to a character XML does not allow.');
      decoded = String.fromCodePoint(cp);
    }
    out += s.slice(last, amp) + decoded;
    last = semi + 1;
    amp = s.indexOf('&', last);
  }
  return out + s.slice(last);
}

function isWhitespace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

function nameOf(node: FxpNode): string {
  for (const key in node) if (key !== ATTRS) return key;
  throw new XmlError('NOT_WELL_FORMED', 'Empty node.');
}

function checkComment(node: FxpNode): void {
  const text = ((node[COMMENT] as FxpNode[])[0]?.[TEXT] as string | undefined) ?? '';
  if (text.includes('--') || text.endsWith('-')) throw new XmlError('NOT_WELL_FORMED', "A comment contains '--'.");
}

function splitQName(qname: string): [prefix: string | null, local: string] {
  const colon = qname.indexOf(':');
  if (colon === -1) return [null, qname];
  const prefix = qname.slice(0, colon);
  const local = qname.slice(colon + 1);
  if (prefix === '' || local === '' || local.includes(':')) throw new XmlError('NOT_WELL_FORMED', `'${qname}' is not a valid qualified name.`);
  return [prefix, local];
}

function declareNamespace(scope: Map<string, string>, prefix: string, uri: string): void {
  if (prefix === 'xmlns') throw new XmlError('NOT_WELL_FORMED', "The prefix 'xmlns' cannot be declared.");
  if (prefix === 'xml' ? uri !== XML_NS : uri === XML_NS || uri === XMLNS_NS) {
    throw new XmlError('NOT_WELL_FORMED', 'The xml and xmlns namespaces cannot be rebound.');
  }
  if (prefix !== '' && uri === '') throw new XmlError('NOT_WELL_FORMED', `The prefix '${prefix}' cannot be undeclared.`);
  scope.set(prefix, uri);
}

function resolve(scope: ReadonlyMap<string, string>, prefix: string | null, forElement: boolean): string | null {
  if (prefix === null) return forElement ? scope.get('') || null : null;
  const uri = scope.get(prefix);
  if (uri === undefined) throw new XmlError('NOT_WELL_FORMED', `The namespace prefix '${prefix}' is not declared.`);
  return uri;
}

class TreeBuilder {
  constructor(private readonly masked: MaskedContent | undefined) {}

  element(node: FxpNode, parentScope: ReadonlyMap<string, string>, depth: number): XmlElement {
    if (depth > MAX_DEPTH) throw new XmlError('TOO_DEEP', `Elements are nested more than ${MAX_DEPTH} levels deep.`);
    const qname = nameOf(node);
    const rawAttrs = (node[ATTRS] ?? {}) as Record<string, unknown>;
    let scope = parentScope;
    const pending: [string, string][] = [];
    for (const name of Object.keys(rawAttrs)) {
      const raw = String(rawAttrs[name]);
      if (raw.includes('<')) throw new XmlError('NOT_WELL_FORMED', "An attribute value contains '<'.");
      const value = decodeReferences(raw.replace(/[\t\n\r]/g, ' '));
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === parentScope) scope = new Map(parentScope);
        declareNamespace(scope as Map<string, string>, name === 'xmlns' ? '' : name.slice(6), value);
      } else {
        pending.push([name, value]);
      }
    }
    const [prefix, local] = splitQName(qname);
    const attrs: XmlAttribute[] = [];
    const seen = new Set<string>();
    for (const [name, value] of pending) {
      const [attrPrefix, attrLocal] = splitQName(name);
      const ns = resolve(scope, attrPrefix, false);
      const key = `${ns ?? ''} ${attrLocal}`;
      if (seen.has(key)) throw new XmlError('NOT_WELL_FORMED', `The attribute '${name}' is repeated.`);
      seen.add(key);
      attrs.push({ ns, local: attrLocal, value });
    }
    const element: XmlElement = { kind: 'element', ns: resolve(scope, prefix, true), local, attrs, children: [] };
    if (this.masked?.names.has(qname)) {
      const region = this.masked.regions[this.masked.next++];
      if (region === undefined) throw new RetryUnmasked();
      if (region !== null) element.children.push({ kind: 'text', value: region });
    }
    for (const child of node[qname] as FxpNode[]) {
      const name = nameOf(child);
      if (name === TEXT) {
        const raw = String(child[TEXT]);
        if (raw.includes(']]>')) throw new XmlError('NOT_WELL_FORMED', "Text contains ']]>'.");
        element.children.push({ kind: 'text', value: decodeReferences(raw) });
      } else if (name === CDATA) {
        const value = ((child[CDATA] as FxpNode[])[0]?.[TEXT] as string | undefined) ?? '';
        element.children.push({ kind: 'text', value: String(value) });
      } else if (name === COMMENT) {
        checkComment(child);
      } else if (name.startsWith('?')) {
        throw new XmlError('PROCESSING_INSTRUCTION_FORBIDDEN', 'Processing instructions are not allowed.');
      } else {
        element.children.push(this.element(child, scope, depth + 1));
      }
    }
    return element;
  }
}

function checkDeclaration(node: FxpNode): void {
  const attrs = (node[ATTRS] ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(attrs)) {
    const v = String(value);
    if (name === 'version') {
      if (v !== '1.0') throw new XmlError('NOT_WELL_FORMED', 'Only XML version 1.0 is supported.');
    } else if (name === 'encoding') {
      if (v.toLowerCase() !== 'utf-8') throw new XmlError('UNSUPPORTED_ENCODING', 'MeMo documents must be UTF-8.');
    } else if (name === 'standalone') {
      if (v !== 'yes' && v !== 'no') throw new XmlError('NOT_WELL_FORMED', "standalone must be 'yes' or 'no'.");
    } else {
      throw new XmlError('NOT_WELL_FORMED', `The XML declaration cannot have '${name}'.`);
    }
  }
  if (!('version' in attrs)) throw new XmlError('NOT_WELL_FORMED', 'The XML declaration lacks a version.');
}

const parser = new XMLParser({
  preserveOrder: true,
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  textNodeName: TEXT,
  cdataPropName: CDATA,
  commentPropName: COMMENT,
  ignoreDeclaration: false,
  ignorePiTags: false,
  maxNestedTags: MAX_DEPTH + 8,
});

function wellFormednessProblem(xml: string): XmlProblem | undefined {
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid === true) return undefined;
  const { msg, line, col } = valid.err;
  return { code: 'NOT_WELL_FORMED', message: `${msg} (line ${line}${col ? `, column ${col}` : ''}).` };
}

function buildTree(xml: string, masked: MaskedContent | undefined): XmlElement {
  let parsed: FxpNode[];
  try {
    parsed = parser.parse(xml) as FxpNode[];
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new XmlError(/nested/i.test(message) ? 'TOO_DEEP' : 'NOT_WELL_FORMED', message);
  }
  let root: XmlElement | undefined;
  const builder = new TreeBuilder(masked);
  parsed.forEach((node, index) => {
    const name = nameOf(node);
    if (name === '?xml' && index === 0) checkDeclaration(node);
    else if (name.startsWith('?')) throw new XmlError('PROCESSING_INSTRUCTION_FORBIDDEN', 'Processing instructions are not allowed.');
    else if (name === COMMENT) checkComment(node);
    else if (name === TEXT) {
      if (!isWhitespace(String(node[TEXT]))) throw new XmlError('NOT_WELL_FORMED', 'Text outside the root element.');
    } else if (name === CDATA) throw new XmlError('NOT_WELL_FORMED', 'CDATA outside the root element.');
    else if (root) throw new XmlError('NOT_WELL_FORMED', 'More than one root element.');
    else root = builder.element(node, new Map([['xml', XML_NS]]), 1);
  });
  if (!root) throw new XmlError('NOT_WELL_FORMED', 'No root element.');
  if (masked && masked.next !== masked.regions.length) throw new RetryUnmasked();
  return root;
}

export function readXml(input: string): XmlReadResult {
  const xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const doctype = DOCTYPE.exec(xml);
  if (doctype) {
    return { ok: false, problem: { code: 'DOCTYPE_FORBIDDEN', message: `A DOCTYPE is not allowed (${lineCol(xml, doctype.index)}).` } };
  }
  const illegal = firstIllegalChar(xml);
  if (illegal !== -1) {
    return { ok: false, problem: { code: 'NOT_WELL_FORMED', message: `A character XML does not allow (${lineCol(xml, illegal)}).` } };
  }
  try {
    const masked = maskContent(xml);
    if (masked && wellFormednessProblem(masked.xml) === undefined) {
      try {
        return { ok: true, root: buildTree(masked.xml, masked) };
      } catch (e) {
        if (!(e instanceof RetryUnmasked)) throw e;
      }
    }
    const problem = wellFormednessProblem(xml);
    if (problem) return { ok: false, problem };
    return { ok: true, root: buildTree(xml, undefined) };
  } catch (e) {
    if (e instanceof XmlError) return { ok: false, problem: { code: e.code, message: e.message } };
    throw e;
  }
}
