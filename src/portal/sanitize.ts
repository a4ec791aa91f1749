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

const filter = new FilterXSS({
  whiteList,
  stripIgnoreTag: true,
  // the contents of these go too, not just the tags
  stripIgnoreTagBody: ['script', 'style', 'title', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math'],
  allowCommentTag: false,
  css: {
    // inline styles keep their look but may not fetch anything
    safeAttrValue: (_name: string, value: string) => (/url\s*\(|image-set\s*\(|expression\s*\(|@import|javascript:/i.test(value) ? '' : value),
  },
  onTagAttr(_tag: string, name: string, value: string) {
    const attribute = name.toLowerCase();
    if (attribute.startsWith('on')) return '';
    if (URL_ATTRIBUTES.has(attribute)) return allowedUrl(attribute, value) ? `${attribute}="${escapeAttrValue(value.trim())}"` : '';
    return undefined;
  },
});

/**
 * An HTML letter made safe to show: no scripts, no event handlers, no forms or frames, nothing
 * fetched from elsewhere (links only within the page, images only inline). Served with a CSP
 * sandbox as a second line of defence.
 */
export function sanitizeHtml(html: string): string {
  const body = filter.process(html);
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>\n`;
}
