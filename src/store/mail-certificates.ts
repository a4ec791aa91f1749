import type { Executor } from './executor.ts';

/** Certificates of organisations' mail systems (mail_certificate) and the expiry warnings already given (certificate_warning). */

/**
 * The registered certificate with this SHA-256 fingerprint, with its organisation, the organisation's
 * mailbox and its default sender system (null when it has no active sender system).
 */
export async function findSignerCertificate(db: Executor, fingerprintSha256: string) {
  return db.selectFrom('mail_certificate')
    .innerJoin('organisation', 'organisation.id', 'mail_certificate.organisation_id')
    .innerJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .select((eb) => ['mail_certificate.id', 'mail_certificate.emails', 'mail_certificate.der', 'organisation.id as organisation_id', 'organisation.cvr',
      'organisation.name', 'organisation.kind', 'organisation.status', 'mailbox.id as mailbox_id',
      eb.selectFrom('system').select('system.id').whereRef('system.organisation_id', '=', 'organisation.id').where('system.kind', '=', 'sender')
        .where('system.status', '=', 'active').where('system.is_default', '=', true).limit(1).as('system_id')])
    .where('mail_certificate.fingerprint_sha256', '=', fingerprintSha256).executeTakeFirst();
}

export type SignerCertificate = NonNullable<Awaited<ReturnType<typeof findSignerCertificate>>>;

/** Whether a certificate with this fingerprint is registered (for any organisation). */
export async function isMailCertificateRegistered(db: Executor, fingerprintSha256: string): Promise<boolean> {
  const taken = await db.selectFrom('mail_certificate').select(['organisation_id']).where('fingerprint_sha256', '=', fingerprintSha256).executeTakeFirst();
  return taken !== undefined;
}

export interface NewMailCertificate {
  organisationId: string;
  fingerprintSha256: string;
  der: Uint8Array;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** lower case */
  emails: string[];
  createdBy: string;
}

/** Registers a certificate of an organisation's mail system; returns its id. */
export async function addMailCertificate(db: Executor, certificate: NewMailCertificate): Promise<string> {
  const row = await db.insertInto('mail_certificate').values({
    organisation_id: certificate.organisationId, fingerprint_sha256: certificate.fingerprintSha256, der: certificate.der, subject: certificate.subject,
    issuer: certificate.issuer, not_before: certificate.notBefore, not_after: certificate.notAfter, emails: certificate.emails, created_by: certificate.createdBy,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Removes one of the organisation's certificates; its fingerprint, or undefined when the organisation has no such certificate. */
export async function deleteMailCertificate(db: Executor, organisationId: string, id: string): Promise<string | undefined> {
  const removed = await db.deleteFrom('mail_certificate').where('id', '=', id).where('organisation_id', '=', organisationId)
    .returning('fingerprint_sha256').executeTakeFirst();
  return removed?.fingerprint_sha256;
}

/** The organisation's registered certificates, oldest first. */
export async function mailCertificatesOf(db: Executor, organisationId: string) {
  return db.selectFrom('mail_certificate').select(['id', 'der']).where('organisation_id', '=', organisationId).orderBy('created_at').execute();
}

/** Registered certificates that expire by `horizon` (or have), each with its organisation's active or paused forwarding, if any. */
export async function expiringMailCertificates(db: Executor, horizon: Date) {
  return db.selectFrom('mail_certificate').leftJoin('forwarding', (j) => j.onRef('forwarding.organisation_id', '=', 'mail_certificate.organisation_id')
    .on('forwarding.status', 'in', ['active', 'paused']))
    .select(['mail_certificate.organisation_id', 'mail_certificate.fingerprint_sha256', 'mail_certificate.not_after', 'mail_certificate.subject', 'forwarding.id as forwarding_id'])
    .where('mail_certificate.not_after', '<=', horizon).execute();
}

/**
 * Records that a certificate's expiry was warned about at these thresholds (days left); returns the
 * thresholds that had not been recorded before — the warnings still to give. Safe from several processes.
 */
export async function recordCertificateWarnings(db: Executor, fingerprintSha256: string, days: number[], organisationId: string | null): Promise<number[]> {
  const inserted = await db.insertInto('certificate_warning').values(days.map((d) => ({ fingerprint_sha256: fingerprintSha256, days: d, organisation_id: organisationId })))
    .onConflict((oc) => oc.columns(['fingerprint_sha256', 'days']).doNothing()).returning('days').execute();
  return inserted.map((r) => r.days);
}
