import { parseCpr, parseCvr, parsePNumber, type Cpr, type Cvr, type PNumber } from './identifiers.ts';

/**
 * The addresses Kuvert's mail gateway owns under MAIL_DOMAIN (docs/email-gateway.md):
 *  - `<cpr>@<contact-point>.<domain>`, `<cvr>[-<p-number>]@<contact-point>.<domain>`: an authority writes
 *    a letter to a citizen or company from one of its contact points;
 *  - `<contact-point>@<domain>`: mail to an organisation's contact point;
 *  - `<cvr>@<domain>`: mail to an organisation's mailbox;
 *  - `reply+<token>@<domain>`: a reply in a thread Kuvert mailed out.
 */
export type MailTarget =
  | { kind: 'letter'; contactPoint: string; recipient: { idType: 'CPR'; id: Cpr } | { idType: 'CVR'; id: Cvr; pNumber?: PNumber } }
  | { kind: 'contact-point'; contactPoint: string }
  | { kind: 'organisation'; cvr: Cvr }
  | { kind: 'reply'; token: string };

export const MAIL_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const THREAD_TOKEN = /^[a-z2-7]{26}$/;

/** Parses an envelope or header address; undefined for anything not under `domain`. Case-insensitive. */
export function parseMailTarget(address: string, domain: string): MailTarget | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || address.length > 254) return undefined;
  const local = address.slice(0, at).toLowerCase();
  const host = address.slice(at + 1).toLowerCase().replace(/\.$/, '');
  const root = domain.toLowerCase();
  if (host === root) {
    if (local.startsWith('reply+')) {
      const token = local.slice('reply+'.length);
      return THREAD_TOKEN.test(token) ? { kind: 'reply', token } : undefined;
    }
    const cvr = parseCvr(local);
    if (cvr) return { kind: 'organisation', cvr };
    return MAIL_NAME.test(local) && !/^[0-9]+$/.test(local) ? { kind: 'contact-point', contactPoint: local } : undefined;
  }
  if (!host.endsWith(`.${root}`)) return undefined;
  const contactPoint = host.slice(0, -root.length - 1);
  if (!MAIL_NAME.test(contactPoint)) return undefined;
  const cpr = parseCpr(local);
  if (cpr) return { kind: 'letter', contactPoint, recipient: { idType: 'CPR', id: cpr } };
  const [cvrPart, pPart, ...rest] = local.split('-');
  const cvr = parseCvr(cvrPart ?? '');
  if (!cvr || rest.length > 0) return undefined;
  if (pPart === undefined) return { kind: 'letter', contactPoint, recipient: { idType: 'CVR', id: cvr } };
  const pNumber = parsePNumber(pPart);
  return pNumber ? { kind: 'letter', contactPoint, recipient: { idType: 'CVR', id: cvr, pNumber } } : undefined;
}

export function replyAddress(token: string, domain: string): string {
  return `reply+${token}@${domain}`;
}

const PERSON_ADDRESS = /^[^@\s<>()",;:\\[\]]{1,64}@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

/** A person's e-mail address as given (trimmed, lower-cased domain), or undefined when it is not name@domain. */
export function parseEmailAddress(value: string): string | undefined {
  const address = value.trim();
  if (address.length > 254 || !PERSON_ADDRESS.test(address)) return undefined;
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}@${address.slice(at + 1).toLowerCase()}`;
}
