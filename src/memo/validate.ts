/** Validates a namespace-resolved XML tree against the MeMo schema and builds the typed model. */
import { IssueList, type MemoIssueCode } from './issues.ts';
import type { MemoMessage, MemoVersion } from './model.ts';
import {
  MESSAGE, NAMESPACES, ROOT_ATTRIBUTES, SUPPORTED_VERSIONS, existsIn, isComplex, minOccurs,
  type ComplexType, type Particle, type SimpleType,
} from './schema.ts';
import { checkSimple, collapse, type CheckContext } from './types.ts';
import { XSI_NS, type XmlAttribute, type XmlElement } from './xml.ts';

const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const IGNORED_XSI_ATTRIBUTES: ReadonlySet<string> = new Set(['schemaLocation', 'noNamespaceSchemaLocation']);

const join = (path: string, segment: string): string => (path === '' ? segment : `${path}/${segment}`);

/** Canonical form of an xs:decimal ('01.20' → '1.2'), or undefined when it is not one. */
function canonicalDecimal(raw: string): string | undefined {
  const v = collapse(raw);
  if (!DECIMAL.test(v)) return undefined;
  const negative = v.startsWith('-');
  const [intPart = '', fraction = ''] = v.replace(/^[+-]/, '').split('.');
  const int = intPart.replace(/^0+/, '') || '0';
  const frac = fraction.replace(/0+$/, '');
  const canonical = frac ? `${int}.${frac}` : int;
  return negative && canonical !== '0' ? `-${canonical}` : canonical;
}

function isWhitespace(s: string): boolean {
  return collapse(s) === '';
}

class Validator {
  readonly issues = new IssueList();
  private readonly ctx: CheckContext;

  constructor(readonly version: MemoVersion, policy: boolean) {
    this.ctx = { version, policy };
  }

  unexpectedAttributes(attrs: readonly XmlAttribute[], path: string, allowed: (a: XmlAttribute) => boolean = () => false): void {
    for (const attr of attrs) {
      if (allowed(attr) || (attr.ns === XSI_NS && IGNORED_XSI_ATTRIBUTES.has(attr.local))) continue;
      this.issues.add(join(path, `@${attr.local}`), 'UNEXPECTED_ATTRIBUTE', `The attribute '${attr.local}' is not allowed here.`);
    }
  }

  simple(type: SimpleType, el: XmlElement, path: string, fallback: string | undefined): unknown {
    this.unexpectedAttributes(el.attrs, path);
    let text = '';
    let clean = true;
    for (const child of el.children) {
      if (child.kind === 'text') {
        text += child.value;
      } else {
        clean = false;
        this.issues.add(join(path, child.local), 'UNEXPECTED_ELEMENT', `${el.local} holds a value, not elements.`);
      }
    }
    const checked = checkSimple(type, text === '' && clean && fallback !== undefined ? fallback : text, this.ctx);
    if (!checked.ok) {
      this.issues.add(path, checked.code, checked.message);
      return undefined;
    }
    return clean ? checked.value : undefined;
  }

  complex(type: ComplexType, el: XmlElement, path: string, isRoot = false): Record<string, unknown> {
    if (!isRoot) this.unexpectedAttributes(el.attrs, path);
    const result: Record<string, unknown> = {};
    const particles = type.children;
    const counts = particles.map(() => 0);
    const chosen = new Map<string, string>();
    let highest = -1;
    let strayText = false;
    for (const child of el.children) {
      if (this.issues.full) break;
      if (child.kind === 'text') {
        if (!strayText && !isWhitespace(child.value)) {
          strayText = true;
          this.issues.add(path, 'UNEXPECTED_TEXT', `${type.name} holds elements, not text.`);
        }
        continue;
      }
      const index = particles.findIndex((p) => p.name === child.local && NAMESPACES[p.ns] === child.ns);
      const particle = particles[index];
      if (particle === undefined || !existsIn(particle, this.version)) {
        this.stray(particles, counts, child, path, particle);
        continue;
      }
      const n = counts[index]!++;
      const childPath = join(path, particle.max > 1 ? `${particle.name}[${n}]` : particle.name);
      if (n >= particle.max) {
        this.issues.add(childPath, 'TOO_MANY_ELEMENTS', `${particle.name} may occur at most ${particle.max === 1 ? 'once' : `${particle.max} times`} in ${type.name}.`);
        continue;
      }
      if (particle.choice !== undefined) {
        const other = chosen.get(particle.choice);
        if (other !== undefined && other !== particle.name) {
          this.issues.add(childPath, 'CHOICE_CONFLICT', `${type.name} may have ${other} or ${particle.name}, not both.`);
          continue;
        }
        chosen.set(particle.choice, particle.name);
      }
      if (index < highest) {
        this.issues.add(childPath, 'OUT_OF_ORDER', `${particle.name} must come before ${particles[highest]!.name} in ${type.name}.`);
      } else {
        highest = index;
      }
      const value = isComplex(particle.type) ? this.complex(particle.type, child, childPath) : this.simple(particle.type, child, childPath, particle.default);
      if (value === undefined) continue;
      if (particle.max > 1) ((result[particle.prop] ??= []) as unknown[]).push(value);
      else result[particle.prop] = value;
    }
    particles.forEach((p, i) => {
      if (existsIn(p, this.version) && counts[i]! < minOccurs(p, this.version)) {
        this.issues.add(join(path, p.name), 'MISSING_ELEMENT', `${type.name} must have ${p.name}${p.requiredIn ? ` in MeMo ${p.requiredIn}` : ''}.`);
      }
    });
    return result;
  }

