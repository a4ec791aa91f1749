import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, Db } from '../store/index.ts';

type Executor = Db | Transaction<Database>;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** 130 random bits as 26 base32 letters: unguessable, and safe in the local part of an address. */
function newToken(): string {
  const bytes = randomBytes(17);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** The reply token of a thread as mailed to a mailbox: the same token for every mail of the thread. */
export async function threadToken(db: Executor, threadId: string, mailboxId: string): Promise<string> {
  await db.insertInto('mail_thread').values({ token: newToken(), thread_id: threadId, mailbox_id: mailboxId })
    .onConflict((oc) => oc.columns(['thread_id', 'mailbox_id']).doNothing()).execute();
  const row = await db.selectFrom('mail_thread').select('token').where('thread_id', '=', threadId).where('mailbox_id', '=', mailboxId).executeTakeFirstOrThrow();
  return row.token;
}

export async function recordMessageId(db: Executor, header: string, messageId: string, mailboxId: string): Promise<void> {
  await db.insertInto('mail_message_id').values({ header, message_id: messageId, mailbox_id: mailboxId })
    .onConflict((oc) => oc.column('header').doNothing()).execute();
}

/** Where an incoming reply belongs: the message it answers, and how that was found. */
export interface ThreadMatch {
  via: 'reply-address' | 'message-id' | 'thread-file';
  messageId: string;
}

export interface ThreadClues {
  replyToken?: string | undefined;
  /** In-Reply-To first, then References from the newest */
  messageIds: string[];
  threadFileToken?: string | undefined;
}

/**
 * The first clue that is present and valid wins: the reply address, then Message-ID headers, then the
 * thread file. Valid means Kuvert issued it for a mail to `mailboxId` (the replying organisation's
 * mailbox), so a token or header copied from another organisation's mail leads nowhere.
 */
export async function findThread(db: Db, mailboxId: string, clues: ThreadClues): Promise<ThreadMatch | undefined> {
  const byToken = async (token: string | undefined) => {
    if (!token) return undefined;
    const row = await db.selectFrom('mail_thread').innerJoin('message', 'message.thread_id', 'mail_thread.thread_id')
      .select('message.id').where('mail_thread.token', '=', token).where('mail_thread.mailbox_id', '=', mailboxId)
      .where('message.recipient_mailbox_id', '=', mailboxId)
      .orderBy('message.received_at', 'desc').limit(1).executeTakeFirst();
    return row?.id;
  };
  const fromAddress = await byToken(clues.replyToken);
  if (fromAddress) return { via: 'reply-address', messageId: fromAddress };
  for (const header of clues.messageIds.slice(0, 50)) {
    const row = await db.selectFrom('mail_message_id').select('message_id').where('header', '=', header).where('mailbox_id', '=', mailboxId).executeTakeFirst();
    if (row) return { via: 'message-id', messageId: row.message_id };
  }
  const fromFile = await byToken(clues.threadFileToken);
  if (fromFile) return { via: 'thread-file', messageId: fromFile };
  return undefined;
}
