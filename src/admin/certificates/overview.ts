import type { CertificateOverview, OrganisationCertificate } from '../../contract/index.ts';
import { adminVerdict, type Principal } from '../../domain/index.ts';
import { describeCertificate, WARNING_DAYS } from '../../gateway/index.ts';
import {
  certificateWarningsOf, forwardingCertificateOf, mailCertificateRowsOf, systemCertificatesOf, systemChoicesOf, type Executor,
} from '../../store/index.ts';
import { requireRole } from '../access.ts';
import type { AdminContext } from '../context.ts';
import { certificateState, daysLeft } from './read.ts';

/** Where in the portal a certificate is renewed: systems' on the page Certifikater, mail certificates on Sikker e-mail. */
export const certificatesPath = (organisationId: string) => `/organisationer/${organisationId}/administration/certifikater`;
export const secureMailPath = (organisationId: string) => `/organisationer/${organisationId}/sikker-email`;

type Described = Pick<OrganisationCertificate, 'subject' | 'issuer' | 'serialNumber' | 'notBefore' | 'notAfter' | 'daysLeft' | 'state' | 'fingerprintSha256'>;

function described(fields: { subject: string; issuer: string; serialNumber: string; notBefore: Date; notAfter: Date; fingerprintSha256: string }, now: Date): Described {
  return {
    subject: fields.subject, issuer: fields.issuer, serialNumber: fields.serialNumber, fingerprintSha256: fields.fingerprintSha256,
    notBefore: fields.notBefore.toISOString(), notAfter: fields.notAfter.toISOString(), daysLeft: daysLeft(fields.notAfter, now),
    state: certificateState(fields.notBefore, fields.notAfter, now),
  };
}

/**
 * Every certificate the organisation has in Kuvert, soonest expiry first: its systems' client
 * certificates (mutual TLS), its mail system's signing certificates and its forwarding's receiving
 * certificate, each with what stops when it expires, the warnings already given and the portal page
 * where it is renewed. A plain read over the database, without an access check (the self-test calls
 * it); `certificateOverview` is the administrators' view of it.
 */
export async function organisationCertificates(db: Executor, organisationId: string, now = new Date()): Promise<OrganisationCertificate[]> {
  const list: Omit<OrganisationCertificate, 'warned'>[] = [];
  for (const row of await systemCertificatesOf(db, { organisationId })) {
    list.push({
      kind: 'system-client', id: row.id,
      ...described({
        subject: row.subject, issuer: row.issuer, serialNumber: row.serial_number, notBefore: new Date(row.not_before), notAfter: new Date(row.not_after),
        fingerprintSha256: row.fingerprint_sha256,
      }, now),
      dependents: [{ kind: 'system', name: row.system_name, id: row.system_id, status: row.system_status }],
      renewPath: certificatesPath(organisationId),
    });
  }
  for (const row of await mailCertificateRowsOf(db, organisationId)) {
    list.push({
      kind: 'mail-signing', id: row.id, ...described(describeCertificate(row.der), now),
      dependents: [{ kind: 'mail-system', name: null, id: null, status: null }],
      renewPath: secureMailPath(organisationId),
    });
  }
  const forwarding = await forwardingCertificateOf(db, organisationId);
  if (forwarding) {
    list.push({
      kind: 'forwarding-receiving', id: forwarding.id, ...described(describeCertificate(forwarding.certificate_der), now),
      dependents: [{ kind: 'forwarding', name: forwarding.address, id: forwarding.id, status: forwarding.status }],
      renewPath: secureMailPath(organisationId),
    });
  }
  const warned = await certificateWarningsOf(db, list.map((c) => c.fingerprintSha256));
  return list
    .map((c) => ({ ...c, warned: warned.get(c.fingerprintSha256) ?? [] }))
    .sort((a, b) => a.notAfter.localeCompare(b.notAfter) || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}

/** The page Certifikater: every certificate (administrators and super-administrators), and what the caller may change. */
export async function certificateOverview(ctx: AdminContext, principal: Principal, organisationId: string, now = new Date()): Promise<CertificateOverview> {
  requireRole(principal, organisationId, 'view');
  const [certificates, systems] = [await organisationCertificates(ctx.db, organisationId, now), await systemChoicesOf(ctx.db, organisationId)];
  return {
    certificates, warningDays: [...WARNING_DAYS], systems, mayRegister: adminVerdict(principal, organisationId, 'certificates').ok,
  };
}
