import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMemo, serializeMemo, type MemoVersion } from '../../src/memo/index.ts';
import { richMessage, toVersion11, xsdValidate } from './helpers.ts';

interface Span {
  start: number;
  end: number;
  indent: number;
}

/** Element spans of serializer output, which writes one start tag, end tag or leaf per line. */
function spans(lines: readonly string[]): Span[] {
  const result: Span[] = [];
  lines.forEach((line, start) => {
    const m = /^( *)<([\w:]+)>(.*)$/.exec(line);
    if (!m || m[2] === 'memo:Message') return;
    const indent = m[1]!.length;
    if (m[3]!.includes('</')) {
      result.push({ start, end: start, indent });
      return;
    }
    const closing = `${m[1]}</${m[2]}>`;
    const end = lines.indexOf(closing, start + 1);
    if (end !== -1) result.push({ start, end, indent });
  });
  return result;
}

/** Every element deleted, duplicated, and swapped with its next sibling. */
function mutations(xml: string): string[] {
  const lines = xml.split('\n');
  const all = spans(lines);
  const out: string[] = [];
  const cut = (s: Span) => lines.slice(s.start, s.end + 1);
  for (const s of all) {
    out.push([...lines.slice(0, s.start), ...lines.slice(s.end + 1)].join('\n'));
    out.push([...lines.slice(0, s.end + 1), ...cut(s), ...lines.slice(s.end + 1)].join('\n'));
    const next = all.find((t) => t.start === s.end + 1 && t.indent === s.indent);
    if (next) out.push([...lines.slice(0, s.start), ...cut(next), ...cut(s), ...lines.slice(next.end + 1)].join('\n'));
  }
  return out;
}

async function compare(version: MemoVersion, docs: string[]): Promise<{ disagreements: string[]; valid: number }> {
  const verdicts = await xsdValidate(version, docs);
  let valid = 0;
  const disagreements = docs.flatMap((xml, i) => {
    const ours = parseMemo(xml);
    const xsd = verdicts[i]!;
    if (xsd.valid) valid++;
    if (ours.ok === xsd.valid) return [];
    const why = ours.ok ? xsd.output : JSON.stringify(ours.issues);
    return [`mutation ${i}: we say ${ours.ok ? 'valid' : 'invalid'}, XSD says ${xsd.valid ? 'valid' : 'invalid'}: ${why}`];
  });
  return { disagreements, valid };
}

describe('our validator and the official XSD agree on structural mutations', () => {
  for (const version of ['1.2', '1.1'] as const) {
    it(`of the message that uses every element, as ${version}`, async (t) => {
      const message = version === '1.2' ? richMessage() : toVersion11(richMessage());
      const docs = mutations(serializeMemo(message));
      const { disagreements, valid } = await compare(version, docs);
      t.diagnostic(`${docs.length} mutations, ${valid} of them valid`);
      assert.ok(docs.length > 500 && valid > 100 && docs.length - valid > 100);
      assert.deepEqual(disagreements, []);
    });
  }
});
