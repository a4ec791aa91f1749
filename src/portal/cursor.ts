import { Refusal } from '../domain/index.ts';

/**
 * Keyset position in a message list: the (created_at, message_id) of the last message of a page,
 * as in index message_state_folder. The time keeps PostgreSQL's microseconds (a JS Date would
 * lose them and repeat or skip messages). Opaque to clients.
 */
export interface Cursor {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ` */
  at: string;
  messageId: string;
}

const AT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at}|${cursor.messageId}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  const [at, messageId, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !at || !messageId || !AT.test(at) || !UUID.test(messageId) || Number.isNaN(Date.parse(at))) {
    throw new Refusal('invalid', 'CURSOR_INVALID', 'The cursor is not one this server gave out; start again without it.');
  }
  return { at, messageId };
}
