/**
 * A fast path for the large base64 text of File/content: the text is cut out before the XML
 * parser runs (which would copy it character by character) and put back into the tree afterwards.
 * Not used when the document has a processing instruction (refused anyway). Comments and CDATA
 * sections are located first and matches inside them skipped, so every remaining match of
 * CONTENT_START is a real start tag — or sits in an attribute value, which makes the document not
 * well-formed on either path. A cut-out region contains no `<`, `&` or `]]>`, so it reads the same
 * as the parser would have read it.
 */

/** Start tags of elements called `content`, with any prefix. */
const CONTENT_START = /<((?:[^\s<>/!?:]+:)?content)([\s>/])/g;
const MAX_CONTENT_NAMES = 4;

export interface MaskedContent {
  /** The document with the text of its `content` elements cut out. */
  xml: string;
  /** Qualified names of the `content` elements, as written. */
  names: ReadonlySet<string>;
  /** For each content start tag in document order: its cut-out text, or null when left in place. */
  regions: (string | null)[];
  /** The reader's position in `regions`. */
  next: number;
}

function isEndOfName(c: number): boolean {
  return c === 0x3e || c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Start and end offsets of the comments and CDATA sections, in order; undefined if one is unterminated or another `<!` occurs. */
function commentsAndCdata(xml: string): [number, number][] | undefined {
  const ranges: [number, number][] = [];
  for (let at = xml.indexOf('<!'); at !== -1; ) {
    const [open, close] = xml.startsWith('<!--', at) ? ['<!--', '-->'] : xml.startsWith('<![CDATA[', at) ? ['<![CDATA[', ']]>'] : [];
    if (open === undefined || close === undefined) return undefined;
    const end = xml.indexOf(close, at + open.length);
    if (end === -1) return undefined;
    ranges.push([at, end + close.length]);
    at = xml.indexOf('<!', end + close.length);
  }
  return ranges;
}

export function maskContent(xml: string): MaskedContent | undefined {
  if (xml.indexOf('<?', 1) !== -1) return undefined;
  const skip = commentsAndCdata(xml);
  if (!skip) return undefined;
  const names = new Set<string>();
  const regions: (string | null)[] = [];
  const parts: string[] = [];
  let last = 0;
  let range = 0;
  for (const m of xml.matchAll(CONTENT_START)) {
    while (range < skip.length && skip[range]![1] <= m.index) range++;
    if (range < skip.length && skip[range]![0] <= m.index) continue;
    const qname = m[1]!;
    names.add(qname);
    if (names.size > MAX_CONTENT_NAMES) return undefined;
    const start = m.index + m[0].length;
    const end = xml.indexOf('<', start);
    const close = `</${qname}`;
    const closes = end !== -1 && xml.startsWith(close, end) && isEndOfName(xml.charCodeAt(end + close.length));
    const region = closes && m[2] === '>' ? xml.slice(start, end) : undefined;
    if (region === undefined || region.includes('&') || region.includes(']]>')) {
      regions.push(null);
      continue;
    }
    regions.push(region.includes('\r') ? region.replace(/\r\n?/g, '\n') : region);
    parts.push(xml.slice(last, start));
    last = end;
  }
  if (parts.length === 0) return undefined;
  parts.push(xml.slice(last));
  return { xml: parts.join(''), names, regions, next: 0 };
}
