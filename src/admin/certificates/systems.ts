import type {
  OperatorSystemCertificateRemoved, SystemCertificateCheck, SystemCertificateUpload, SystemCertificateView,
} from '../../contract/index.ts';
import { parseUuid, Refusal, type Principal } from '../../domain/index.ts';
import {
  appendEvents, countSystemCertificates, deleteSystemCertificate, insertSystemCertificate, isSystemCertificateRegistered, mailboxOfOrganisation, systemCertificatesOf,
  systemWithOrganisation, uniqueViolationAs, type Db, type Executor, type SystemCertificateRow,
} from '../../store/index.ts';
import { actorOf, requireRole } from '../access.ts';
import type { AdminContext } from '../context.ts';
import { certificateState, daysLeft, readClientCertificate } from './read.ts';

/**
 * Systems' client certificates (docs/certificates.md): registered by an organisation's
 * super-administrators in the portal (action `certificates`, actor `user:<id>`) and by operators
 * (`kuvert system certificate …`, `/api/operator`; actor `cli` or `operator:<key>`). A system with a
 * registered certificate must present one of its certificates over mutual TLS besides its secret
 * (src/api/client-certificates.ts). Events name the fingerprint, subject and serial — never key material.
 */

/** Which systems an operation may find: any (an operator), or one organisation's (its administrators). */
export interface SystemCertificateScope { organisationId?: string }

/** A system has at most this many certificates at once (an old one and its renewal, with room to spare). */
export const MAX_SYSTEM_CERTIFICATES = 10;

const systemNotFound = () => new Refusal('not-found', 'SYSTEM_NOT_FOUND', 'No system has this id.');
const alreadyRegistered = () => new Refusal('conflict', 'CERTIFICATE_ALREADY_REGISTERED', 'This certificate is already registered for a system; a certificate belongs to one system.');
const certificateNotFound = () => new Refusal('not-found', 'CERTIFICATE_NOT_FOUND', 'The system has no such certificate.');

async function scopedSystem(db: Executor, systemId: string, scope: SystemCertificateScope, forUpdate = false) {
  const id = parseUuid(systemId);
  const system = id ? await systemWithOrganisation(db, id, forUpdate) : undefined;
  if (!system || (scope.organisationId !== undefined && system.organisation_id !== scope.organisationId)) throw systemNotFound();
  return system;
}

