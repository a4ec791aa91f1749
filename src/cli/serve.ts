import cluster from 'node:cluster';
import { loadConfig, type Config } from '../config.ts';
import { DEMO } from '../demo/index.ts';
import { prepareStore, startKuvert } from '../server.ts';

export async function serveCommand(): Promise<void> {
  const config = loadConfig();
  if (config.workers > 1 && config.databaseUrl) {
    if (cluster.isPrimary) return primary(config);
    const worker = await startKuvert(config, { seed: false });
    process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
    return;
  }
  if (config.workers > 1) process.stderr.write('WORKERS > 1 needs PostgreSQL (DATABASE_URL): PGlite runs in one process. Starting one.\n');
  const kuvert = await startKuvert(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  const lines = [
    '',
    `Kuvert is running on ${config.publicUrl}  (storage: ${where})`,
    `  Portal        ${config.publicUrl}/${config.oidcIssuer ? '' : config.demoData ? '  (test login with the demo people: see the README)' : '  (development login without people: set OIDC_ISSUER for real logins)'}`,
    `  API           ${config.publicUrl}/apis/v1`,
    `  API docs      ${config.publicUrl}/docs`,
    ...(kuvert.systemTlsPort() ? [`  API (mTLS)    https://${config.systemTlsHost === '0.0.0.0' ? 'localhost' : config.systemTlsHost}:${kuvert.systemTlsPort()}/apis/v1  (client certificates; ${config.systemTlsCert ? 'SYSTEM_TLS_CERT' : `self-signed certificate in ${config.dataDir}/system-tls`}; see docs/certificates.md)`] : []),
    ...(config.smtpEnabled ? [`  Secure mail   smtp://${config.smtpHost}:${kuvert.gateway.smtpPort() ?? config.smtpPort} (STARTTLS) for *@${config.mailDomain}; see docs/email-gateway.md`] : []),
    ...(config.outbox ? [`  Mail outbox   ${config.publicUrl}/dev/outbox  (mail Kuvert sends to people${config.smtpUrl ? '; also sent through SMTP_URL' : ', kept here: SMTP_URL is not set'})`] : []),
    ...(config.databaseUrl ? [] : [`  Operator      kuvert registry|system|org … go through this server while it runs (${config.dataDir}/operator.json)`]),
  ];
  if (config.demoData) {
    const s = DEMO.systems;
    lines.push(
      '',
      'Demo systems (HTTP Basic, id:secret):',
      `  ${s.authoritySender.name} (sender, CVR ${DEMO.authority.cvr})  ${s.authoritySender.id}:${s.authoritySender.secret}`,
      `  ${s.companyRecipient.name} (recipient, CVR ${DEMO.company.cvr})  ${s.companyRecipient.id}:${s.companyRecipient.secret}`,
      `  ${s.authorityRecipient.name} (recipient, CVR ${DEMO.authority.cvr})  ${s.authorityRecipient.id}:${s.authorityRecipient.secret}`,
      `Demo citizens: ${DEMO.citizens.map((c) => `${c.name} (${c.status})`).join(', ')} — CPR numbers in the README`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  const stop = async (signal: string) => {
    kuvert.app.log.info(`${signal}: shutting down`);
    await kuvert.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** Migrates and seeds once, then forks the HTTP workers (they share the port) and restarts any that dies. */
async function primary(config: Config): Promise<void> {
  await prepareStore(config);
  for (let i = 0; i < config.workers; i++) cluster.fork();
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(`worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
    cluster.fork();
  });
  process.stdout.write(`Kuvert is running on ${config.publicUrl} with ${config.workers} workers (storage: PostgreSQL)\n`);
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 5000).unref();
    cluster.on('exit', () => { if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0); });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
