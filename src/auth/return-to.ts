const CONTROL_OR_BACKSLASH = /[\\\u0000-\u001f\u007f]/;

function decoded(path: string): string | undefined {
  try { return decodeURIComponent(path); } catch { return undefined; }
}

/**
 * Where to go after logging in: the path and query of `value` as the WHATWG URL parser resolves it
 * against PUBLIC_URL — the very string that is later put in Location, so normalisation cannot undo
 * the check (`/..//evil.example` resolves to `//evil.example`). It must be on the same origin and
 * under the base path, must not start with `//` or hold a backslash (not even percent-encoded), and
 * must not lead back into `/auth` or `/dev-idp` (that would loop); anything else is the base path's `/`.
 */
export function safeReturnTo(value: unknown, publicUrl: string): string {
  const base = new URL(publicUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  const home = `${basePath}/`;
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/') || CONTROL_OR_BACKSLASH.test(value)) return home;
  let url: URL;
  try { url = new URL(value, base); } catch { return home; }
  if (url.origin !== base.origin || !url.pathname.startsWith(home)) return home;
  const local = decoded(url.pathname.slice(basePath.length));
  if (local === undefined || local.startsWith('//') || local.includes('\\') || /^\/(auth|dev-idp)(\/|$)/i.test(local)) return home;
  return `${url.pathname}${url.search}`;
}
