import type { AttentionSummary } from '../store/index.ts';
import type { Summary } from '../contract/index.ts';

export type { Summary } from '../contract/index.ts';

export interface SummaryRow {
  id: string;
  message_uuid: string;
  label: string;
  sender_label: string;
  attachment_count: number;
  reply_allowed: boolean;
  reply_by: Date | string | null;
  p_number: string | null;
  attention: AttentionSummary | string | null;
  thread_id: string;
  created_at: Date | string;
  read_at: Date | string | null;
  flagged: boolean;
  folder_id: string;
  handled_at: Date | string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** A listed message: its row, with the parties as the registry names them (senders.ts), never the letter's own label as the sender. */
/** What toSummary needs beyond the row: who really sent and received it. */
export interface VerifiedParties {
  senderName: string;
  senderLabel: string | null;
  recipientName: string;
  sent: boolean;
  answered: boolean;
  replyId: string | null;
}

export function toSummary(row: SummaryRow, parties: VerifiedParties): Summary {
  const attention = typeof row.attention === 'string' ? JSON.parse(row.attention) as AttentionSummary | null : row.attention;
  return {
    id: row.id,
    messageUUID: row.message_uuid,
    label: row.label,
    ...parties,
    receivedAt: iso(row.created_at),
    read: row.read_at !== null,
    flagged: row.flagged,
    folderId: row.folder_id,
    attachmentCount: row.attachment_count,
    replyAllowed: row.reply_allowed,
    replyBy: row.reply_by === null ? null : iso(row.reply_by),
    pNumber: row.p_number,
    // named by the portal for a page at a time (production-units.ts)
    pUnitName: null,
    attentionPerson: attention?.person ?? null,
    threadId: row.thread_id,
    handled: row.handled_at !== null,
  };
}
