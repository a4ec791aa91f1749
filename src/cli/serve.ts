import { loadConfig } from '../config.ts';
import { DEMO } from '../demo/index.ts';
import { startKuvert } from '../server.ts';

export async function serveCommand(): Promise<void> {
  const config = loadConfig();
  const kuvert = await startKuvert(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  const lines = [
    '',
    `Kuvert is running on ${config.publicUrl}  (storage: ${where})`,
    `  API           ${config.publicUrl}/apis/v1`,
    `  API docs      ${config.publicUrl}/docs`,
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
