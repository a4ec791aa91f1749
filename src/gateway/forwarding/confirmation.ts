import { createHash, randomBytes } from 'node:crypto';

/** The job that mails an administrator the link that confirms a forwarding address. */
export const CONFIRM_JOB = 'mail.confirm';
/** Days before a certificate expires on which its owners are warned. */
export const WARNING_DAYS = [30, 14, 7, 1] as const;

export const confirmTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export function newConfirmToken(): { token: string; sha256: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, sha256: confirmTokenHash(token) };
}
