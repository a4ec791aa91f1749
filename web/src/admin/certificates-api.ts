/** Certificates in one place (docs/certificates.md): the overview, and systems' client certificates. */
import type {
  CertificateOverview, SystemCertificateCheck, SystemCertificateView,
} from '../../../src/contract/index.ts';
import { apiRequest as request } from '../api.ts';

export type {
  CertificateDependent, CertificateKind, CertificateOverview, CertificateState, OrganisationCertificate, SystemCertificateCheck, SystemCertificateView,
} from '../../../src/contract/index.ts';

const enc = encodeURIComponent;
const admin = (organisationId: string) => `/api/admin/organisations/${enc(organisationId)}`;
const system = (organisationId: string, systemId: string) => `${admin(organisationId)}/systems/${enc(systemId)}/certificates`;

export const certificatesApi = {
  overview: (organisationId: string) => request<CertificateOverview>('GET', `${admin(organisationId)}/certificates`),
  check: (organisationId: string, systemId: string, certificate: string) =>
    request<SystemCertificateCheck>('POST', `${system(organisationId, systemId)}/check`, { certificate }),
  register: (organisationId: string, systemId: string, certificate: string) =>
    request<SystemCertificateView>('POST', system(organisationId, systemId), { certificate }),
  remove: (organisationId: string, systemId: string, certificateId: string) =>
    request<void>('DELETE', `${system(organisationId, systemId)}/${enc(certificateId)}`),
};
