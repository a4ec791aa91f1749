export type {
  AttentionInput, DsnInput, DsnRecipient, DsnStatus, ForwardDocument, ForwardInput, LetterFields, MailAddress, MessageHeaders, NoticeInput, ThreadFields,
} from './types.ts';
export { forwardEntity, METADATA_FILENAMES } from './forward.ts';
export { outerMessage } from './outer.ts';
export { noticeEntity } from './notice.ts';
export { deliveryStatusNotification } from './dsn.ts';
export { memoHeaderXml } from './memo-header.ts';
export { attentionXml, ATTENTION_NAMESPACE } from './attention.ts';
export { threadXml, parseThreadXml, THREAD_NAMESPACE } from './thread.ts';
export { letterXml, LETTER_NAMESPACE } from './letter.ts';
export { headerValue, splitHeaderBlock } from './header-block.ts';
