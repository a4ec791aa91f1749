import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A certificate and its key made by the real `openssl` CLI. */
export interface TestCert {
  certPath: string;
  keyPath: string;
  certPem: string;
  keyPem: string;
  /** DER */
  der: Buffer;
}

export interface TestPki {
  dir: string;
  /** the test CA (trust anchor), valid 2019 … 2039 */
  ca: TestCert;
  /** CN "Kommunen mail", post@kommunen.example, signed by ca */
  authority: TestCert;
  /** sikker@demoaps.example, signed by ca */
  company: TestCert;
  /** signed by ca, valid 2020-01-01 … 2021-01-01 */
  expired: TestCert;
  /** signed by ca, keyUsage digitalSignature only */
  signOnly: TestCert;
  /** self-signed, unknown to everyone */
  stranger: TestCert;
}

const CONFIG = `
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused

[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = any
unique_subject = no
email_in_dn = yes
copy_extensions = none
[ any ]
commonName = supplied
emailAddress = optional
organizationName = optional
countryName = optional

[ smime ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = email:copy

[ sign_only ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = email:copy

[ self_signed ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
subjectAltName = email:copy
`;

function openssl(dir: string, args: string[], input?: Buffer): Buffer {
  try {
    return execFileSync('openssl', args, { cwd: dir, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args.join(' ')} failed: ${stderr || String(error)}`);
  }
}

function read(dir: string, name: string): TestCert {
  const certPath = join(dir, `${name}.pem`);
  const keyPath = join(dir, `${name}.key`);
  const certPem = readFileSync(certPath, 'utf8');
  const base64 = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(certPem)?.[1] ?? '';
  return { certPath, keyPath, certPem, keyPem: readFileSync(keyPath, 'utf8'), der: Buffer.from(base64, 'base64') };
}

/**
 * Creates a small PKI in `dir` with `openssl req` and `openssl ca` (OpenSSL 3.0 has no `x509 -not_before`,
 * so the expired certificate gets its dates from `ca -startdate/-enddate`). One RSA 2048 key per certificate.
 */
export function makeTestPki(dir: string): TestPki {
  mkdirSync(join(dir, 'issued'), { recursive: true });
  writeFileSync(join(dir, 'openssl.cnf'), CONFIG);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  const run = (args: string[]) => openssl(dir, args);
  const names = ['ca', 'authority', 'company', 'expired', 'signOnly', 'stranger'];
  // the key generations dominate the time, so they run in parallel in one shell
  execFileSync('sh', ['-c', 'pids=; for name in "$@"; do openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$name.key" & pids="$pids $!"; done; '
    + 'for pid in $pids; do wait "$pid" || exit 1; done', 'sh', ...names], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const key = (name: string) => ['-key', `${name}.key`, '-config', 'openssl.cnf'];

  // self-signed through `ca` so that the CA is valid since 2019, before the expired certificate
  run(['req', '-new', ...key('ca'), '-out', 'ca.csr', '-subj', '/C=DK/O=Kuvert Test/CN=Kuvert Test CA']);
  run(['ca', '-batch', '-config', 'openssl.cnf', '-selfsign', '-keyfile', 'ca.key', '-in', 'ca.csr', '-out', 'ca.pem', '-extensions', 'ca_ext',
    '-notext', '-preserveDN', '-startdate', '20190101000000Z', '-enddate', '20391231235959Z']);

  const issue = (name: string, subject: string, extensions: string, dates: string[]) => {
    run(['req', '-new', ...key(name), '-out', `${name}.csr`, '-subj', subject]);
    run(['ca', '-batch', '-config', 'openssl.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${name}.csr`, '-out', `${name}.pem`,
      '-extensions', extensions, '-notext', '-preserveDN', ...dates]);
  };
  const now = ['-days', '825'];
  issue('authority', '/C=DK/O=Kommunen/CN=Kommunen mail/emailAddress=post@kommunen.example', 'smime', now);
  issue('company', '/C=DK/O=Demo ApS/CN=Demo ApS sikker post/emailAddress=sikker@demoaps.example', 'smime', now);
  issue('expired', '/C=DK/O=Kommunen/CN=Old Kommunen mail/emailAddress=old@kommunen.example', 'smime', ['-startdate', '20200101000000Z', '-enddate', '20210101000000Z']);
  issue('signOnly', '/C=DK/O=Kommunen/CN=Kommunen signing only/emailAddress=sign@kommunen.example', 'sign_only', now);
  run(['req', '-x509', ...key('stranger'), '-out', 'stranger.pem', '-days', '365', '-subj', '/CN=Stranger/emailAddress=stranger@elsewhere.example', '-extensions', 'self_signed']);

  return {
    dir,
    ca: read(dir, 'ca'),
    authority: read(dir, 'authority'),
    company: read(dir, 'company'),
    expired: read(dir, 'expired'),
    signOnly: read(dir, 'signOnly'),
    stranger: read(dir, 'stranger'),
  };
}

/** Runs `openssl cms …args` (stdin = input) and returns stdout; throws with stderr on failure. */
export function opensslCms(args: string[], input?: Buffer): Buffer {
  try {
    return execFileSync('openssl', ['cms', ...args], { input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl cms ${args.join(' ')} failed: ${stderr || String(error)}`);
  }
}
