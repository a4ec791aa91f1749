import type { PartyKind } from '../domain/index.ts';
import type { MemoMessage } from '../memo/index.ts';
import type { ContactPointLimits } from '../store/index.ts';
import type { SendRefusal } from './receipt.ts';
import { readableFiles } from './summary.ts';

/**
 * A contact point's own settings, for every door (docs/admin.md, "Contact points"): who may write to
 * it (new messages only: a reply to a letter is always let through) and its limits: the size of the
 * MeMo document, the number of attachments and their file types (every readable file after the main
 * document's first, by the extension of its file name).
 */

export interface ContactPointVerdict {
  refusal: SendRefusal;
  code: 'CONTACT_POINT_WRITER_NOT_ALLOWED' | 'MESSAGE_TOO_LARGE' | 'TOO_MANY_ATTACHMENTS' | 'ATTACHMENT_TYPE_NOT_ALLOWED';
  message: string;
}

const WRITERS: Record<PartyKind, string> = { citizen: 'citizens', company: 'companies', authority: 'authorities' };

const extensionOf = (filename: string) => (filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1).toLowerCase() : '');

export function contactPointVerdict(
  contactPoint: Pick<ContactPointLimits, 'who_may_write' | 'memo_size_threshold_mb' | 'allowed_attachments' | 'allowed_file_types'>,
  message: { sender: PartyKind; reply: boolean; memo: MemoMessage; size: number },
): ContactPointVerdict | undefined {
  if (!message.reply && !contactPoint.who_may_write.includes(message.sender)) {
    const allowed = contactPoint.who_may_write.map((w) => WRITERS[w]).join(', ');
    return { refusal: 'forbidden', code: 'CONTACT_POINT_WRITER_NOT_ALLOWED', message: `This contact point takes new messages only from ${allowed}.` };
  }
  if (message.size > contactPoint.memo_size_threshold_mb * 1024 * 1024) {
    return { refusal: 'not-allowed', code: 'MESSAGE_TOO_LARGE', message: `The message may be at most ${contactPoint.memo_size_threshold_mb} MB for this contact point.` };
  }
  const attachments = readableFiles(message.memo).slice(1);
  if (attachments.length > contactPoint.allowed_attachments) {
    return { refusal: 'not-allowed', code: 'TOO_MANY_ATTACHMENTS', message: `At most ${contactPoint.allowed_attachments} attachments may be sent to this contact point.` };
  }
  const types = contactPoint.allowed_file_types;
  if (types && attachments.some((file) => !types.includes(extensionOf(file.filename)))) {
    return { refusal: 'not-allowed', code: 'ATTACHMENT_TYPE_NOT_ALLOWED', message: `This contact point takes attachments of these types only: ${types.join(', ')}.` };
  }
  return undefined;
}