  private stray(particles: readonly Particle[], counts: number[], child: XmlElement, path: string, known: Particle | undefined): void {
    if (known) {
      this.issues.add(join(path, child.local), 'UNEXPECTED_ELEMENT', `${child.local} is not part of MeMo ${this.version}.`);
      return;
    }
    const sameName = particles.findIndex((p) => p.name === child.local && existsIn(p, this.version));
    if (sameName !== -1) {
      const p = particles[sameName]!;
      const n = counts[sameName]!++;
      this.issues.add(join(path, p.max > 1 ? `${p.name}[${n}]` : p.name), 'WRONG_NAMESPACE', `${p.name} must be in the namespace ${NAMESPACES[p.ns]}.`);
      return;
    }
    this.issues.add(join(path, child.local), 'UNEXPECTED_ELEMENT', `${child.local} is not allowed here.`);
  }
}

export type ValidationResult = { ok: true; message: MemoMessage } | { ok: false; issues: IssueList };

function fail(path: string, code: MemoIssueCode, message: string): ValidationResult {
  const issues = new IssueList();
  issues.add(path, code, message);
  return { ok: false, issues };
}

export function validateTree(root: XmlElement, policy: boolean): ValidationResult {
  if (root.local !== MESSAGE.name) return fail('', 'WRONG_ROOT', `The root element must be Message, not ${root.local}.`);
  if (root.ns !== NAMESPACES.memo) return fail('', 'WRONG_NAMESPACE', `Message must be in the namespace ${NAMESPACES.memo}.`);
  const attribute = (name: string) => root.attrs.find((a) => a.ns === null && a.local === name);
  const versionAttr = attribute(ROOT_ATTRIBUTES.memoVersion);
  if (!versionAttr) return fail('@memoVersion', 'MISSING_ATTRIBUTE', 'Message must have a memoVersion attribute.');
  const version = SUPPORTED_VERSIONS.find((v) => v === canonicalDecimal(versionAttr.value));
  if (!version) return fail('@memoVersion', 'UNSUPPORTED_VERSION', `memoVersion must be ${SUPPORTED_VERSIONS.join(' or ')}.`);

  const v = new Validator(version, policy);
  const schVersion = attribute(ROOT_ATTRIBUTES.memoSchVersion);
  const schVersionAllowed = version === '1.1';
  if (schVersionAllowed && !schVersion) {
    v.issues.add('@memoSchVersion', 'MISSING_ATTRIBUTE', 'MeMo 1.1 requires a memoSchVersion attribute.');
  } else if (schVersionAllowed && schVersion) {
    const checked = checkSimple('text', schVersion.value, { version, policy });
    if (!checked.ok) v.issues.add('@memoSchVersion', checked.code, checked.message);
  }
  v.unexpectedAttributes(root.attrs, '', (a) => a === versionAttr || (schVersionAllowed && a === schVersion));
  const content = v.complex(MESSAGE, root, '', true);
  if (!v.issues.empty) return { ok: false, issues: v.issues };
  const message = { version, ...(schVersion ? { memoSchVersion: schVersion.value } : {}), ...content } as MemoMessage;
  return { ok: true, message };
}
