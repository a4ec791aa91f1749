import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Db } from '../../store/index.ts';
import { enqueueJobs, appendEvents, storeInboundMail } from '../../store/index.ts';
import { ownedTarget } from './recipients.ts';

export const INBOUND_JOB = 'mail.inbound';
const MAX_RECIPIENTS = 100;

export interface SmtpServerOptions {
  db: Db;
  eventChains: number;
  domain: string;
  maxBytes: number;
  tls: { cert: string; key: string };
  /** called after a mail is stored and its job written (wakes the worker) */
  onStored(): void;
  onError(err: unknown): void;
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The inbound SMTP server: takes mail only for addresses Kuvert owns (550 in the dialogue otherwise),
 * stores each mail with its processing job in one transaction and only then answers 250, so an
 * accepted mail survives a crash. Decryption, signature checks and delivery happen in the job.
 * Addresses may hold CPR numbers: they are never logged.
 */
export function createSmtpServer(options: SmtpServerOptions): SMTPServer {
  const server = new SMTPServer({
    name: options.domain,
    banner: 'Kuvert Digital Post gateway',
    size: options.maxBytes,
    key: options.tls.key,
    cert: options.tls.cert,
    authOptional: true,
    disabledCommands: ['AUTH'],
    logger: false,
    maxClients: 200,
    socketTimeout: 120_000,
    closeTimeout: 10_000,
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpError(452, '4.5.3 Too many recipients'));
      ownedTarget(options.db, address.address, options.domain).then((target) => {
        callback(target ? undefined : smtpError(550, `5.1.1 No such Digital Post address under ${options.domain}`));
      }, (err: unknown) => {
        options.onError(err);
        callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
      });
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= options.maxBytes) chunks.push(chunk);
      });
      stream.once('error', (err) => callback(err));
      stream.once('end', () => {
        if (stream.sizeExceeded || size > options.maxBytes) {
          return callback(smtpError(552, `5.3.4 Message too big: the limit is ${Math.floor(options.maxBytes / 1024 / 1024)} MB`));
        }
        const raw = Buffer.concat(chunks, size);
        storeInbound(options, session, raw).then((id) => {
          callback(null, `2.0.0 Queued as ${id}`);
          options.onStored();
        }, (err: unknown) => {
          options.onError(err);
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        });
      });
    },
  });
  server.on('error', options.onError);
  return server;
}

async function storeInbound(options: SmtpServerOptions, session: SMTPServerSession, raw: Buffer): Promise<string> {
  const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
  return options.db.transaction().execute(async (trx) => {
    const id = await storeInboundMail(trx, {
      remoteAddress: session.remoteAddress ?? null,
      mailFrom: from,
      rcptTo: session.envelope.rcptTo.map((r) => r.address),
      raw,
    });
    await enqueueJobs(trx, [{ kind: INBOUND_JOB, payload: { inboundId: id }, maxAttempts: 20 }]);
    await appendEvents(trx, options.eventChains, [{
      type: 'MAIL_RECEIVED', actor: 'smtp', data: { inboundId: id, size: raw.length, recipients: session.envelope.rcptTo.length },
    }]);
    return id;
  });
}
