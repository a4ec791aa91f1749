import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  databaseSchema: string | undefined;
  dataDir: string;
  dbPoolSize: number;
  bodyLimitBytes: number;
  logLevel: string;
  demoData: boolean;
  eventChains: number;
  jobPollMs: number;
  /** how long a claimed job is reserved; a crashed worker's jobs are taken over after it */
  jobLeaseSeconds: number;
  /** minutes between checks whether mailboxes are emptied and recipient systems fetch (docs/emptying.md); 0 = never */
  emptyingCheckMinutes: number;
  /** OpenID Connect broker; undefined = the bundled development provider at /dev-idp */
  oidcIssuer: string | undefined;
  oidcClientId: string;
  oidcClientSecret: string;
  oidcClaimCpr: string;
  oidcClaimCvr: string;
  /** the claim (true or "true") that marks an organisation's lead administrator, who becomes its super-administrator (MitID Erhverv "LRA") */
  oidcClaimLeadAdmin: string;
  sessionHours: number;
  /** the sliding idle timeout of a session (minutes; a fraction, e.g. 0.5, for tests): the web app warns before it and autosaves what is typed */
  sessionIdleMinutes: number;
  /** HTTP worker processes (PostgreSQL only; PGlite lives in one process) */
  workers: number;
  /** the secure e-mail gateway (docs/email-gateway.md) */
  smtpEnabled: boolean;
  smtpHost: string;
  smtpPort: number;
  mailDomain: string;
  mailMaxBytes: number;
  /** outbound relay for forwarding, DSNs and notices; undefined = outbound mail waits with an error an administrator sees */
  smtpUrl: string | undefined;
  /** From of the mail Kuvert sends to people (access requests, invitations); default `Kuvert <no-reply@MAIL_DOMAIN>` */
  mailFrom: string;
  /** keep mail to people in the development outbox (/dev/outbox) when SMTP_URL is unset; default: DEMO_DATA */
  outbox: boolean;
  /** notifications of new mail: at most one e-mail per address and mailbox per this many minutes (0: at the next round, within seconds) */
  notifyIntervalMinutes: number;
  smtpTlsCert: string | undefined;
  smtpTlsKey: string | undefined;
  /** Kuvert's own S/MIME certificate and key (PEM files); undefined = generated in DATA_DIR/gateway on first start */
  gatewayCert: string | undefined;
  gatewayKey: string | undefined;
  /** PEM bundle of CAs that may issue mail-system certificates; undefined = a registered certificate is its own anchor */
  mailCaFile: string | undefined;
  /** the system API over HTTPS with client certificates (docs/certificates.md) */
  systemTlsEnabled: boolean;
  systemTlsHost: string;
  systemTlsPort: number;
  /** its server certificate and key (PEM files); undefined = generated in DATA_DIR/system-tls on first start */
  systemTlsCert: string | undefined;
  systemTlsKey: string | undefined;
}

export class ConfigError extends Error {}

/** An integer setting ≥ `min`, or `fallback` when unset; ConfigError otherwise. */
export function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

/** A number ≥ `min` (fractions allowed), or `fallback` when unset; ConfigError otherwise. */
function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new ConfigError(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

/** Every setting Kuvert reads from the environment; the README lists them with these defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST || '127.0.0.1';
  const port = int(env, 'PORT', 8080);
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    host,
    port,
    publicUrl: (env.PUBLIC_URL || `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).replace(/\/$/, ''),
    databaseUrl,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    dataDir: resolve(env.DATA_DIR || 'data'),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1),
    bodyLimitBytes: int(env, 'BODY_LIMIT_MB', 50, 1) * 1024 * 1024,
    logLevel: env.LOG_LEVEL || 'info',
    demoData: bool(env, 'DEMO_DATA', databaseUrl === undefined),
    eventChains: int(env, 'EVENT_CHAINS', 16, 1),
    jobPollMs: int(env, 'JOB_POLL_MS', 1000, 10),
    jobLeaseSeconds: int(env, 'JOB_LEASE_SECONDS', 300, 1),
    emptyingCheckMinutes: int(env, 'EMPTYING_CHECK_MINUTES', 15, 0),
    oidcIssuer: env.OIDC_ISSUER || undefined,
    oidcClientId: env.OIDC_CLIENT_ID || 'kuvert-portal',
    oidcClientSecret: env.OIDC_CLIENT_SECRET || 'kuvert-dev-idp-client-secret',
    oidcClaimCpr: env.OIDC_CLAIM_CPR || 'cpr',
    oidcClaimCvr: env.OIDC_CLAIM_CVR || 'cvr',
    oidcClaimLeadAdmin: env.OIDC_CLAIM_LEAD_ADMIN || 'lra',
    sessionHours: int(env, 'SESSION_HOURS', 8, 1),
    sessionIdleMinutes: positiveNumber(env, 'SESSION_IDLE_MINUTES', 30, 0.25),
    workers: int(env, 'WORKERS', 1, 1),
    smtpEnabled: bool(env, 'SMTP_ENABLED', true),
    smtpHost: env.SMTP_HOST || host,
    smtpPort: int(env, 'SMTP_PORT', 2525),
    mailDomain: (env.MAIL_DOMAIN || 'kuvert.localhost').toLowerCase(),
    mailMaxBytes: int(env, 'MAIL_MAX_MB', 50, 1) * 1024 * 1024,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || `Kuvert <no-reply@${(env.MAIL_DOMAIN || 'kuvert.localhost').toLowerCase()}>`,
    outbox: bool(env, 'OUTBOX', bool(env, 'DEMO_DATA', databaseUrl === undefined)),
    notifyIntervalMinutes: int(env, 'NOTIFY_INTERVAL_MINUTES', 15),
    smtpTlsCert: env.SMTP_TLS_CERT || undefined,
    smtpTlsKey: env.SMTP_TLS_KEY || undefined,
    gatewayCert: env.GATEWAY_CERT || undefined,
    gatewayKey: env.GATEWAY_KEY || undefined,
    mailCaFile: env.MAIL_CA_FILE || undefined,
    systemTlsEnabled: bool(env, 'SYSTEM_TLS_ENABLED', true),
    systemTlsHost: env.SYSTEM_TLS_HOST || host,
    systemTlsPort: int(env, 'SYSTEM_TLS_PORT', 8443),
    systemTlsCert: env.SYSTEM_TLS_CERT || undefined,
    systemTlsKey: env.SYSTEM_TLS_KEY || undefined,
  };
}
