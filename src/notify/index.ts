/** Mail Kuvert sends to people (access requests, confirmations, invitations): sending, and the development outbox. */
export { sendMailHandler, NO_RELAY, type SendMailOptions } from './send.ts';
export { composeMail, type ComposedMail } from './message.ts';
export { outboxMails } from './outbox.ts';
export { SEND_MAIL_JOB } from '../store/index.ts';
