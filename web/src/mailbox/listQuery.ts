import { paths } from '../router.tsx';
import { UNHANDLED_PARAM } from './EmptyingNotice.tsx';

/**
 * What a message list shows besides its folder, kept in the address so that a reload or "back" shows
 * the same (docs/portal.md, "Search"): `q` the search words, `mappe` the one folder a search is narrowed
 * to (else every folder but Slettet), `p` a P-unit and `att` an attention person (a company's filters),
 * `vis=ikke-behandlet` (EmptyingNotice.tsx). No CPR number is ever put here.
 */
export interface ListQuery {
  q: string;
  /** a search narrowed to this folder; undefined: every visible folder except Slettet */
  scope: string | undefined;
  pNumber: string | undefined;
  person: string | undefined;
  unhandledOnly: boolean;
}

const SCOPE = 'mappe';
const P_UNIT = 'p';
const PERSON = 'att';

const P_NUMBER = /^[1-9][0-9]{9}$/;

export function readListQuery(search: string, q: string, company: boolean): ListQuery {
  const params = new URLSearchParams(search);
  const pNumber = params.get(P_UNIT) ?? '';
  const person = (params.get(PERSON) ?? '').trim();
  return {
    q,
    scope: q ? params.get(SCOPE) || undefined : undefined,
    pNumber: company && P_NUMBER.test(pNumber) ? pNumber : undefined,
    person: company && person && person.length <= 200 ? person : undefined,
    unhandledOnly: company && params.get(UNHANDLED_PARAM[0]) === UNHANDLED_PARAM[1],
  };
}

/** The search parameters of a list besides `q` (for links that keep them). */
export function filterParams(query: Pick<ListQuery, 'scope' | 'pNumber' | 'person'>): Record<string, string> {
  return {
    ...(query.scope ? { [SCOPE]: query.scope } : {}),
    ...(query.pNumber ? { [P_UNIT]: query.pNumber } : {}),
    ...(query.person ? { [PERSON]: query.person } : {}),
  };
}

/** The address of a folder's list with a search, filters and "only not handled". */
export function listPath(mailboxId: string, folderId: string, query: ListQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const [key, value] of Object.entries(filterParams(query))) params.set(key, value);
  if (query.unhandledOnly) params.set(UNHANDLED_PARAM[0], UNHANDLED_PARAM[1]);
  const search = params.toString();
  return `${paths.folder(mailboxId, folderId)}${search ? `?${search}` : ''}`;
}
