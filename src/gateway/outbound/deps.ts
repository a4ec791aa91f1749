import type { GatewayKeys } from '../identity.ts';
import type { MailTransport } from './transport.ts';

export interface OutboundDeps {
  /** loaded on first use (generating a key pair takes a moment) */
  keys(): Promise<GatewayKeys>;
  transport: MailTransport;
  domain: string;
  publicUrl: string;
  eventChains: number;
  /** operator warnings (Kuvert's own certificate); logged */
  warn?(message: string): void;
}
