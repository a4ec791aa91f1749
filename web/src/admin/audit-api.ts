/** The audit trail and who administers what (docs/audit.md): the portal's calls, through the common request helper. */
import type { AdministratorsView, AuditCsvQuery, AuditPage, AuditQuery } from '../../../src/contract/index.ts';
import { apiRequest } from '../api.ts';

export type {
  AdministeredFolder, AdministeringPerson, AdministratorsView, AuditActor, AuditCategory, AuditChange, AuditEntry, AuditPage, AuditQuery,
} from '../../../src/contract/index.ts';

const admin = (organisationId: string) => `/api/admin/organisations/${encodeURIComponent(organisationId)}`;
const query = (q: object) => new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== '') as [string, string][]).toString();

export const auditApi = {
  page: (organisationId: string, q: AuditQuery) => apiRequest<AuditPage>('GET', `${admin(organisationId)}/audit?${query(q)}`),
  administrators: (organisationId: string) => apiRequest<AdministratorsView>('GET', `${admin(organisationId)}/administrators`),
};

/** The same entries as a CSV file (a plain link: the browser downloads it with the session cookie). */
export const auditCsvUrl = (organisationId: string, q: AuditCsvQuery) => `${admin(organisationId)}/audit.csv?${query(q)}`;
