import type { FastifyInstance } from 'fastify';
import { hostname } from 'node:os';
import { issueLocalOperatorKey, localUrl, removeLocalOperator, writeLocalOperator } from './admin/index.ts';
import { MONITORING_JOB, monitoringCompactionHandler, STATISTICS_JOB, statisticsCompactionHandler } from './admin/index.ts';
import { startEmptyingWatch } from './admin/index.ts';
import { buildApp, listenSystemTls, loadSystemTlsKeys, loggerOptions, type SystemTlsListener } from './api/index.ts';
import type { Config } from './config.ts';
import { seedDemoData } from './demo/index.ts';
import { RELEASE_JOB, releaseHandler, type SendContext } from './delivery/index.ts';
import { createGateway, loadGatewayKeys, type Gateway, type MailTransport } from './gateway/index.ts';
import { NO_RELAY, NOTIFY_DIGEST_JOB, notifyDigestHandler, SEND_MAIL_JOB, sendMailHandler } from './notify/index.ts';
import { ensureEventChains, openStore, releaseOrphanedJobs, startWorker, wakeWaitingMail, type Store, type Worker } from './store/index.ts';

export interface Kuvert {
  app: FastifyInstance;
  store: Store;
  worker: Worker;
  ctx: SendContext;
  gateway: Gateway;
  seeded: boolean;
  /** the port of the system API over HTTPS with client certificates (docs/certificates.md), when it listens */
  systemTlsPort(): number | undefined;
  close(): Promise<void>;
}

export interface StartOptions {
  /** listen on config.host:config.port (false: only `app.inject`) */
  listen?: boolean;
  logger?: boolean;
  memory?: boolean;
  schema?: string;
  /** seed the demo data when configured (false in cluster workers: the primary did it) */
  seed?: boolean;
  /** run the SMTP server (default: when listening) */
  smtp?: boolean;
  /** outbound mail transport (default: SMTP_URL) */
  transport?: MailTransport;
}

/** Migrates the database and seeds the demo data where configured, then closes it again. */
export async function prepareStore(config: Config): Promise<void> {
  const store = await openStore({ ...config, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) });
  try {
    await ensureEventChains(store.db, config.eventChains);
    if (config.demoData) await seedDemoData(store.db, config.eventChains);
    await loadGatewayKeys(config);
    // the system API's generated HTTPS certificate, once, before the workers read it
    if (config.systemTlsEnabled) await loadSystemTlsKeys(config);
  } finally {
    await store.close();
  }
}

/** `DATA_DIR/operator.json` naming the local operator key and this server's address, once it listens (docs/admin.md). */
async function writeLocalCredentials(config: Config, key: Awaited<ReturnType<typeof issueLocalOperatorKey>>, app: FastifyInstance): Promise<void> {
  const address = app.server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  await writeLocalOperator(config.dataDir, { ...key, url: localUrl(config.host, port) });
}

/** Opens the store, migrates, seeds the demo data where configured, and starts the API and the job worker. */
export async function startKuvert(config: Config, options: StartOptions = {}): Promise<Kuvert> {
  const schema = options.schema ?? config.databaseSchema;
  const store = await openStore({ ...config, ...(options.memory ? { memory: true } : {}), ...(schema ? { schema } : {}) });
  try {
    await ensureEventChains(store.db, config.eventChains);
    const seeded = config.demoData && options.seed !== false ? await seedDemoData(store.db, config.eventChains) : false;
    const ctx: SendContext = { db: store.db, eventChains: config.eventChains };
    const gateway = createGateway(config, ctx, options.transport);
    const app = await buildApp({
      ctx, config, gateway: { address: gateway.address, certificatePem: async () => (await gateway.keys()).smimeCertPem, mailDomain: config.mailDomain }, bodyLimitBytes: config.bodyLimitBytes, publicUrl: config.publicUrl,
      ...(options.logger === false ? {} : { logger: loggerOptions(config.logLevel) }),
    });
    // PGlite is one process (the data-folder lock): jobs still marked running were cut off by a crash
    if (store.kind === 'pglite') await releaseOrphanedJobs(store.db);
    // mail to people: through the gateway's pooled transport; waiting mail is tried at once (the relay or the outbox may be new)
    const relay = options.transport !== undefined || config.smtpUrl !== undefined;
    if (!relay && !config.outbox) app.log.warn(`${NO_RELAY}: mail to people (access requests, invitations) waits until it is; OUTBOX=true keeps it at /dev/outbox instead`);
    await wakeWaitingMail(store.db);
    const sendMail = sendMailHandler({ transport: gateway.transport, relay, outbox: config.outbox, from: config.mailFrom, domain: config.mailDomain });
    const worker = startWorker(store.db, { [RELEASE_JOB]: releaseHandler(config.eventChains), [SEND_MAIL_JOB]: sendMail, [STATISTICS_JOB]: statisticsCompactionHandler(), [MONITORING_JOB]: monitoringCompactionHandler(),
      [NOTIFY_DIGEST_JOB]: notifyDigestHandler({ eventChains: config.eventChains, publicUrl: config.publicUrl, intervalMinutes: config.notifyIntervalMinutes }), ...gateway.handlers }, {
      pollMs: config.jobPollMs,
      leaseSeconds: config.jobLeaseSeconds,
      onError: (job, err) => app.log.warn({ jobId: job.id, kind: job.kind, err: err instanceof Error ? err.message : String(err) }, 'job failed'),
    });
    // is the mailbox emptied (docs/emptying.md): alerts every EMPTYING_CHECK_MINUTES
    const emptying = startEmptyingWatch({ ...ctx, publicUrl: config.publicUrl }, {
      intervalMs: config.emptyingCheckMinutes * 60_000, wake: () => worker.wake(), onError: (err) => app.log.error({ err }, 'emptying check failed'),
    });
    const listen = options.listen !== false;
    await gateway.start({ smtp: options.smtp ?? listen, wake: () => worker.wake(), log: (err, what) => app.log.error({ err }, what) });
    // the embedded database is this process's alone: operator commands reach it through this server
    // (the key is made before listening, so the file follows the first answer by one write at most)
    const localOperator = listen && store.kind === 'pglite' && !options.memory;
    const localKey = localOperator ? await issueLocalOperatorKey(store.db, config.eventChains, hostname()) : undefined;
    if (listen) await app.listen({ host: config.host, port: config.port });
    // the same app over HTTPS, asking systems for their client certificates (docs/certificates.md)
    const systemTls: SystemTlsListener | undefined = listen && config.systemTlsEnabled
      ? await listenSystemTls(app, { host: config.systemTlsHost, port: config.systemTlsPort, keys: await loadSystemTlsKeys(config) })
      : undefined;
    if (localKey) await writeLocalCredentials(config, localKey, app);
    return {
      app, store, worker, ctx, gateway, seeded,
      systemTlsPort: () => systemTls?.port(),
      async close() {
        if (localOperator) await removeLocalOperator(config.dataDir);
        await systemTls?.close();
        await app.close();
        await gateway.close();
        await emptying.stop();
        await worker.stop();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
