import type { SendOutcome } from '../../delivery/index.ts';
import { REFUSAL_STATUS } from '../errors.ts';

/** 201 a new message, 200 an identical resend, else the refusal's status (nothing stored). */
export function sendStatus(outcome: SendOutcome): 200 | 201 | 400 | 403 | 409 | 422 {
  if (outcome.result === 'accepted') return 201;
  if (outcome.result === 'resent') return 200;
  return REFUSAL_STATUS[outcome.refusal];
}
