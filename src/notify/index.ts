/** Mail Kuvert sends to people (access requests, confirmations, invitations, notifications of new mail): sending, digests, and the development outbox. */
export { sendMailHandler, NO_RELAY, type SendMailOptions } from './send.ts';
export { composeMail, type ComposedMail } from './message.ts';
export { outboxMails } from './outbox.ts';
export { notifyDigestHandler, runDigestRound, UNSUBSCRIBE_PATH, type DigestOptions } from './digest.ts';
export { digestMail, type DigestContent, type DigestFolder } from './digest-mail.ts';
export { SEND_MAIL_JOB, NOTIFY_DIGEST_JOB } from '../store/index.ts';
