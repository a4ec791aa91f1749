import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config.ts';
import { ApiError } from '../api/errors.ts';
import { registerMailCertificate } from '../gateway/index.ts';
import { openStore } from '../store/index.ts';

/** `kuvert mail-certificate add <cvr> <file>`: registers a mail system's signing certificate (for operators; admins use the portal). */
export async function addMailCertificateCommand(cvr: string, file: string): Promise<number> {
  const config = loadConfig();
  const store = await openStore({ ...config, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) });
  try {
    const organisation = await store.db.selectFrom('organisation').select('id').where('cvr', '=', cvr).executeTakeFirst();
    if (!organisation) {
      process.stderr.write(`kuvert: no organisation with CVR ${cvr}\n`);
      return 1;
    }
    const id = await registerMailCertificate(store.db, config.eventChains, { system: 'cli', organisationId: organisation.id }, await readFile(file));
    process.stdout.write(`registered ${file} for CVR ${cvr} (${id})\n`);
    return 0;
  } catch (err) {
    if (err instanceof ApiError) {
      process.stderr.write(`kuvert: ${err.errorCode}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
}
