/** Writes the model as canonical MeMo XML: schema order, conventional prefixes declared on the root. */
import type { MemoMessage } from './model.ts';
import { MESSAGE, NAMESPACES, isComplex, type ComplexType, type Ns, type Particle } from './schema.ts';
import { formatSimple } from './types.ts';

const INDENT = '  ';

function escapeText(s: string): string {
  return /[&<>\r]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;') : s;
}

function escapeAttribute(s: string): string {
  return /[&<"\t\n\r]/.test(s)
    ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
    : s;
}

class Writer {
  readonly out: string[] = [];
  readonly used = new Set<Ns>(['memo']);

  children(type: ComplexType, value: Record<string, unknown>, depth: number): void {
    for (const particle of type.children) {
      const v = value[particle.prop];
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) this.element(particle, item, depth);
    }
  }

  element(particle: Particle, value: unknown, depth: number): void {
    this.used.add(particle.ns);
    const indent = INDENT.repeat(depth);
    const tag = `${particle.ns}:${particle.name}`;
    if (!isComplex(particle.type)) {
      this.out.push(`${indent}<${tag}>${escapeText(formatSimple(value))}</${tag}>\n`);
      return;
    }
    const start = this.out.push(`${indent}<${tag}>\n`);
    this.children(particle.type, (value ?? {}) as Record<string, unknown>, depth + 1);
    if (this.out.length === start) this.out[start - 1] = `${indent}<${tag}/>\n`;
    else this.out.push(`${indent}</${tag}>\n`);
  }
}

export function writeMemo(message: MemoMessage): string {
  const writer = new Writer();
  writer.children(MESSAGE, message as unknown as Record<string, unknown>, 1);
  const declarations = (Object.keys(NAMESPACES) as Ns[])
    .filter((ns) => writer.used.has(ns))
    .map((ns) => ` xmlns:${ns}="${escapeAttribute(NAMESPACES[ns])}"`)
    .join('');
  const schVersion = message.memoSchVersion === undefined ? '' : ` memoSchVersion="${escapeAttribute(message.memoSchVersion)}"`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<memo:Message${declarations} memoVersion="${escapeAttribute(String(message.version))}"${schVersion}>\n` +
    writer.out.join('') +
    '</memo:Message>\n'
  );
}
