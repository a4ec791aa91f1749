import type { CookieSerializeOptions } from '@fastify/cookie';

/** The session cookie: its value is the session token (src/auth/sessions.ts). */
export const SESSION_COOKIE = 'kuvert_session';
/** The short-lived cookie that carries one login attempt, sealed, from `/auth/login` to `/auth/callback`. */
export const LOGIN_STATE_COOKIE = 'kuvert_login';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** PUBLIC_URL is plain http on this machine (development): the only case where cookies are not `Secure`. */
export function isLocalHttp(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  return url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
}

/** Attributes of the `kuvert_session` cookie (a browser-session cookie; the server decides how long it is valid). */
export function sessionCookieOptions(publicUrl: string): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: !isLocalHttp(publicUrl) };
}
