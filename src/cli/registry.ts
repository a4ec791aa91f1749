import { readFile, stat } from 'node:fs/promises';
import { importRegistry, type RegistryImportReport } from '../admin/index.ts';
import { REGISTRY_FILE_MAX_BYTES, type RegistryProblem } from '../domain/index.ts';
import { operatorCommand } from './database.ts';
import { stdout, stderr, fromCwd } from './io.ts';

/**
 * `kuvert registry import <file> [--json] [--dry-run]`: loads organisations and citizens from a registry
 * file into the configured database (docs/admin.md). Prints CVR numbers, and CPR numbers only masked.
 */
export async function registryImportCommand(file: string, flags: { json?: boolean; dryRun?: boolean }): Promise<number> {
  const refused = (problems: RegistryProblem[], message: string, code = 'REGISTRY_FILE_INVALID') => {
    if (flags.json) stdout(`${JSON.stringify({ ok: false, code, message, problems }, null, 2)}\n`);
    stderr(`kuvert: ${message}\n`);
    for (const p of problems) stderr(`  ${p.path || '(file)'}: ${p.code}: ${p.message}\n`);
    return 1;
  };
  const size = (await stat(fromCwd(file))).size;
  if (size > REGISTRY_FILE_MAX_BYTES) {
    return refused([{ path: '', code: 'FILE_TOO_LARGE', message: `The file is larger than ${REGISTRY_FILE_MAX_BYTES / 1024 / 1024} MB.` }],
      'The registry file has 1 problem; nothing was imported.');
  }
  const input = await readFile(fromCwd(file));
  const print = (report: RegistryImportReport) => { stdout(flags.json ? `${JSON.stringify({ ok: true, ...report }, null, 2)}\n` : describeReport(report)); };
  return operatorCommand({
    direct: async ({ db, eventChains }) => print(await importRegistry(db, eventChains, input, { actor: 'cli', dryRun: flags.dryRun === true })),
    server: async (api) => print(await api.call<RegistryImportReport>('POST', `/registry?dryRun=${flags.dryRun === true}`, input)),
  }, (err) => { refused((err.details ?? []) as RegistryProblem[], `${err.code}: ${err.message}`, err.code); });
}

/** The report as lines: counts, then one line for each party created, changed or closed. */
export function describeReport(report: RegistryImportReport): string {
  const count = (c: RegistryImportReport['organisations']) => `${c.created} created, ${c.changed} changed, ${c.closed} closed, ${c.unchanged} unchanged`;
  const lines = [
    report.dryRun ? 'dry run: nothing was written' : 'imported',
    `organisations: ${count(report.organisations)}`,
    `citizens: ${count(report.citizens)}`,
    ...report.parties.filter((p) => p.outcome !== 'unchanged')
      .map((p) => `  ${p.outcome} ${p.party} ${p.label}${p.changes.length > 0 ? ` (${p.changes.join(', ')})` : ''}`),
  ];
  return `${lines.join('\n')}\n`;
}
