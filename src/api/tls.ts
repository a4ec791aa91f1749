import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { FastifyInstance } from 'fastify';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { ConfigError, type Config } from '../config.ts';
import { selfSignedCertificate } from '../gateway/index.ts';

/**
 * The system API over HTTPS with client certificates (docs/certificates.md): a second listener of
 * the same Fastify app — every route, hook and error answer is the app's own — whose TLS asks each
 * client for a certificate. It does not judge the certificate (`rejectUnauthorized: false`): a system
 * with registered certificates is checked against them by their SHA-256 fingerprints
 * (src/api/client-certificates.ts), so neither a CA list nor the client's chain is needed, and a
 * system without one still gets in with its secret alone.
 */

export interface SystemTlsKeys {
  cert: string;
  key: string;
  /** where they came from: SYSTEM_TLS_CERT/SYSTEM_TLS_KEY, or generated in DATA_DIR/system-tls */
  source: 'configured' | 'generated';
}

const GENERATED_DAYS = 825;

/** DATA_DIR/system-tls: the generated server certificate, when none is configured. */
export const systemTlsDir = (config: Pick<Config, 'dataDir'>) => join(config.dataDir, 'system-tls');

/** Host names and addresses the generated certificate is for: localhost, the loopback addresses, HOST and PUBLIC_URL's host. */
function namesFor(config: Pick<Config, 'host' | 'systemTlsHost' | 'publicUrl'>): x509.JsonGeneralNames {
  const hosts = new Set(['localhost', '127.0.0.1', '::1', config.host, config.systemTlsHost]);
  try { hosts.add(new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, '')); } catch { /* no URL */ }
  hosts.delete('0.0.0.0');
  hosts.delete('::');
  return [...hosts].filter(Boolean).map((name) => (isIP(name) ? { type: 'ip' as const, value: name } : { type: 'dns' as const, value: name }));
}

/** A self-signed ECDSA P-256 server certificate (serverAuth) for the names above, made without openssl. */
export async function generateServerCertificate(config: Pick<Config, 'host' | 'systemTlsHost' | 'publicUrl'>, days = GENERATED_DAYS): Promise<{ cert: string; key: string }> {
  const made = await selfSignedCertificate({
    algorithm: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
    name: [{ CN: ['Kuvert system API'] }, { O: ['Kuvert'] }],
    days,
    keyUsage: x509.KeyUsageFlags.digitalSignature,
    extendedKeyUsage: [x509.ExtendedKeyUsage.serverAuth],
    altNames: namesFor(config),
  });
  return { cert: made.certificate.toString('pem'), key: createPrivateKey({ key: made.pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }) as string };
}

const stillValid = (certPem: string) => {
  try {
    return new Date(new X509Certificate(certPem).validTo).getTime() > Date.now() + 86_400_000;
  } catch {
    return false;
  }
};

/**
 * SYSTEM_TLS_CERT and SYSTEM_TLS_KEY (PEM files), or else the certificate generated in
 * DATA_DIR/system-tls on first start and kept (clients that pin it keep working across restarts); a
 * generated one that has expired, or expires within a day, is made anew.
 */
export async function loadSystemTlsKeys(config: Config): Promise<SystemTlsKeys> {
  if (config.systemTlsCert || config.systemTlsKey) {
    if (!config.systemTlsCert || !config.systemTlsKey) throw new ConfigError('SYSTEM_TLS_CERT and SYSTEM_TLS_KEY are set together (or neither)');
    return { cert: readFileSync(config.systemTlsCert, 'utf8'), key: readFileSync(config.systemTlsKey, 'utf8'), source: 'configured' };
  }
  const dir = systemTlsDir(config);
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    if (stillValid(cert)) return { cert, key: readFileSync(keyFile, 'utf8'), source: 'generated' };
  }
  const generated = await generateServerCertificate(config);
  // written aside and renamed into place, so that processes starting together agree on one certificate
  const staging = `${dir}.${process.pid}.tmp`;
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  writeFileSync(join(staging, 'key.pem'), generated.key, { mode: 0o600 });
  writeFileSync(join(staging, 'cert.pem'), generated.cert);
  try {
    mkdirSync(config.dataDir, { recursive: true });
    if (existsSync(dir) && !(existsSync(certFile) && stillValid(readFileSync(certFile, 'utf8')))) rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), source: 'generated' };
}

export interface SystemTlsListener {
  server: Server;
  /** the port it listens on (SYSTEM_TLS_PORT, or the one the system chose for 0) */
  port(): number;
  close(): Promise<void>;
}

/**
 * Listens on SYSTEM_TLS_HOST:SYSTEM_TLS_PORT with HTTPS and hands every request to the app (`app.routing`,
 * the same handler as its HTTP server's), asking each client for a certificate and accepting any
 * (see above). Call after the app is ready (it is, once `app.listen` has resolved).
 */
export async function listenSystemTls(app: FastifyInstance, options: { host: string; port: number; keys: Pick<SystemTlsKeys, 'cert' | 'key'> }): Promise<SystemTlsListener> {
  await app.ready();
  const server = createServer({
    cert: options.keys.cert, key: options.keys.key, requestCert: true, rejectUnauthorized: false,
    // as Fastify's own server: slow clients do not hold a connection for ever
    requestTimeout: 120_000, headersTimeout: 60_000, keepAliveTimeout: 72_000,
  }, app.routing);
  const sockets = new Set<Socket>();
  server.on('secureConnection', (socket: Socket) => { sockets.add(socket); socket.once('close', () => sockets.delete(socket)); });
  // a handshake that fails (a client that does not speak TLS, a refused protocol) ends that connection only
  server.on('tlsClientError', (_err, socket) => { socket.destroy(); });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => { server.off('error', reject); resolve(); });
  });
  return {
    server,
    port() {
      const address = server.address();
      return address && typeof address === 'object' ? address.port : options.port;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
