import type { MemoIssue } from '../memo/index.ts';

export type ReceiptStatus = 'RECEIVED' | 'INVALID' | 'NOT_ALLOWED';

/** The technical receipt of a send, shaped as NgDP's `Receipt`. */
export interface Receipt {
  transmissionId: string | null;
  messageUUID: string | null;
  messageId: string | null;
  receiptStatus: ReceiptStatus;
  errorCode: string | null;
  errorMessage: string | null;
  timeStamp: string;
  details?: MemoIssue[];
}

export interface SendOutcome {
  /** 201 new, 200 an identical resend, 4xx refused (nothing stored) */
  httpStatus: 200 | 201 | 400 | 403 | 409 | 422;
  receipt: Receipt;
}
