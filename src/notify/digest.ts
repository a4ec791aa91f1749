import { createHash, randomBytes } from 'node:crypto';
import {
  appendEvents, claimPending, dropPending, JobDeferred, lockDigestRound, notifiedMailboxes, pendingRecipients, queueMails, recordDigests,
  type ClaimedLetter, type Db, type Executor, type Job, type NewEvent, type PendingRecipient, type SentDigest,
} from '../store/index.ts';
import { digestMail, type DigestFolder } from './digest-mail.ts';

export interface DigestOptions {
  eventChains: number;
  /** PUBLIC_URL, without a trailing slash: the links in the mail */
  publicUrl: string;
  /** NOTIFY_INTERVAL_MINUTES: at most one digest per address and mailbox per interval */
  intervalMinutes: number;
}

/** Recipients mailed in one transaction; a round goes on with the next ones at once. */
const CHUNK = 500;
/** With an interval of 0 the job still looks in now and then when nothing waits. */
const IDLE_WITHOUT_INTERVAL_MS = 5000;

/** The path of the unsubscribe page (src/api/notifications.ts). */
export const UNSUBSCRIBE_PATH = '/notifications/unsubscribe';

/**
 * Job handler for `notify.digest`: one round (see runDigestRound), then the job waits for the next one
 * — when the oldest waiting letter's interval is up, or one interval on when nothing waits. It is one
 * job for all of Kuvert, written by the first delivery that left something for it.
 */
export function notifyDigestHandler(options: DigestOptions) {
  return async (_job: Job, db: Db): Promise<void> => {
    const next = await runDigestRound(db, options);
    throw new JobDeferred(next, 'waits for the next round of notifications');
  };
}

interface Group {
  mailboxId: string;
  email: string;
  members: PendingRecipient[];
  dueAt: number;
}

/**
 * Mails a digest to every address whose interval is up: the first letter waiting for it arrived at
 * least an interval ago, and so did the last digest to it for the same mailbox. It counts the letters
 * by the folder they arrived in; letters read or deleted since, or in folders a person may no longer
 * see, are not counted; no letters, no mail. What
 * waits for an address that is no longer confirmed, has unsubscribed or belongs to a person without a
 * confirmed address is dropped. Returns when the next round is due. Rounds do not overlap: a second one waits for the first.
 */
export async function runDigestRound(db: Db, options: DigestOptions, now: () => Date = () => new Date()): Promise<Date> {
  const interval = options.intervalMinutes * 60_000;
  const idle = interval > 0 ? interval : IDLE_WITHOUT_INTERVAL_MS;
  for (;;) {
    const round = await db.transaction().execute(async (trx) => {
      await lockDigestRound(trx);
      const at = now();
      const recipients = await pendingRecipients(trx);
      await dropPending(trx, recipients.filter((r) => r.email === null || r.unsubscribed));
      const groups = new Map<string, Group>();
      for (const r of recipients) {
        if (r.email === null || r.unsubscribed) continue;
        const key = `${r.mailboxId} ${r.email.toLowerCase()}`;
        const dueAt = Math.max(r.firstAt.getTime(), r.lastAt?.getTime() ?? 0) + interval;
        const group = groups.get(key);
        if (group) {
          group.members.push(r);
          group.dueAt = Math.min(group.dueAt, dueAt);
        } else {
          groups.set(key, { mailboxId: r.mailboxId, email: r.email, members: [r], dueAt });
        }
      }
      const due = [...groups.values()].filter((g) => g.dueAt <= at.getTime());
      const waiting = [...groups.values()].filter((g) => g.dueAt > at.getTime());
      await sendDigests(trx, options, due.slice(0, CHUNK), at);
      const next = waiting.reduce((soonest, g) => Math.min(soonest, g.dueAt), at.getTime() + idle);
      return { next: new Date(next), more: due.length > CHUNK };
    });
    if (!round.more) return round.next;
  }
}

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Counts per folder (Indbakke first, then by name) of the letters a recipient is to be told of. */
function foldersOf(letters: readonly ClaimedLetter[]): DigestFolder[] {
  const byFolder = new Map<string, { name: string; inbox: boolean; messages: Set<string> }>();
  for (const l of letters) {
    if (!l.unread || l.deleted || !l.visible) continue;
    const folder = byFolder.get(l.folderId) ?? { name: l.folderName, inbox: l.folderKind === 'INBOX', messages: new Set<string>() };
    folder.messages.add(l.messageId);
    byFolder.set(l.folderId, folder);
  }
  return [...byFolder.values()]
    .sort((a, b) => Number(b.inbox) - Number(a.inbox) || a.name.localeCompare(b.name, 'da'))
    .map((f) => ({ name: f.name, letters: f.messages.size }));
}

async function sendDigests(trx: Executor, options: DigestOptions, groups: readonly Group[], at: Date): Promise<void> {
  if (groups.length === 0) return;
  const claimed = await claimPending(trx, groups.flatMap((g) => g.members));
  const mailboxes = await notifiedMailboxes(trx, groups.map((g) => g.mailboxId));
  const whose = (l: ClaimedLetter) => `${l.mailboxId} ${l.addressId ?? l.userId}`;
  const lettersOf = new Map<string, ClaimedLetter[]>();
  for (const l of claimed) {
    const list = lettersOf.get(whose(l));
    if (list) list.push(l);
    else lettersOf.set(whose(l), [l]);
  }

  const digests: Array<Omit<SentDigest, 'outgoingMailId'>> = [];
  const mails = [];
  for (const group of groups) {
    const mailbox = mailboxes.get(group.mailboxId);
    if (!mailbox || mailbox.status !== 'active') continue;
    const letters = group.members.flatMap((m) => lettersOf.get(`${m.mailboxId} ${m.addressId ?? m.userId}`) ?? []);
    const folders = foldersOf(letters);
    const count = folders.reduce((n, f) => n + f.letters, 0);
    if (count === 0) continue;
    const token = randomBytes(32).toString('base64url');
    mails.push(digestMail({
      to: group.email,
      organisation: mailbox.organisationId ? { id: mailbox.organisationId, name: mailbox.organisationName ?? '' } : null,
      folders,
      link: `${options.publicUrl}/postkasse/${mailbox.id}`,
      unsubscribeLink: `${options.publicUrl}${UNSUBSCRIBE_PATH}?token=${token}`,
    }));
    digests.push({
      mailboxId: group.mailboxId, email: group.email, letters: count, unsubscribeTokenSha256: hashOf(token),
      addressId: group.members.find((m) => m.addressId)?.addressId ?? null, userId: group.members.find((m) => m.userId)?.userId ?? null,
    });
  }
  const ids = await queueMails(trx, mails);
  const sent = digests.map((d, i) => ({ ...d, outgoingMailId: ids[i]! }));
  await recordDigests(trx, sent, at);
  await appendEvents(trx, options.eventChains, sent.map((d): NewEvent => ({
    type: 'NOTIFICATION_SENT', actor: 'kuvert', mailboxId: d.mailboxId,
    data: { mailId: d.outgoingMailId, letters: d.letters, ...(d.addressId ? { addressId: d.addressId } : {}), ...(d.userId ? { userId: d.userId } : {}) },
  })));
}
