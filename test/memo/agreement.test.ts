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

/** Values written as raw XML text; many sit right on a facet's edge. */
const EDGE_VALUES = [
  '', ' ', 'x'.repeat(7), 'x'.repeat(8), 'x'.repeat(150), 'x'.repeat(151), 'x'.repeat(160), 'x'.repeat(161), 'x'.repeat(256), 'x'.repeat(257),
  'ø'.repeat(256), '😀'.repeat(256), '😀'.repeat(257), 'x'.repeat(512), 'x'.repeat(513), '&amp;&lt;&#x1F600;', ' \t\n',
  '2024-02-29T12:00:00Z', '2023-02-29T12:00:00Z', '2024-04-31T12:00:00Z', '2024-05-03T24:00:00Z', '2024-05-03T24:00:01Z',
  '2024-05-03T23:59:60Z', '2024-05-03T12:00:00.123456Z', '-0001-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '12024-01-01T00:00:00Z',
  '02024-01-01T00:00:00Z', '2024-05-03T12:00Z', ' 2024-05-03T12:00:00Z\n', '2024-05-03t12:00:00z', '2024-05-03T12:00:00+00:00', '2024-05-03T12:00:00',
  '2024-05-03', '2024-05-03Z', '2024-05-03+14:00', '2024-05-03+14:01', '2024-05-03-13:59', '2024-5-3', '2024-00-10', ' 2024-05-03 ',
  'true', 'false', '1', '0', ' true ', 'True', 'yes',
  '+12', '-5', '007', ' 12 ', '9999999999', '10000000000', '9999999999999', '10000000000000', '-9223372036854775808', '-9223372036854775809', '1.0', '1e3', '0x10',
  'QQ==', 'QQ=', 'QUI=', 'QUJD', 'Q Q = =', 'QR==', 'QUJ=', '====', 'A', 'QUJD\nRA==', 'QUJD RA== ', 'QU=D',
  'da', 'DA', 'd', 'dan', 'd-', 'en-GB', 'e1',
  'https://example.dk/a b', 'https://example.dk/%zz', 'https://example.dk/%C3%A6', 'https://[::1]/', 'https://example.dk:99x/', 'mailto:a@b.dk',
  '#frag', 'a:b', ':a', '//host/p', 'http://x/?q=&lt;', 'https://exämple.dk/', 'https://example.dk/{x}', 'https://example.dk/#a#b',
  '8c2ea15d-61fb-4ba9-9366-42f8b194c114', '8C2EA15D-61FB-4BA9-B366-42F8B194C114', '8c2ea15d-61fb-4ba9-7366-42f8b194c114',
  '8c2ea15d-61fb-5ba9-9366-42f8b194c114', '8c2ea15d61fb4ba9936642f8b194c114', '8c2ea15d-61fb-4ba9-9366-42f8b194c114 ',
  'DIGITALPOST', 'NEMSMS', 'nemsms', 'DIGITALPOST ',
];

const LEAVES = [
  'memo:label', 'memo:comment', 'memo:notification', 'dmv:licenseNumber', 'memo:filename', 'memo:messageUUID', 'memo:messageType',
  'memo:language', 'memo:url', 'memo:createdDateTime', 'memo:doNotDeliverUntilDate', 'memo:reply', 'memo:content',
  'grd:productionUnitNumber', 'gln:globalLocationNumber',
];

function valueMutations(xml: string): string[] {
  return LEAVES.flatMap((tag) => {
    const at = new RegExp(`<${tag}>[^<]*</${tag}>`).exec(xml);
    if (!at) throw new Error(`no ${tag}`);
    return EDGE_VALUES.map((v) => xml.slice(0, at.index) + `<${tag}>${v}</${tag}>` + xml.slice(at.index + at[0].length));
  });
}

/**
 * Where we refuse what libxml2 accepts, the reason must be one we chose: libxml2 skips characters
 * outside the base64 alphabet (XSD does not allow them), and our model keeps integers as exact
 * JavaScript numbers.
 */
function deliberatelyStricter(code: string, value: string): boolean {
  if (code === 'NOT_BASE64') return /[^A-Za-z0-9+/=\s]/.test(value);
  if (code === 'OUT_OF_RANGE') return BigInt(value.trim()) < BigInt(Number.MIN_SAFE_INTEGER);
  return false;
}

describe('our validator is never weaker than the official XSD on edge values of every simple type', () => {
  for (const version of ['1.2', '1.1'] as const) {
    it(`as ${version} (Kuvert's policy switched off)`, async (t) => {
      const message = version === '1.2' ? richMessage() : toVersion11(richMessage());
      const docs = valueMutations(serializeMemo(message));
      const verdicts = await xsdValidate(version, docs);
      let stricter = 0;
      const disagreements = docs.flatMap((xml, i) => {
        const ours = parseMemo(xml, { policy: false });
        const xsd = verdicts[i]!;
        const value = EDGE_VALUES[i % EDGE_VALUES.length]!;
        const which = `${LEAVES[Math.floor(i / EDGE_VALUES.length)]} = ${JSON.stringify(value)}`;
        if (ours.ok === xsd.valid) return [];
        if (ours.ok) return [`${which}: we accept, the XSD refuses: ${xsd.output}`];
        if (ours.issues.length === 1 && deliberatelyStricter(ours.issues[0]!.code, value)) {
          stricter++;
          return [];
        }
        return [`${which}: we refuse, the XSD accepts: ${JSON.stringify(ours.issues)}`];
      });
      t.diagnostic(`${docs.length} documents, ${verdicts.filter((v) => v.valid).length} valid for the XSD, ${stricter} refused only by us (stray base64 characters, unsafe integers)`);
      assert.deepEqual(disagreements, []);
    });
  }
});
