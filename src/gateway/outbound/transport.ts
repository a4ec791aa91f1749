import nodemailer, { type Transporter } from 'nodemailer';

export interface MailTransport {
  /** sends a complete RFC 5322 message; resolves with the remote server's answer, rejects with its reason */
  send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<string>;
  close(): void;
}

export class TransportNotConfigured extends Error {
  constructor() { super('SMTP_URL is not set: Kuvert has no mail server to send through'); }
}

/** Pooled SMTP connections to SMTP_URL (smtp://, smtps://, with ?pool options), made on first use. */
export function createMailTransport(smtpUrl: string | undefined, maxConnections = 4): MailTransport {
  let transporter: Transporter | undefined;
  return {
    async send(envelope, raw) {
      if (!smtpUrl) throw new TransportNotConfigured();
      transporter ??= nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections, maxMessages: 1000, connectionTimeout: 30_000, socketTimeout: 120_000 } as never);
      const info = await transporter.sendMail({ envelope: { from: envelope.from, to: envelope.to }, raw });
      if ((info.rejected?.length ?? 0) > 0) throw new Error(`rejected by the remote server: ${String(info.response)}`);
      return String(info.response);
    },
    close() { transporter?.close(); transporter = undefined; },
  };
}
