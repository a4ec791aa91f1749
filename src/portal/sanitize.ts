import xssModule from 'xss';
import type * as Xss from 'xss';

// a CommonJS module: its functions hang off the default export at run time
const { escapeAttrValue, FilterXSS, getDefaultWhiteList } = xssModule as unknown as typeof Xss;

/** Attributes that hold a URL; only in-page links (`#…`) and inline images (`data:image/…`) survive. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'background', 'poster', 'cite', 'longdesc', 'xlink:href', 'usemap', 'lowsrc', 'dynsrc']);
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;

function allowedUrl(name: string, value: string): boolean {
  const v = value.trim();
  if (name === 'href') return v.startsWith('#');
  if (name === 'src') return DATA_IMAGE.test(v) || v.startsWith('#');
  return false;
}

const whiteList = (() => {
  const list = getDefaultWhiteList();
  for (const tag of Object.keys(list)) list[tag] = [...new Set([...(list[tag] ?? []), 'style'])];
  // media would load content from elsewhere; images stay (their src is limited to data: above)
  delete list.audio;
  delete list.video;
  delete list.source;
  delete list.track;
  return list;
})();

/** A link's target as people may read it: a web or mail address, without control characters. */
const SHOWN_URL = /^(?:https?:\/\/|mailto:)[^\s\u0000-\u001f\u007f]{1,2000}$/i;
const HREF = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[lower]!;
  });
}

/**
 * A filter for one letter. A link to elsewhere loses its target (the letter is shown in a sandbox
 * that may not navigate, and a link's text can hide where it leads), but its address stays visible
 * as text after it: "Læs mere (https://example.dk/x)", unless the text already is the address.
 */
function letterFilter() {
  let link: { url: string; text: string } | undefined;
  return new FilterXSS({
    whiteList,
    stripIgnoreTag: true,
    // the contents of these go too, not just the tags
    stripIgnoreTagBody: ['script', 'style', 'title', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math'],
    allowCommentTag: false,
    css: {
      // inline styles keep their look but may not fetch anything
      safeAttrValue: (_name: string, value: string) => (/url\s*\(|image-set\s*\(|expression\s*\(|@import|javascript:/i.test(value) ? '' : value),
    },
    onTag(tag: string, html: string, options: { isClosing?: boolean }) {
      if (tag !== 'a') return undefined;
      if (!options.isClosing) {
        const match = HREF.exec(html);
        const url = match ? decodeEntities((match[1] ?? match[2] ?? match[3] ?? '').trim()) : '';
        link = SHOWN_URL.test(url) ? { url, text: '' } : undefined;
        return undefined;
      }
      const closed = link;
      link = undefined;
      if (!closed) return undefined;
      const text = closed.text.trim();
      const same = text === closed.url || `mailto:${text}` === closed.url || text.replace(/\/$/, '') === closed.url.replace(/^https?:\/\//, '').replace(/\/$/, '');
      return same ? '</a>' : `</a> <span class="kuvert-link-address">(${escapeText(closed.url)})</span>`;
    },
    escapeHtml(html: string) {
      const escaped = html.replace(/</g, '&lt;').replace(/>/g, '&gt;');
      if (link) link.text += decodeEntities(html);
      return escaped;
    },
    onTagAttr(_tag: string, name: string, value: string) {
      const attribute = name.toLowerCase();
      if (attribute.startsWith('on')) return '';
      if (URL_ATTRIBUTES.has(attribute)) return allowedUrl(attribute, value) ? `${attribute}="${escapeAttrValue(value.trim())}"` : '';
      return undefined;
    },
  });
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An HTML letter made safe to show: no scripts, no event handlers, no forms or frames, nothing
 * fetched from elsewhere (links only within the page, images only inline; a link to elsewhere shows
 * its address as text). Served with a CSP sandbox as a second line of defence.
 */
export function sanitizeHtml(html: string): string {
  const body = letterFilter().process(html);
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>\n`;
}
