/**
 * Certificates in one place (docs/certificates.md): the overview of every certificate of an
 * organisation (`organisationCertificates`, also for the self-test), and systems' client certificates
 * for mutual TLS (register, check, list, remove).
 */
export { certificateOverview, certificatesPath, organisationCertificates, secureMailPath } from './overview.ts';
export { certificateState, daysLeft, readClientCertificate } from './read.ts';
export {
  checkOrganisationSystemCertificate, checkSystemCertificate, listSystemCertificates, MAX_SYSTEM_CERTIFICATES, registerOrganisationSystemCertificate,
  registerSystemCertificate, removeOrganisationSystemCertificate, removeSystemCertificate, systemCertificateView, type SystemCertificateScope,
} from './systems.ts';
