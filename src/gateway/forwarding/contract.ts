/** What the secure e-mail administration API returns; shared with the web app (types only). */
import type { ForwardingRule } from '../../domain/forwarding-rules.ts';

export interface CertificateView {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  fingerprintSha256: string;
  emailAddresses: string[];
  isCa: boolean;
  canSign: boolean;
  canEncrypt: boolean;
  keyAlgorithm: string;
  keyBits?: number;
}

export interface DeadLetter { jobId: number; messageId: string; label: string; receivedAt: string; attempts: number; lastError: string | null; failedAt: string }

export type ForwardingStatusView = 'pending' | 'active' | 'paused' | 'disabled';

export interface SecureMailView {
  forwarding: null | {
    address: string;
    status: ForwardingStatusView;
    statusReason: string | null;
    scope: 'all' | 'rules';
    rules: ForwardingRule[];
    certificate: CertificateView;
    confirmedAt: string | null;
    waiting: number;
    deadLetters: DeadLetter[];
  };
  signingCertificates: Array<{ id: string } & CertificateView>;
  /** certificates that expire within 30 days (or have) */
  warnings: Array<{ certificate: 'receiving' | 'signing'; fingerprintSha256: string; subject: string; notAfter: string; daysLeft: number }>;
  gatewayAddress: string;
}
