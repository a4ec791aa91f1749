import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config.ts';
import { Refusal } from '../domain/index.ts';
import { registerMailCertificate } from '../admin/index.ts';
import { openStore, organisationIdByCvr } from '../store/index.ts';

/** `kuvert mail-certificate add <cvr> <file>`: registers a mail system's signing certificate (for operators; admins use the portal). */
export async function addMailCertificateCommand(cvr: string, file: string): Promise<number> {
  const config = loadConfig();
  const store = await openStore({ ...config, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) });
  try {
    const organisationId = await organisationIdByCvr(store.db, cvr);
    if (!organisationId) {
      process.stderr.write(`kuvert: no organisation with CVR ${cvr}\n`);
      return 1;
    }
    const id = await registerMailCertificate(store.db, config.eventChains, { system: 'cli', organisationId }, await readFile(file));
    process.stdout.write(`registered ${file} for CVR ${cvr} (${id})\n`);
    return 0;
  } catch (err) {
    if (err instanceof Refusal) {
      process.stderr.write(`kuvert: ${err.code}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}
