import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { describeCertificate, generateIdentity, loadIdentity, parseCertificates, type CertificateInfo, type Identity } from './smime/index.ts';

export interface GatewayKeys {
  /** Kuvert's S/MIME identity: signs what Kuvert mails, decrypts what is encrypted to it */
  smime: Identity;
  smimeInfo: CertificateInfo;
  smimeCertPem: string;
  /** STARTTLS certificate and key (PEM) */
  tls: { cert: string; key: string };
  /** CAs allowed to issue mail-system certificates (MAIL_CA_FILE); empty = registered certificates are pinned */
  trustAnchors: Buffer[];
}

/**
 * Reads the configured certificates, or on first start generates a self-signed one in DATA_DIR/gateway
 * (kept, so that senders who encrypt to it keep working across restarts).
 */
export async function loadGatewayKeys(config: Config): Promise<GatewayKeys> {
  let certPem: string;
  let keyPem: string;
  if (config.gatewayCert && config.gatewayKey) {
    certPem = readFileSync(config.gatewayCert, 'utf8');
    keyPem = readFileSync(config.gatewayKey, 'utf8');
  } else {
    const dir = join(config.dataDir, 'gateway');
    const certFile = join(dir, 'smime-cert.pem');
    const keyFile = join(dir, 'smime-key.pem');
    if (existsSync(certFile) && existsSync(keyFile)) {
      certPem = readFileSync(certFile, 'utf8');
      keyPem = readFileSync(keyFile, 'utf8');
    } else {
      const generated = await generateIdentity({ commonName: config.mailDomain, email: `digitalpost@${config.mailDomain}`, days: 825 });
      // written aside and renamed into place, so that processes starting together agree on one identity
      const staging = `${dir}.${process.pid}.tmp`;
      mkdirSync(staging, { recursive: true, mode: 0o700 });
      writeFileSync(join(staging, 'smime-key.pem'), generated.keyPem, { mode: 0o600 });
      writeFileSync(join(staging, 'smime-cert.pem'), generated.certPem);
      try {
        mkdirSync(config.dataDir, { recursive: true });
        renameSync(staging, dir);
      } catch {
        rmSync(staging, { recursive: true, force: true });
      }
      certPem = readFileSync(certFile, 'utf8');
      keyPem = readFileSync(keyFile, 'utf8');
    }
  }
  const smime = loadIdentity(certPem, keyPem);
  const tls = config.smtpTlsCert && config.smtpTlsKey
    ? { cert: readFileSync(config.smtpTlsCert, 'utf8'), key: readFileSync(config.smtpTlsKey, 'utf8') }
    : { cert: certPem, key: keyPem };
  const trustAnchors = config.mailCaFile ? parseCertificates(readFileSync(config.mailCaFile)) : [];
  return { smime, smimeInfo: describeCertificate(smime.certificate), smimeCertPem: certPem, tls, trustAnchors };
}
