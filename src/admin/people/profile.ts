import { timingSafeEqual } from 'node:crypto';
import type { Profile, ProfileInput } from '../../contract/index.ts';
import { Refusal, type Principal } from '../../domain/index.ts';
import {
  accessRequestsOfUser, appendEvents, clearPendingEmail, confirmPendingEmail, organisationWithMailboxByCvr, ownFoldersOf, personById,
  queueMail, renameUser, setPendingEmail, type Executor,
} from '../../store/index.ts';
import type { AdminContext } from '../context.ts';
import { emailAddress, newToken, personName, tokenHash } from './grants.ts';
import { emailConfirmationMail } from './mails.ts';
import { accessRequestViews } from './views.ts';

/** How long the link that confirms an e-mail address works. */
export const EMAIL_TOKEN_HOURS = 24;

const personGone = () => new Refusal('unauthenticated', 'UNAUTHENTICATED', 'Log in first.');

/**
 * The person's profile: name, confirmed and pending e-mail address, the organisation their login
 * belongs to (by its CVR) if Kuvert knows it and it is active, and their access requests.
 */
export async function profileOf(ctx: AdminContext, principal: Principal): Promise<Profile> {
  const person = await personById(ctx.db, principal.userId);
  if (!person) throw personGone();
  const organisation = person.cvr ? await organisationWithMailboxByCvr(ctx.db, person.cvr) : undefined;
  const known = organisation && organisation.status === 'active' && organisation.mailboxId ? organisation : undefined;
  const [folders, requests] = await Promise.all([
    known?.mailboxId ? ownFoldersOf(ctx.db, known.mailboxId) : [],
    accessRequestsOfUser(ctx.db, principal.userId),
  ]);
  return {
    userId: person.id,
    name: person.name,
    email: person.email_confirmed_at ? person.email : null,
    emailPending: person.email_pending,
    ...(known ? { organisation: { id: known.id, cvr: known.cvr, name: known.name, kind: known.kind, level: known.level ?? 'standard', folders } } : {}),
    requests: await accessRequestViews(ctx.db, requests),
  };
}

async function sendConfirmation(ctx: AdminContext, trx: Executor, person: { id: string; name: string }, email: string): Promise<void> {
  const { token, sha256 } = newToken();
  await setPendingEmail(trx, person.id, { email, tokenSha256: sha256, expiresAt: new Date(Date.now() + EMAIL_TOKEN_HOURS * 3600_000) });
  await queueMail(trx, emailConfirmationMail(email, person.name, `${ctx.publicUrl}/profil/bekraeft?token=${token}`));
}

/**
 * Saves name and e-mail address. A new address is pending until the link mailed to it is opened;
 * the confirmed one (if any) stays in use until then. Giving the confirmed address again drops a pending one.
 */
export async function updateProfile(ctx: AdminContext, principal: Principal, input: ProfileInput): Promise<Profile> {
  const name = personName(input.name);
  const email = emailAddress(input.email);
  await ctx.db.transaction().execute(async (trx) => {
    const person = await personById(trx, principal.userId);
    if (!person) throw personGone();
    const confirmed = person.email_confirmed_at ? person.email : null;
    const sameAs = (other: string | null) => other !== null && other.toLowerCase() === email.toLowerCase();
    let emailChange: 'none' | 'dropped-pending' | 'pending' = 'none';
    if (sameAs(confirmed)) {
      if (person.email_pending !== null) {
        await clearPendingEmail(trx, person.id);
        emailChange = 'dropped-pending';
      }
    } else if (!sameAs(person.email_pending)) {
      await sendConfirmation(ctx, trx, { id: person.id, name }, email);
      emailChange = 'pending';
    }
    if (name !== person.name) await renameUser(trx, person.id, name);
    if (name === person.name && emailChange === 'none') return;
    const actor = `user:${person.id}`;
    await appendEvents(trx, ctx.eventChains, [
      { type: 'PROFILE_UPDATED', actor, data: { userId: person.id, nameChanged: name !== person.name, emailChange } },
      ...(emailChange === 'pending' ? [{ type: 'EMAIL_CONFIRMATION_SENT' as const, actor, data: { userId: person.id } }] : []),
    ]);
  });
  return profileOf(ctx, principal);
}

/** Mails a new link for the pending address (the old link stops working). */
export async function resendEmailConfirmation(ctx: AdminContext, principal: Principal): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const person = await personById(trx, principal.userId);
    if (!person) throw personGone();
    if (!person.email_pending) throw new Refusal('conflict', 'NO_PENDING_EMAIL', 'There is no e-mail address waiting to be confirmed.');
    await sendConfirmation(ctx, trx, person, person.email_pending);
    await appendEvents(trx, ctx.eventChains, [{ type: 'EMAIL_CONFIRMATION_SENT', actor: `user:${person.id}`, data: { userId: person.id, resent: true } }]);
  });
}

const sameHash = (stored: string | null, given: string) =>
  stored !== null && stored.length === given.length && timingSafeEqual(Buffer.from(stored), Buffer.from(given));

/** The link from the confirmation mail, opened by the person it was sent for: the pending address becomes theirs. */
export async function confirmEmail(ctx: AdminContext, principal: Principal, token: string): Promise<Profile> {
  const given = tokenHash(token);
  await ctx.db.transaction().execute(async (trx) => {
    const person = await personById(trx, principal.userId);
    if (!person) throw personGone();
    if (!person.email_pending || !sameHash(person.email_token_sha256, given)) {
      throw new Refusal('not-found', 'EMAIL_TOKEN_UNKNOWN', 'This link does not confirm an address of yours; open the newest link, logged in as yourself.');
    }
    const now = new Date();
    if (!person.email_token_expires_at || new Date(person.email_token_expires_at) <= now) {
      throw new Refusal('conflict', 'EMAIL_TOKEN_EXPIRED', 'The link has expired; ask for a new one on your profile.');
    }
    if (!(await confirmPendingEmail(trx, person.id, given, now))) throw new Refusal('conflict', 'EMAIL_TOKEN_EXPIRED', 'The link has expired; ask for a new one on your profile.');
    await appendEvents(trx, ctx.eventChains, [{ type: 'EMAIL_CONFIRMED', actor: `user:${person.id}`, data: { userId: person.id } }]);
  });
  return profileOf(ctx, principal);
}
