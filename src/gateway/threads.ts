import { randomBytes } from 'node:crypto';
import { latestMessageForThreadToken, messageForMailMessageId, threadTokenFor, type Db, type Executor } from '../store/index.ts';

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
  return threadTokenFor(db, threadId, mailboxId, newToken());
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
  const byToken = async (token: string | undefined) => (token ? latestMessageForThreadToken(db, token, mailboxId) : undefined);
  const fromAddress = await byToken(clues.replyToken);
  if (fromAddress) return { via: 'reply-address', messageId: fromAddress };
  for (const header of clues.messageIds.slice(0, 50)) {
    const messageId = await messageForMailMessageId(db, header, mailboxId);
    if (messageId) return { via: 'message-id', messageId };
  }
  const fromFile = await byToken(clues.threadFileToken);
  if (fromFile) return { via: 'thread-file', messageId: fromFile };
  return undefined;
}
