import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/**
 * Systems' client certificates (system_certificate, docs/certificates.md) and what the certificate
 * overview reads of the organisation's other certificates and of the expiry warnings already given.
 */

export interface NewSystemCertificate {
  systemId: string;
  organisationId: string;
  fingerprintSha256: string;
  der: Uint8Array;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  createdBy: string;
}

/** Registers a client certificate of a system; its id and when. */
export async function insertSystemCertificate(db: Executor, certificate: NewSystemCertificate): Promise<{ id: string; created_at: Date }> {
  return db.insertInto('system_certificate').values({
    system_id: certificate.systemId, organisation_id: certificate.organisationId, fingerprint_sha256: certificate.fingerprintSha256,
    der: certificate.der, subject: certificate.subject, issuer: certificate.issuer, serial_number: certificate.serialNumber,
    not_before: certificate.notBefore, not_after: certificate.notAfter, created_by: certificate.createdBy,
  }).returning(['id', 'created_at']).executeTakeFirstOrThrow();
}

/** Whether a system (any) has this certificate registered. */
export async function isSystemCertificateRegistered(db: Executor, fingerprintSha256: string): Promise<boolean> {
  const row = await db.selectFrom('system_certificate').select('id').where('fingerprint_sha256', '=', fingerprintSha256).executeTakeFirst();
  return row !== undefined;
}

