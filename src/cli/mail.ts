import { readFile } from 'node:fs/promises';
import { registerMailCertificate } from '../admin/index.ts';
import { Refusal } from '../domain/index.ts';
import { organisationIdByCvr } from '../store/index.ts';
import { withDatabase } from './database.ts';
import { stdout, fromCwd } from './io.ts';

/** `kuvert mail-certificate add <cvr> <file>`: registers a mail system's signing certificate (for operators; admins use the portal). */
export async function addMailCertificateCommand(cvr: string, file: string): Promise<number> {
  return withDatabase(async ({ db, eventChains }) => {
    const organisationId = await organisationIdByCvr(db, cvr);
    if (!organisationId) throw new Refusal('not-found', 'ORGANISATION_NOT_FOUND', `No organisation has CVR ${cvr}.`);
    const id = await registerMailCertificate(db, eventChains, { system: 'cli', organisationId }, await readFile(fromCwd(file)));
    stdout(`registered ${file} for CVR ${cvr} (${id})\n`);
  });
}
