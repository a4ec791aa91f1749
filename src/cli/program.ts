import { Command, CommanderError } from 'commander';
import { stderr, stdout, withIo, type CliIo } from './io.ts';

// Each command loads its own modules when it runs: a command line starts in a fraction of the time
// the whole program takes to load (the server, the gateway, the web app's routes).
const commands = () => import('./commands.ts');
const systems = () => import('./systems.ts');
const operatorKeys = () => import('./operator-keys.ts');

/**
 * Runs `kuvert <argv>` to its end and gives its exit code. Settings and output are the process's, or
 * `io`'s when the command line runs inside another program (the tests); `serve` runs only as its own process.
 */
export async function runKuvert(argv: readonly string[], io?: CliIo): Promise<number> {
  return io ? withIo(io, () => run(argv)) : run(argv);
}

async function run(argv: readonly string[]): Promise<number> {
  let code = 0;
  // exitOverride: --help and a wrong command line end in an exit code here (inherited by every command made below), not in process.exit
  const program = new Command('kuvert').description('Kuvert — open-source Digital Post')
    .exitOverride().configureOutput({ writeOut: stdout, writeErr: stderr });

  const connection = (command: Command) => command
    .option('--url <url>', 'Kuvert server (env KUVERT_URL)', undefined)
    .option('--system <id>', 'system id (env KUVERT_SYSTEM_ID)')
    .option('--secret <secret>', 'system secret (env KUVERT_SYSTEM_SECRET)');

  program.command('serve', { isDefault: true }).description('run the server (configured by environment variables)').action(async () => (await import('./serve.ts')).serveCommand());

  connection(program.command('send').argument('<file>', 'MeMo XML file').description('send one MeMo message as a sender system'))
    .action(async (file, flags) => { code = await (await commands()).sendCommand(file, flags); });

  connection(program.command('fetch').description('save waiting messages as a recipient system, then acknowledge them'))
    .requiredOption('--out <dir>', 'folder for the MeMo files')
    .option('--keep', 'leave the messages in the queue (no receipt, no removal)')
    .action(async (flags) => { code = await (await commands()).fetchCommand(flags); });

  connection(program.command('send-bulk').argument('<dir>', 'folder of MeMo XML files').description('send every .xml file in a folder'))
    .option('--concurrency <n>', 'requests in flight', '8')
    .option('--report <file>', 'write every receipt to this JSON file')
    .action(async (dir, flags) => { code = await (await commands()).sendBulkCommand(dir, flags); });

  program.command('verify-events').description('recompute the event hash chains and report any tampering (reads the configured database)')
    .action(async () => { code = await (await import('./verify.ts')).verifyEventsCommand(); });

  program.command('mail-certificate').description('secure e-mail gateway certificates (reads the configured database)')
    .command('add').argument('<cvr>', 'the organisation').argument('<file>', 'certificate, PEM or DER')
    .description('register a signing certificate of an organisation\'s mail system: mail signed with it is accepted as the organisation\'s')
    .action(async (cvr, file) => { code = await (await import('./mail.ts')).addMailCertificateCommand(cvr, file); });

  const system = program.command('system').description('systems that send or fetch mail for an organisation (the configured database, or the server that holds it; docs/admin.md)');
  system.command('create').description('make a system and print its id and secret (shown only once)')
    .requiredOption('--cvr <cvr>', 'the organisation').requiredOption('--kind <kind>', 'sender or recipient').requiredOption('--name <name>', 'unique within the organisation')
    .option('--json', 'print one line of JSON: id, secret, name, kind, organisationCvr')
    .action(async (flags) => { code = await (await systems()).createSystemCommand(flags); });
  system.command('list').description('list systems').option('--cvr <cvr>', 'only this organisation\'s').option('--json', 'print JSON')
    .action(async (flags) => { code = await (await systems()).listSystemsCommand(flags); });
  system.command('rotate').argument('<id>', 'the system').description('give a system a new secret; the old one keeps working for the grace period')
    .option('--grace-hours <hours>', 'how long the old secret keeps working (0: not at all)', '24').option('--json', 'print one line of JSON')
    .action(async (id, flags) => { code = await (await systems()).rotateSecretCommand(id, flags); });
  system.command('disable').argument('<id>', 'the system').description('disable a system: it can no longer authenticate')
    .action(async (id) => { code = await (await systems()).disableSystemCommand(id); });
  // systems' client certificates for mutual TLS (docs/certificates.md)
  const certificates = () => import('./certificates.ts');
  const systemCertificate = system.command('certificate').description('client certificates a system presents over HTTPS (mutual TLS) with its secret');
  systemCertificate.command('add').argument('<systemId>', 'the system').argument('<file>', 'the certificate, PEM or DER')
    .description('register a client certificate: from then on the system must present it').option('--json', 'print the certificate as JSON')
    .action(async (systemId, file, flags) => { code = await (await certificates()).addSystemCertificateCommand(systemId, file, flags); });
  systemCertificate.command('list').argument('<systemId>', 'the system').description('list a system\'s client certificates').option('--json', 'print JSON')
    .action(async (systemId, flags) => { code = await (await certificates()).listSystemCertificatesCommand(systemId, flags); });
  systemCertificate.command('remove').argument('<systemId>', 'the system').argument('<certificate>', 'its id, or its SHA-256 fingerprint')
    .description('remove a client certificate; without any the system authenticates with its secret alone')
    .action(async (systemId, certificate) => { code = await (await certificates()).removeSystemCertificateCommand(systemId, certificate); });

  program.command('registry').description('organisations and citizens (the configured database, or the server that holds it; docs/admin.md)')
    .command('import').argument('<file>', 'registry file (JSON shaped after CVR and CPR extracts)')
    .description('create and update the organisations and citizens the file names (others are left alone); refused whole if anything is wrong')
    .option('--json', 'print the report (or the problems) as JSON').option('--dry-run', 'check and report, write nothing')
    .action(async (file, flags) => { code = await (await import('./registry.ts')).registryImportCommand(file, flags); });

  program.command('org').description('organisations (the configured database, or the server that holds it; docs/admin.md)')
    .command('invite-admin').argument('<cvr>', 'the organisation').argument('<email>', 'who is invited')
    .description('invite the organisation\'s first administrator: prints a single-use link, which is also mailed')
    .option('--json', 'print one line of JSON: id, link, expiresAt, email, cvr')
    .action(async (cvr, email, flags) => { code = await (await import('./organisations.ts')).inviteAdminCommand(cvr, email, flags); });

  program.command('doctor').argument('<cvr>', 'the organisation')
    .description('"Test om det virker": the self-test of an organisation\'s set-up, end to end, through a running server (docs/doctor.md); exit 0 only when every check is green')
    .option('--url <url>', 'the server (env KUVERT_URL; default: the one running on DATA_DIR)')
    .option('--key <name:secret>', 'an operator key (env KUVERT_OPERATOR_KEY; default: the running server\'s own, from DATA_DIR/operator.json)')
    .option('--lang <da|en>', 'language of the report', 'da').option('--json', 'print the report as one line of JSON')
    .action(async (cvr, flags) => { code = await (await import('./doctor.ts')).doctorCommand(cvr, flags); });

  const operatorKey = program.command('operator').description('the operator API, /api/operator (opens the configured database; docs/admin.md)')
    .command('key').description('operator keys: the operator API\'s credentials');
  operatorKey.command('create').description('make a key and print its secret (shown only once)')
    .requiredOption('--name <name>', 'unique; letters, digits, ".", "_", "-"').option('--json', 'print one line of JSON: name, secret')
    .action(async (flags) => { code = await (await operatorKeys()).createOperatorKeyCommand(flags); });
  operatorKey.command('list').description('list keys (never their secrets)').option('--json', 'print JSON')
    .action(async (flags) => { code = await (await operatorKeys()).listOperatorKeysCommand(flags); });
  operatorKey.command('revoke').argument('<name>', 'the key').description('revoke a key at once')
    .action(async (name) => { code = await (await operatorKeys()).revokeOperatorKeyCommand(name); });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    stderr(`kuvert: ${(err as Error).message}\n`);
    return 1;
  }
  return code;
}
