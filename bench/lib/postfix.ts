/**
 * The baseline MTA of bench/smtp.ts: Postfix accepting SMTP on loopback and delivering over LMTP to
 * Dovecot, which writes Maildir files — with the whole configuration, queue and mail store in one
 * temporary folder, so the machine's own mail set-up (if any) is neither used nor touched.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, closeSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server.ts';
import { log } from './run.ts';

const run = promisify(execFile);

/**
 * Runs a command that starts a daemon: the daemon would inherit pipes and keep execFile waiting for
 * their end, so its output goes to a file and only the command's exit is awaited.
 */
async function runDaemonStarter(command: string, args: string[], outputFile: string): Promise<void> {
  const fd = openSync(outputFile, 'a');
  try {
    const child = spawn(command, args, { stdio: ['ignore', fd, fd] });
    const code = await new Promise<number | null>((resolve, reject) => { child.once('error', reject); child.once('exit', (c) => resolve(c)); });
    if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}: ${tail(outputFile, 10)}`);
  } finally {
    closeSync(fd);
  }
}

const BINARIES = ['/usr/sbin/postfix', '/usr/sbin/dovecot', '/usr/lib/dovecot/lmtp'];
const PACKAGES = ['postfix', 'dovecot-core', 'dovecot-lmtpd'];

/**
 * Installs Debian's postfix, dovecot-core and dovecot-lmtpd when they are missing (as root, with apt-get;
 * Postfix's debconf question answered "No configuration", so nothing system-wide is set up or started by it).
 */
export async function ensureMailPackages(): Promise<void> {
  if (BINARIES.every((file) => existsSync(file))) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`the baseline needs ${PACKAGES.join(', ')} (missing: ${BINARIES.filter((f) => !existsSync(f)).join(', ')}); `
      + `install them as root (apt-get install ${PACKAGES.join(' ')}) or run with --skip-baseline`);
  }
  log(`installing ${PACKAGES.join(', ')} with apt-get (once) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const debconf = spawnSync('debconf-set-selections', { input: 'postfix postfix/main_mailer_type select No configuration\n', env });
  if (debconf.status !== 0) log(`debconf-set-selections: ${debconf.stderr?.toString() ?? debconf.error?.message}`);
  const install = async () => run('apt-get', ['install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=600', ...PACKAGES],
    { env, maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
  try {
    await install();
  } catch {
    await run('apt-get', ['update', '-q', '-o', 'DPkg::Lock::Timeout=600'], { env, maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 });
    await install();
  }
  const missing = BINARIES.filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`apt-get installed ${PACKAGES.join(', ')}, but ${missing.join(', ')} is still missing`);
}

/** uid and gid of a system user, from /etc/passwd. */
function userIds(name: string): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function tail(file: string, lines = 30): string {
  try { return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
}

export interface DeliveredFile {
  /** Maildir file */
  path: string;
  /** when Dovecot wrote it (ms since the epoch) */
  mtimeMs: number;
}

export interface MailBaseline {
  /** Postfix's SMTP port on 127.0.0.1 */
  smtpPort: number;
  lmtpPort: number;
  dir: string;
  /** master process ids, for CPU accounting */
  roots(): { postfix: number | undefined; dovecot: number | undefined };
  /** files in the Maildirs' new/ folders */
  deliveredCount(): number;
  deliveredFiles(): DeliveredFile[];
  /** the first `bytes` bytes of a delivered file (its headers) */
  head(file: string, bytes?: number): string;
  logs(): string;
  /** stops both (gracefully, then SIGKILL) and removes the folder; safe to call twice */
  stop(): Promise<void>;
}

const MASTER_CF = (smtpPort: number) => `# written by bench/lib/postfix.ts: smtpd on loopback, LMTP out, no chroot, no local delivery
127.0.0.1:${smtpPort} inet n - n - - smtpd
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
proxywrite unix - - n - 1 proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
lmtp      unix  - - n - - lmtp
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
`;

/**
 * Starts Postfix (`postfix -c <dir>/postfix-config start`) and Dovecot (`dovecot -c <dir>/dovecot/dovecot.conf`)
 * on free loopback ports. Postfix takes mail for `domains` only (virtual mailbox domains, every local part
 * accepted), relays for 127.0.0.0/8 only, does no DNS and no local delivery, and hands everything to
 * Dovecot's LMTP listener; Dovecot stores it as maildir:<dir>/mail/<local part>/ (static userdb, the uid of
 * the `dovecot` system user). Both keep their default durability (Postfix fsyncs its queue files, Dovecot
 * its Maildir files) and log each mail to files in the folder.
 */
export async function startMailBaseline(options: {
  domains: string[];
  maxMessageBytes: number;
  /** receives stop() before anything is started, so that a run stopped during the start cleans up too */
  onStop(stop: () => Promise<void>): void;
}): Promise<MailBaseline> {
  const mailUser = userIds('dovecot') ?? userIds('vmail');
  if (!mailUser) throw new Error('no "dovecot" (or "vmail") system user for the baseline\'s mail files; is dovecot-core installed?');
  const postfixUser = userIds('postfix');
  if (!postfixUser) throw new Error('no "postfix" system user; is postfix installed?');
  const dir = mkdtempSync(join(tmpdir(), 'kuvert-bench-mta-'));
  chmodSync(dir, 0o711); // Dovecot delivers as the mail user, who must get through to mail/
  const [smtpPort, lmtpPort] = [await freePort(), await freePort()];
  const config = join(dir, 'postfix-config'); // root-owned, as postfix-script checks
  const queue = join(dir, 'postfix-queue');
  const data = join(dir, 'postfix-data');
  const dovecotDir = join(dir, 'dovecot');
  const mail = join(dir, 'mail');
  for (const d of [config, queue, data, join(dovecotDir, 'run'), join(dovecotDir, 'state'), mail]) mkdirSync(d, { recursive: true });
  chownSync(data, postfixUser.uid, postfixUser.gid);
  chownSync(mail, mailUser.uid, mailUser.gid);
  const postfixLog = join(dir, 'postfix.log');
  const dovecotLog = join(dir, 'dovecot.log');
  const dovecotConf = join(dovecotDir, 'dovecot.conf');

  writeFileSync(join(config, 'main.cf'), `# written by bench/lib/postfix.ts
compatibility_level = 3.6
config_directory = ${config}
queue_directory = ${queue}
data_directory = ${data}
mail_owner = postfix
setgid_group = postdrop
myhostname = baseline.localhost
mydomain = localhost
myorigin = $myhostname
inet_interfaces = loopback-only
inet_protocols = ipv4
mydestination =
local_recipient_maps =
local_transport = error:local delivery is disabled
alias_maps =
alias_database =
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
virtual_mailbox_domains = ${options.domains.join(', ')}
virtual_transport = lmtp:inet:127.0.0.1:${lmtpPort}
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
smtpd_peername_lookup = no
message_size_limit = ${Math.max(10_240_000, options.maxMessageBytes)}
maillog_file_prefixes = ${dir}
maillog_file = ${postfixLog}
biff = no
append_dot_mydomain = no
readme_directory = no
`);
  writeFileSync(join(config, 'master.cf'), MASTER_CF(smtpPort));
  writeFileSync(dovecotConf, `# written by bench/lib/postfix.ts
base_dir = ${join(dovecotDir, 'run')}
state_dir = ${join(dovecotDir, 'state')}
instance_name = kuvert-bench-${smtpPort}
protocols = lmtp
listen = 127.0.0.1
ssl = no
log_path = ${dovecotLog}
info_log_path = ${dovecotLog}
mail_location = maildir:${mail}/%n
first_valid_uid = ${mailUser.uid}
mail_uid = ${mailUser.uid}
mail_gid = ${mailUser.gid}
passdb {
  driver = static
  args = nopassword=y
}
userdb {
  driver = static
  args = uid=${mailUser.uid} gid=${mailUser.gid} home=${mail}/%n
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${lmtpPort}
  }
}
`);

  const postfixPidFile = join(queue, 'pid', 'master.pid');
  const dovecotPidFile = join(dovecotDir, 'run', 'master.pid');
  let postfixPid: number | undefined;
  let dovecotPid: number | undefined;
  let stopped = false;
  // last resort if the bench dies without its cleanup (the daemons detach, so nothing else would end them)
  const onExit = () => { for (const pid of [postfixPid, dovecotPid]) if (alive(pid)) try { process.kill(pid!, 'SIGTERM'); } catch { /* gone */ } };
  process.once('exit', onExit);
  const logs = () => `--- postfix.log\n${tail(postfixLog)}\n--- dovecot.log\n${tail(dovecotLog)}`;

  const waitGone = async (pid: number | undefined, ms: number) => {
    const deadline = Date.now() + ms;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) try { process.kill(pid!, 'SIGKILL'); } catch { /* gone */ }
  };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    postfixPid ??= readPid(postfixPidFile);
    dovecotPid ??= readPid(dovecotPidFile);
    if (alive(postfixPid)) {
      await run('postfix', ['-c', config, 'stop'], { timeout: 20_000 }).catch(() => { /* killed below if still there */ });
      await waitGone(postfixPid, 10_000);
    }
    if (alive(dovecotPid)) {
      await run('dovecot', ['-c', dovecotConf, 'stop'], { timeout: 20_000 }).catch(() => { /* killed below if still there */ });
      await waitGone(dovecotPid, 10_000);
    }
    process.off('exit', onExit);
    rmSync(dir, { recursive: true, force: true });
  };

  const waitListening = async (port: number, what: string, pidFile: string) => {
    const deadline = Date.now() + 20_000;
    while (!(await listening(port))) {
      if (Date.now() > deadline) throw new Error(`${what} is not listening on 127.0.0.1:${port} after 20 s:\n${logs()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return readPid(pidFile);
  };

  options.onStop(stop);
  const starterLog = join(dir, 'start.log');
  try {
    try {
      await runDaemonStarter('dovecot', ['-c', dovecotConf], starterLog);
    } catch (err) {
      throw new Error(`dovecot did not start: ${(err as Error).message}\n${logs()}`);
    } finally {
      dovecotPid = readPid(dovecotPidFile);
    }
    dovecotPid = (await waitListening(lmtpPort, 'Dovecot LMTP', dovecotPidFile)) ?? dovecotPid;
    try {
      await runDaemonStarter('postfix', ['-c', config, 'check'], starterLog);
      await runDaemonStarter('postfix', ['-c', config, 'start'], starterLog);
    } catch (err) {
      throw new Error(`postfix did not start: ${(err as Error).message}\n${logs()}`);
    } finally {
      postfixPid = readPid(postfixPidFile);
    }
    postfixPid = (await waitListening(smtpPort, 'Postfix smtpd', postfixPidFile)) ?? postfixPid;
  } catch (err) {
    await stop();
    throw err;
  }

  const newDirs = () => {
    let users: string[];
    try { users = readdirSync(mail); } catch { return []; }
    return users.map((u) => join(mail, u, 'new'));
  };
  return {
    smtpPort,
    lmtpPort,
    dir,
    roots() {
      postfixPid ??= readPid(postfixPidFile);
      dovecotPid ??= readPid(dovecotPidFile);
      return { postfix: postfixPid, dovecot: dovecotPid };
    },
    deliveredCount() {
      let n = 0;
      for (const d of newDirs()) { try { n += readdirSync(d).length; } catch { /* not created yet */ } }
      return n;
    },
    deliveredFiles() {
      const files: DeliveredFile[] = [];
      for (const d of newDirs()) {
        let names: string[];
        try { names = readdirSync(d); } catch { continue; }
        for (const name of names) {
          const path = join(d, name);
          files.push({ path, mtimeMs: statSync(path).mtimeMs });
        }
      }
      return files;
    },
    head(file, bytes = 8192) {
      const fd = openSync(file, 'r');
      try {
        const buffer = Buffer.alloc(bytes);
        const n = readSync(fd, buffer, 0, bytes, 0);
        return buffer.subarray(0, n).toString('latin1');
      } finally {
        closeSync(fd);
      }
    },
    logs,
    stop,
  };
}
