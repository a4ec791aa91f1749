import { readFile } from 'node:fs/promises';
import { listSystemCertificates, registerSystemCertificate, removeSystemCertificate } from '../admin/index.ts';
import type { OperatorSystemCertificateRemoved, SystemCertificateView } from '../contract/index.ts';
import { operatorCommand } from './database.ts';
import { table } from './table.ts';
import { stdout, stderr, fromCwd } from './io.ts';

/**
 * `kuvert system certificate add | list | remove`: systems' client certificates for mutual TLS
 * (docs/certificates.md), on the configured database or through the server that holds it.
 */

const ACTOR = 'cli';
const line = (text: string) => { stdout(`${text}\n`); };
const path = (systemId: string) => `/systems/${encodeURIComponent(systemId)}/certificates`;

/** A certificate file as PEM text: PEM as it is, DER armoured (the operator API takes JSON). */
export function asPem(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  if (text.includes('-----BEGIN ')) return bytes.toString('utf8');
  return `-----BEGIN CERTIFICATE-----\n${bytes.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

function describe(c: SystemCertificateView): string[] {
  return [
    `subject:     ${c.subject}`,
    `issuer:      ${c.issuer}`,
    `serial:      ${c.serialNumber}`,
    `valid:       ${c.notBefore} – ${c.notAfter} (${c.daysLeft} days left)`,
    `fingerprint: ${c.fingerprintSha256} (SHA-256)`,
    `id:          ${c.id}`,
  ];
}

/** `kuvert system certificate add <systemId> <file> [--json]` */
export async function addSystemCertificateCommand(systemId: string, file: string, flags: { json?: boolean }): Promise<number> {
  const bytes = await readFile(fromCwd(file));
  const print = (c: SystemCertificateView) => {
    if (flags.json) return line(JSON.stringify(c));
    line(`registered a client certificate for system "${c.systemName}" (${c.systemId})`);
    for (const text of describe(c)) line(text);
    stderr('From now on (within 10 seconds on a running server) the system must present this certificate over HTTPS (SYSTEM_TLS_PORT) with its secret.\n');
  };
  return operatorCommand({
    direct: async ({ db, eventChains }) => print(await registerSystemCertificate(db, eventChains, ACTOR, systemId, bytes)),
    server: async (api) => print(await api.call<SystemCertificateView>('POST', path(systemId), { certificate: asPem(bytes) })),
  });
}

/** `kuvert system certificate list <systemId> [--json]` */
export async function listSystemCertificatesCommand(systemId: string, flags: { json?: boolean }): Promise<number> {
  const print = (list: SystemCertificateView[]) => {
    if (flags.json) line(JSON.stringify(list));
    else if (list.length === 0) line(`system ${systemId} has no client certificates (it authenticates with its secret alone)`);
    else {
      line(table([
        ['ID', 'STATE', 'NOT AFTER', 'DAYS LEFT', 'SERIAL', 'SUBJECT', 'FINGERPRINT (SHA-256)'],
        ...list.map((c) => [c.id, c.state, c.notAfter, String(c.daysLeft), c.serialNumber, c.subject, c.fingerprintSha256]),
      ]));
    }
  };
  return operatorCommand({
    direct: async ({ db }) => print(await listSystemCertificates(db, systemId)),
    server: async (api) => print(await api.call<SystemCertificateView[]>('GET', path(systemId))),
  });
}

/** `kuvert system certificate remove <systemId> <certificate id or SHA-256 fingerprint>` */
export async function removeSystemCertificateCommand(systemId: string, certificate: string): Promise<number> {
  const print = (removed: OperatorSystemCertificateRemoved) =>
    line(`removed the client certificate "${removed.subject}" (serial ${removed.serialNumber}) of system ${systemId}`);
  return operatorCommand({
    direct: async ({ db, eventChains }) => print(await removeSystemCertificate(db, eventChains, ACTOR, systemId, certificate)),
    server: async (api) => print(await api.call<OperatorSystemCertificateRemoved>('DELETE', `${path(systemId)}/${encodeURIComponent(certificate)}`)),
  });
}
