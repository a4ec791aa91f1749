const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' };

/** Text for element content or an attribute value; characters XML 1.0 cannot carry are dropped. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"'\r]/g, (c) => ESCAPES[c] ?? c);
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function element(prefix: string, name: string, text: string): string {
  return `<${prefix}:${name}>${escapeXml(text)}</${prefix}:${name}>`;
}
