import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** The parts of an organisation's administration, each its own address (`/organisationer/:id/administration/<slug>`). */
export type AdminSection = 'overview' | 'people' | 'requests' | 'history' | 'systems' | 'contactPoints' | 'statistics' | 'emptying' | 'notifications' | 'rules' | 'monitoring'
  | 'audit' | 'administrators' | 'certificates';
export const ADMIN_SLUGS: Record<AdminSection, string> = {
  overview: '', people: 'personer', requests: 'anmodninger', history: 'historik', systems: 'systemer', contactPoints: 'kontaktpunkter',
  statistics: 'statistik',
  emptying: 'toemning',
  monitoring: 'fejl-og-koe',
  notifications: 'notifikationer',
  rules: 'regler',
  certificates: 'certifikater',
  audit: 'revisionsspor',
  administrators: 'administratorer',
};
const SECTION_OF_SLUG = new Map(Object.entries(ADMIN_SLUGS).map(([section, slug]) => [slug, section as AdminSection]));

/** The portal's few routes; a tiny router on the History API (no dependency). */
export type Route =
  | { name: 'home' }
  | { name: 'folder'; mailboxId: string; folderId: string | undefined; q: string }
  | { name: 'message'; mailboxId: string; messageId: string }
  | { name: 'compose'; mailboxId: string }
  | { name: 'secureMail'; organisationId: string }
  | { name: 'secureMailConfirm'; organisationId: string; token: string }
  | { name: 'admin'; organisationId: string; section: AdminSection }
  | { name: 'adminRequest'; organisationId: string; requestId: string }
  /** an employee's profile and access requests */
  | { name: 'profile' }
  /** a citizen's notifications of new mail (docs/notifications.md) */
  | { name: 'notifications' }
  /** the link in the mail that confirms an employee's e-mail address */
  | { name: 'profileConfirm'; token: string }
  /** the link in an invitation mail */
  | { name: 'invitation'; token: string }
  | { name: 'notFound' };

const seg = (s: string | undefined) => (s === undefined ? undefined : decodeURIComponent(s));

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter(Boolean);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'postkasse')) return { name: 'home' };
  // an organisation's secure e-mail (administrators), and the link from the confirmation mail
  if (parts.length === 3 && parts[0] === 'organisationer' && parts[2] === 'sikker-email') return { name: 'secureMail', organisationId: seg(parts[1])! };
  if (parts.length === 2 && parts[0] === 'sikker-email' && parts[1] === 'bekraeft') {
    const query = new URLSearchParams(search);
    return { name: 'secureMailConfirm', organisationId: query.get('organisation') ?? '', token: query.get('token') ?? '' };
  }
  if (parts[0] === 'organisationer' && parts.length >= 3 && parts[2] === 'administration') {
    const organisationId = seg(parts[1])!;
    if (parts.length === 3) return { name: 'admin', organisationId, section: 'overview' };
    const section = SECTION_OF_SLUG.get(parts[3]!);
    if (parts.length === 4 && section && section !== 'overview') return { name: 'admin', organisationId, section };
    if (parts.length === 5 && section === 'requests') return { name: 'adminRequest', organisationId, requestId: seg(parts[4])! };
    return { name: 'notFound' };
  }
  const token = new URLSearchParams(search).get('token') ?? '';
  if (parts.length === 1 && parts[0] === 'profil') return { name: 'profile' };
  if (parts.length === 1 && parts[0] === 'notifikationer') return { name: 'notifications' };
  if (parts.length === 2 && parts[0] === 'profil' && parts[1] === 'bekraeft') return { name: 'profileConfirm', token };
  if (parts.length === 1 && parts[0] === 'invitation') return { name: 'invitation', token };
  if (parts[0] !== 'postkasse' || parts.length < 2) return { name: 'notFound' };
  const mailboxId = seg(parts[1])!;
  if (parts.length === 2) return { name: 'folder', mailboxId, folderId: undefined, q: '' };
  if (parts.length === 3 && parts[2] === 'skriv') return { name: 'compose', mailboxId };
  if (parts.length === 4 && parts[2] === 'besked') return { name: 'message', mailboxId, messageId: seg(parts[3])! };
  if (parts.length === 3) return { name: 'folder', mailboxId, folderId: seg(parts[2]), q: new URLSearchParams(search).get('q') ?? '' };
  return { name: 'notFound' };
}

const enc = encodeURIComponent;
export const paths = {
  folder: (mailboxId: string, folderId?: string, q?: string) =>
    `/postkasse/${enc(mailboxId)}${folderId ? `/${enc(folderId)}` : ''}${q ? `?q=${enc(q)}` : ''}`,
  message: (mailboxId: string, messageId: string) => `/postkasse/${enc(mailboxId)}/besked/${enc(messageId)}`,
  compose: (mailboxId: string) => `/postkasse/${enc(mailboxId)}/skriv`,
  secureMail: (organisationId: string) => `/organisationer/${enc(organisationId)}/sikker-email`,
  admin: (organisationId: string, section: AdminSection = 'overview') =>
    `/organisationer/${enc(organisationId)}/administration${ADMIN_SLUGS[section] ? `/${ADMIN_SLUGS[section]}` : ''}`,
  adminRequest: (organisationId: string, requestId: string) => `/organisationer/${enc(organisationId)}/administration/anmodninger/${enc(requestId)}`,
  profile: () => '/profil',
  notifications: () => '/notifikationer',
};

interface Location { pathname: string; search: string; key: number }

let location: Location = { pathname: window.location.pathname, search: window.location.search, key: 0 };
/** how many in-app navigations have happened: 0 on the first page load (focus stays at the top then) */
let navigations = 0;
const listeners = new Set<() => void>();

function update(): void {
  location = { pathname: window.location.pathname, search: window.location.search, key: location.key + 1 };
  navigations++;
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', update);

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  update();
}

/** Replaces the URL without counting as a navigation (e.g. `/` → the inbox's address). */
export function replaceSilently(to: string): void {
  window.history.replaceState(null, '', to);
  location = { ...location, pathname: window.location.pathname, search: window.location.search };
  for (const listener of listeners) listener();
}

export function hasNavigated(): boolean {
  return navigations > 0;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, () => location);
}

/** An ordinary link that navigates inside the app (modifier clicks open a new tab as usual). */
export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
