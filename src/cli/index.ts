import { Command } from 'commander';
import { fetchCommand, sendBulkCommand, sendCommand } from './commands.ts';
import { serveCommand } from './serve.ts';
import { addMailCertificateCommand } from './mail.ts';
import { verifyEventsCommand } from './verify.ts';
import { registryImportCommand } from './registry.ts';
import { createSystemCommand, disableSystemCommand, listSystemsCommand, rotateSecretCommand } from './systems.ts';
import { createOperatorKeyCommand, listOperatorKeysCommand, revokeOperatorKeyCommand } from './operator-keys.ts';
import { inviteAdminCommand } from './organisations.ts';

const program = new Command('kuvert').description('Kuvert — open-source Digital Post');

const connection = (command: Command) => command
  .option('--url <url>', 'Kuvert server (env KUVERT_URL)', undefined)
  .option('--system <id>', 'system id (env KUVERT_SYSTEM_ID)')
  .option('--secret <secret>', 'system secret (env KUVERT_SYSTEM_SECRET)');

program.command('serve', { isDefault: true }).description('run the server (configured by environment variables)').action(serveCommand);

connection(program.command('send').argument('<file>', 'MeMo XML file').description('send one MeMo message as a sender system'))
  .action(async (file, flags) => { process.exitCode = await sendCommand(file, flags); });

connection(program.command('fetch').description('save waiting messages as a recipient system, then acknowledge them'))
  .requiredOption('--out <dir>', 'folder for the MeMo files')
  .option('--keep', 'leave the messages in the queue (no receipt, no removal)')
  .action(async (flags) => { process.exitCode = await fetchCommand(flags); });

connection(program.command('send-bulk').argument('<dir>', 'folder of MeMo XML files').description('send every .xml file in a folder'))
  .option('--concurrency <n>', 'requests in flight', '8')
  .option('--report <file>', 'write every receipt to this JSON file')
  .action(async (dir, flags) => { process.exitCode = await sendBulkCommand(dir, flags); });

program.command('verify-events').description('recompute the event hash chains and report any tampering (reads the configured database)')
  .action(async () => { process.exitCode = await verifyEventsCommand(); });

program.command('mail-certificate').description('secure e-mail gateway certificates (reads the configured database)')
  .command('add').argument('<cvr>', 'the organisation').argument('<file>', 'certificate, PEM or DER')
  .description('register a signing certificate of an organisation\'s mail system: mail signed with it is accepted as the organisation\'s')
  .action(async (cvr, file) => { process.exitCode = await addMailCertificateCommand(cvr, file); });

const system = program.command('system').description('systems that send or fetch mail for an organisation (the configured database, or the server that holds it; docs/admin.md)');
system.command('create').description('make a system and print its id and secret (shown only once)')
  .requiredOption('--cvr <cvr>', 'the organisation').requiredOption('--kind <kind>', 'sender or recipient').requiredOption('--name <name>', 'unique within the organisation')
  .option('--json', 'print one line of JSON: id, secret, name, kind, organisationCvr')
  .action(async (flags) => { process.exitCode = await createSystemCommand(flags); });
system.command('list').description('list systems').option('--cvr <cvr>', 'only this organisation\'s').option('--json', 'print JSON')
  .action(async (flags) => { process.exitCode = await listSystemsCommand(flags); });
system.command('rotate').argument('<id>', 'the system').description('give a system a new secret; the old one keeps working for the grace period')
  .option('--grace-hours <hours>', 'how long the old secret keeps working (0: not at all)', '24').option('--json', 'print one line of JSON')
  .action(async (id, flags) => { process.exitCode = await rotateSecretCommand(id, flags); });
system.command('disable').argument('<id>', 'the system').description('disable a system: it can no longer authenticate')
  .action(async (id) => { process.exitCode = await disableSystemCommand(id); });

program.command('registry').description('organisations and citizens (the configured database, or the server that holds it; docs/admin.md)')
  .command('import').argument('<file>', 'registry file (JSON shaped after CVR and CPR extracts)')
  .description('create and update the organisations and citizens the file names (others are left alone); refused whole if anything is wrong')
  .option('--json', 'print the report (or the problems) as JSON').option('--dry-run', 'check and report, write nothing')
  .action(async (file, flags) => { process.exitCode = await registryImportCommand(file, flags); });

program.command('org').description('organisations (the configured database, or the server that holds it; docs/admin.md)')
  .command('invite-admin').argument('<cvr>', 'the organisation').argument('<email>', 'who is invited')
  .description('invite the organisation\'s first administrator: prints a single-use link, which is also mailed')
  .option('--json', 'print one line of JSON: id, link, expiresAt, email, cvr')
  .action(async (cvr, email, flags) => { process.exitCode = await inviteAdminCommand(cvr, email, flags); });

const operatorKey = program.command('operator').description('the operator API, /api/operator (opens the configured database; docs/admin.md)')
  .command('key').description('operator keys: the operator API\'s credentials');
operatorKey.command('create').description('make a key and print its secret (shown only once)')
  .requiredOption('--name <name>', 'unique; letters, digits, ".", "_", "-"').option('--json', 'print one line of JSON: name, secret')
  .action(async (flags) => { process.exitCode = await createOperatorKeyCommand(flags); });
operatorKey.command('list').description('list keys (never their secrets)').option('--json', 'print JSON')
  .action(async (flags) => { process.exitCode = await listOperatorKeysCommand(flags); });
operatorKey.command('revoke').argument('<name>', 'the key').description('revoke a key at once')
  .action(async (name) => { process.exitCode = await revokeOperatorKeyCommand(name); });

program.parseAsync().catch((err: Error) => {
  process.stderr.write(`kuvert: ${err.message}\n`);
  process.exitCode = 1;
});
