/** Where the header block of a raw entity ends (before its blank line) and where the body starts. */
export function headerBlockBounds(raw: Uint8Array): { headerEnd: number; bodyStart: number } {
  let lineStart = 0;
  while (lineStart < raw.length) {
    const lf = raw.indexOf(0x0a, lineStart);
    if (lf < 0) break;
    const lineLength = lf - lineStart;
    if (lineLength === 0 || (lineLength === 1 && raw[lineStart] === 0x0d)) return { headerEnd: lineStart, bodyStart: lf + 1 };
    lineStart = lf + 1;
  }
  return { headerEnd: raw.length, bodyStart: raw.length };
}

/** The header block (UTF-8, without its final line break) and the body of a raw entity; the first empty line (CRLF or LF) divides them. */
export function splitHeaderBlock(raw: Buffer): { headers: string; body: Buffer } {
  const { headerEnd, bodyStart } = headerBlockBounds(raw);
  return { headers: raw.subarray(0, headerEnd).toString('utf8').replace(/\r?\n$/, ''), body: raw.subarray(bodyStart) };
}

/** Header fields of a header block, each with its continuation lines, line breaks made CRLF. */
export function headerFields(block: string): string[] {
  const fields: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1] += `\r\n${line}`;
    else fields.push(line);
  }
  return fields;
}

export function fieldName(field: string): string {
  return field.slice(0, Math.max(0, field.indexOf(':'))).trim().toLowerCase();
}

/** The value of the first header field `name` of a raw entity (unfolded), or undefined. */
export function headerValue(raw: Buffer, name: string): string | undefined {
  const field = headerFields(splitHeaderBlock(raw).headers).find((f) => fieldName(f) === name.toLowerCase());
  return field?.slice(field.indexOf(':') + 1).replace(/\r\n[ \t]+/g, ' ').trim();
}