/** How many certificates the system has registered. */
export async function countSystemCertificates(db: Executor, systemId: string): Promise<number> {
  const row = await db.selectFrom('system_certificate').select((eb) => eb.fn.countAll<string>().as('n')).where('system_id', '=', systemId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

const COLUMNS = [
  'system_certificate.id', 'system_certificate.system_id', 'system_certificate.organisation_id', 'system_certificate.fingerprint_sha256',
  'system_certificate.der', 'system_certificate.subject', 'system_certificate.issuer', 'system_certificate.serial_number',
  'system_certificate.not_before', 'system_certificate.not_after', 'system_certificate.created_at', 'system_certificate.created_by',
  'system.name as system_name', 'system.kind as system_kind', 'system.status as system_status',
] as const;

/** The certificates of one system, or of every system of one organisation; by expiry, soonest first. */
export async function systemCertificatesOf(db: Executor, of: { systemId: string } | { organisationId: string }) {
  let query = db.selectFrom('system_certificate').innerJoin('system', 'system.id', 'system_certificate.system_id').select(COLUMNS);
  query = 'systemId' in of ? query.where('system_certificate.system_id', '=', of.systemId) : query.where('system_certificate.organisation_id', '=', of.organisationId);
  return query.orderBy('system_certificate.not_after').orderBy('system_certificate.id').execute();
}

export type SystemCertificateRow = Awaited<ReturnType<typeof systemCertificatesOf>>[number];

/** Removes one of the system's certificates by its id or fingerprint; what was removed, if anything. */
export async function deleteSystemCertificate(trx: Executor, systemId: string, which: { id: string } | { fingerprintSha256: string }) {
  let query = trx.deleteFrom('system_certificate').where('system_id', '=', systemId);
  query = 'id' in which ? query.where('id', '=', which.id) : query.where('fingerprint_sha256', '=', which.fingerprintSha256);
  return query.returning(['id', 'fingerprint_sha256', 'subject', 'serial_number', 'not_after']).executeTakeFirst();
}

/** What the system API checks a presented client certificate against: the system's registered certificates. */
export interface CertificatePin {
  fingerprintSha256: string;
  subject: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

/** The system's registered certificates as pins (none: the system authenticates with its secret alone). */
export async function systemCertificatePins(db: Executor, systemId: string): Promise<CertificatePin[]> {
  const rows = await db.selectFrom('system_certificate').select(['fingerprint_sha256', 'subject', 'serial_number', 'not_before', 'not_after'])
    .where('system_id', '=', systemId).execute();
  return rows.map((r) => ({
    fingerprintSha256: r.fingerprint_sha256, subject: r.subject, serialNumber: r.serial_number, notBefore: new Date(r.not_before), notAfter: new Date(r.not_after),
  }));
}

/** Certificates of active systems of active organisations that expire by `horizon` (or have): what the hourly check warns about. */
export async function expiringSystemCertificates(db: Executor, horizon: Date) {
  return db.selectFrom('system_certificate').innerJoin('system', 'system.id', 'system_certificate.system_id')
    .innerJoin('organisation', 'organisation.id', 'system_certificate.organisation_id')
    .select(['system_certificate.organisation_id', 'system_certificate.fingerprint_sha256', 'system_certificate.subject', 'system_certificate.serial_number',
      'system_certificate.not_after', 'system.id as system_id', 'system.name as system_name'])
    .where('system_certificate.not_after', '<=', horizon).where('system.status', '=', 'active').where('organisation.status', '=', 'active')
    .execute();
}

/** The thresholds (days) already warned about, per fingerprint. */
export async function certificateWarningsOf(db: Executor, fingerprints: readonly string[]): Promise<Map<string, number[]>> {
  const warned = new Map<string, number[]>();
  if (fingerprints.length === 0) return warned;
  const rows = await db.selectFrom('certificate_warning').select(['fingerprint_sha256', 'days'])
    .where('fingerprint_sha256', 'in', [...new Set(fingerprints)]).orderBy('days', 'desc').execute();
  for (const row of rows) warned.set(row.fingerprint_sha256, [...(warned.get(row.fingerprint_sha256) ?? []), row.days]);
  return warned;
}

/** The organisation's mail-system signing certificates (mail_certificate) with what the overview shows. */
export async function mailCertificateRowsOf(db: Executor, organisationId: string) {
  return db.selectFrom('mail_certificate').select(['id', 'der', 'fingerprint_sha256', 'not_after', 'created_at'])
    .where('organisation_id', '=', organisationId).orderBy('not_after').execute();
}

/** The organisation's forwarding (at most one) with its receiving certificate, unless disabled. */
export async function forwardingCertificateOf(db: Executor, organisationId: string) {
  return db.selectFrom('forwarding').select(['id', 'address', 'status', 'certificate_der', 'certificate_fingerprint', 'certificate_not_after'])
    .where('organisation_id', '=', organisationId).where('status', '<>', 'disabled').executeTakeFirst();
}

/** The organisation's systems (for choosing the one a certificate is for): id, name, kind, status; by name. */
export async function systemChoicesOf(db: Executor, organisationId: string) {
  return db.selectFrom('system').select(['id', 'name', 'kind', 'status']).where('organisation_id', '=', organisationId)
    .orderBy(sql`lower(name)`).orderBy('id').execute();
}

/** The system was refused for its client certificate: kept on the system until it presents a registered one (the self-test reads it). */
export async function recordCertificateRefusal(db: Executor, systemId: string, code: string, fingerprintSha256: string | null): Promise<void> {
  await db.updateTable('system').set({ certificate_refused_at: sql<Date>`now()`, certificate_refused_code: code, certificate_refused_fingerprint: fingerprintSha256 })
    .where('id', '=', systemId).execute();
}

/** The system presented a registered certificate: any earlier refusal is over. */
export async function clearCertificateRefusal(db: Executor, systemId: string): Promise<void> {
  await db.updateTable('system').set({ certificate_refused_at: null, certificate_refused_code: null, certificate_refused_fingerprint: null })
    .where('id', '=', systemId).where('certificate_refused_at', 'is not', null).execute();
}

/** The organisation's active systems whose client certificate was refused and who have not presented a registered one since. */
export async function systemsWithRefusedCertificates(db: Executor, organisationId: string) {
  return db.selectFrom('system').select(['id', 'name', 'kind', 'certificate_refused_at', 'certificate_refused_code', 'certificate_refused_fingerprint'])
    .where('organisation_id', '=', organisationId).where('status', '=', 'active').where('certificate_refused_at', 'is not', null)
    .orderBy('name').execute();
}
