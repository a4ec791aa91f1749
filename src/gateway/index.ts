import type { SMTPServer } from 'smtp-server';
import type { Config } from '../config.ts';
import type { SendContext } from '../delivery/index.ts';
import { FORWARD_JOB, type JobHandler } from '../store/index.ts';
import { loadGatewayKeys, type GatewayKeys } from './identity.ts';
import { inboundHandler, DSN_JOB } from './inbound/process.ts';
import { createSmtpServer, INBOUND_JOB } from './inbound/smtp-server.ts';
import type { OutboundDeps } from './outbound/deps.ts';
import { dsnHandler } from './outbound/dsn.ts';
import { forwardHandler, gatewayFrom } from './outbound/forward.ts';
import { checkCertificates, confirmHandler, noticeHandler, NOTICE_JOB } from './outbound/notices.ts';
import { createMailTransport, type MailTransport } from './outbound/transport.ts';
import { CONFIRM_JOB } from './forwarding/confirmation.ts';

export { loadGatewayKeys, type GatewayKeys } from './identity.ts';
export { checkCertificates, crossedThresholds } from './outbound/notices.ts';
export { CONFIRM_JOB, confirmTokenHash, WARNING_DAYS } from './forwarding/confirmation.ts';
export { describeCertificate, parseCertificates, selfSignedCertificate, SmimeError, type CertificateInfo } from './smime/index.ts';
export { createMailTransport, type MailTransport } from './outbound/transport.ts';
export { INBOUND_JOB, DSN_JOB };

const CERTIFICATE_CHECK_MS = 3600_000;

export interface Gateway {
  /** Kuvert's S/MIME and TLS keys, loaded (or generated) on first use */
  keys(): Promise<GatewayKeys>;
  /** Kuvert's From address: the e-mail address of its S/MIME certificate */
  address(): Promise<string>;
  transport: MailTransport;
  handlers: Record<string, JobHandler>;
  /** starts the hourly certificate check and, with `smtp`, the SMTP server; `wake` runs due jobs now */
  start(options: { smtp: boolean; wake(): void; log(err: unknown, what: string): void }): Promise<void>;
  smtpPort(): number | undefined;
  close(): Promise<void>;
}

/** The secure e-mail gateway: SMTP in with S/MIME, forwarding out, DSNs, confirmations and certificate warnings. */
export function createGateway(config: Config, ctx: SendContext, transport: MailTransport = createMailTransport(config.smtpUrl)): Gateway {
  let loaded: Promise<GatewayKeys> | undefined;
  const keys = () => {
    loaded ??= loadGatewayKeys(config);
    return loaded;
  };
  const deps: OutboundDeps = { keys, transport, domain: config.mailDomain, publicUrl: config.publicUrl, eventChains: ctx.eventChains };
  const handlers: Record<string, JobHandler> = {
    [INBOUND_JOB]: inboundHandler({ ctx, keys, domain: config.mailDomain }),
    [DSN_JOB]: dsnHandler(deps),
    [FORWARD_JOB]: forwardHandler(deps),
    [CONFIRM_JOB]: confirmHandler(deps),
    [NOTICE_JOB]: noticeHandler(deps),
  };
  let server: SMTPServer | undefined;
  let timer: NodeJS.Timeout | undefined;
  return {
    keys, transport, handlers,
    address: async () => gatewayFrom(await keys(), config.mailDomain),
    async start({ smtp, wake, log }) {
      deps.warn = (message) => log(new Error(message), 'certificate expiry');
      const check = () => checkCertificates(deps, ctx.db).then(wake, (err: unknown) => log(err, 'certificate check failed'));
      timer = setInterval(check, CERTIFICATE_CHECK_MS);
      timer.unref();
      void check();
      if (!smtp || !config.smtpEnabled) return;
      const { tls } = await keys();
      server = createSmtpServer({
        db: ctx.db, eventChains: ctx.eventChains, domain: config.mailDomain, maxBytes: config.mailMaxBytes, tls,
        onStored: wake, onError: (err) => log(err, 'SMTP server error'),
      });
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.server.once('error', reject);
        listening.listen(config.smtpPort, config.smtpHost, () => { listening.server.off('error', reject); resolve(); });
      });
    },
    smtpPort() {
      const address = server?.server.address();
      return address && typeof address === 'object' ? address.port : undefined;
    },
    async close() {
      if (timer) clearInterval(timer);
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      transport.close();
    },
  };
}