export function systemCertificateView(row: SystemCertificateRow, now = new Date()): SystemCertificateView {
  const notBefore = new Date(row.not_before);
  const notAfter = new Date(row.not_after);
  return {
    id: row.id, systemId: row.system_id, systemName: row.system_name, subject: row.subject, issuer: row.issuer, serialNumber: row.serial_number,
    notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString(), daysLeft: daysLeft(notAfter, now), fingerprintSha256: row.fingerprint_sha256,
    state: certificateState(notBefore, notAfter, now), createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Reads and checks a client certificate for the system, storing nothing: what the portal shows before "Register". */
export async function checkSystemCertificate(
  db: Db, systemId: string, certificate: string | Uint8Array, scope: SystemCertificateScope = {}, now = new Date(),
): Promise<SystemCertificateCheck> {
  const system = await scopedSystem(db, systemId, scope);
  const { info } = readClientCertificate(certificate, now);
  if (await isSystemCertificateRegistered(db, info.fingerprintSha256)) throw alreadyRegistered();
  return {
    subject: info.subject, issuer: info.issuer, serialNumber: info.serialNumber, notBefore: info.notBefore.toISOString(), notAfter: info.notAfter.toISOString(),
    daysLeft: daysLeft(info.notAfter, now), fingerprintSha256: info.fingerprintSha256, keyAlgorithm: info.keyAlgorithm,
    ...(info.keyBits === undefined ? {} : { keyBits: info.keyBits }), systemId: system.id, systemName: system.name,
  };
}

/**
 * Registers a client certificate for an active system: from then on (within 10 seconds on a running
 * server) the system must present it, or another of its registered certificates, over mutual TLS.
 * Refuses an invalid, expired or not yet valid certificate, one not for TLS clients, one already
 * registered (for any system), and more than MAX_SYSTEM_CERTIFICATES. `now` decides validity (tests).
 */
export async function registerSystemCertificate(
  db: Db, eventChains: number, actor: string, systemId: string, certificate: string | Uint8Array, scope: SystemCertificateScope = {}, now = new Date(),
): Promise<SystemCertificateView> {
  if (!parseUuid(systemId)) throw systemNotFound();
  const { der, info } = readClientCertificate(certificate, now);
  const id = await uniqueViolationAs(alreadyRegistered, db.transaction().execute(async (trx) => {
    const system = await scopedSystem(trx, systemId, scope, true);
    if (system.status !== 'active') throw new Refusal('conflict', 'SYSTEM_DISABLED', 'The system is disabled; it cannot have certificates registered.');
    if (await isSystemCertificateRegistered(trx, info.fingerprintSha256)) throw alreadyRegistered();
    if (await countSystemCertificates(trx, system.id) >= MAX_SYSTEM_CERTIFICATES) {
      throw new Refusal('conflict', 'SYSTEM_CERTIFICATE_LIMIT', `A system has at most ${MAX_SYSTEM_CERTIFICATES} certificates; remove one it no longer uses.`);
    }
    const row = await insertSystemCertificate(trx, {
      systemId: system.id, organisationId: system.organisation_id, fingerprintSha256: info.fingerprintSha256, der, subject: info.subject, issuer: info.issuer,
      serialNumber: info.serialNumber, notBefore: info.notBefore, notAfter: info.notAfter, createdBy: actor,
    });
    await appendEvents(trx, eventChains, [{
      type: 'SYSTEM_CERTIFICATE_REGISTERED', actor, mailboxId: await mailboxOfOrganisation(trx, system.organisation_id) ?? null,
      data: {
        systemId: system.id, organisationId: system.organisation_id, certificate: info.fingerprintSha256, subject: info.subject,
        serialNumber: info.serialNumber, notAfter: info.notAfter.toISOString(),
      },
    }]);
    return row.id;
  }));
  const rows = await systemCertificatesOf(db, { systemId });
  return systemCertificateView(rows.find((r) => r.id === id)!, now);
}

/** The system's certificates, soonest expiry first. */
export async function listSystemCertificates(db: Db, systemId: string, scope: SystemCertificateScope = {}, now = new Date()): Promise<SystemCertificateView[]> {
  const system = await scopedSystem(db, systemId, scope);
  return (await systemCertificatesOf(db, { systemId: system.id })).map((row) => systemCertificateView(row, now));
}

const FINGERPRINT = /^[0-9a-f]{64}$/;

/**
 * Removes one of the system's certificates, named by its id or its SHA-256 fingerprint (hex, colons
 * allowed). The last one removed, the system authenticates with its secret alone again.
 */
export async function removeSystemCertificate(
  db: Db, eventChains: number, actor: string, systemId: string, certificate: string, scope: SystemCertificateScope = {},
): Promise<OperatorSystemCertificateRemoved> {
  if (!parseUuid(systemId)) throw systemNotFound();
  const asFingerprint = certificate.toLowerCase().replace(/:/g, '');
  const id = parseUuid(certificate);
  const which = FINGERPRINT.test(asFingerprint) ? { fingerprintSha256: asFingerprint } : id ? { id } : undefined;
  return db.transaction().execute(async (trx) => {
    const system = await scopedSystem(trx, systemId, scope, true);
    const removed = which ? await deleteSystemCertificate(trx, system.id, which) : undefined;
    if (!removed) throw certificateNotFound();
    await appendEvents(trx, eventChains, [{
      type: 'SYSTEM_CERTIFICATE_REMOVED', actor, mailboxId: await mailboxOfOrganisation(trx, system.organisation_id) ?? null,
      data: { systemId: system.id, organisationId: system.organisation_id, certificate: removed.fingerprint_sha256, subject: removed.subject, serialNumber: removed.serial_number },
    }]);
    return { id: removed.id, fingerprintSha256: removed.fingerprint_sha256, subject: removed.subject, serialNumber: removed.serial_number };
  });
}

// --- an organisation's super-administrators, in the portal ------------------------------------------

/** The portal's "check" step: the certificate described for one of the organisation's systems; nothing is stored. */
export async function checkOrganisationSystemCertificate(
  ctx: AdminContext, principal: Principal, organisationId: string, systemId: string, input: SystemCertificateUpload,
): Promise<SystemCertificateCheck> {
  requireRole(principal, organisationId, 'certificates');
  return checkSystemCertificate(ctx.db, systemId, input.certificate, { organisationId });
}

/** Registers a client certificate for one of the organisation's systems. */
export async function registerOrganisationSystemCertificate(
  ctx: AdminContext, principal: Principal, organisationId: string, systemId: string, input: SystemCertificateUpload,
): Promise<SystemCertificateView> {
  requireRole(principal, organisationId, 'certificates');
  return registerSystemCertificate(ctx.db, ctx.eventChains, actorOf(principal), systemId, input.certificate, { organisationId });
}

/** Removes a client certificate of one of the organisation's systems. */
export async function removeOrganisationSystemCertificate(
  ctx: AdminContext, principal: Principal, organisationId: string, systemId: string, certificateId: string,
): Promise<void> {
  requireRole(principal, organisationId, 'certificates');
  await removeSystemCertificate(ctx.db, ctx.eventChains, actorOf(principal), systemId, certificateId, { organisationId });
}
