/** The portal's JSON API (`/api`, see docs/portal.md): same-origin cookies, CSRF header on changes. */

export interface MailboxInfo {
  id: string;
  ownerName: string;
  ownerKind: 'citizen' | 'organisation';
  cvr?: string;
  level: string;
  role?: string;
  /** the organisation of a membership (organisations' mailboxes): names it in `/api/organisations/…` */
  organisationId?: string;
}

export interface Session {
  user: { id: string; name: string; kind: 'citizen' | 'employee' };
  csrfToken: string;
  mailboxes: MailboxInfo[];
}

export type FolderKind = 'INBOX' | 'SENT' | 'DRAFTS' | 'DELETED' | 'USER';

export interface Folder {
  id: string;
  kind: FolderKind;
  name: string;
  total: number;
  unread: number;
}

export type { Summary, DocumentView as DocumentRef, ActionView as MessageAction } from '../../src/portal/contract.ts';
import type { Summary, DocumentView as DocumentRef, ActionView as MessageAction } from '../../src/portal/contract.ts';

export interface Detail extends Summary {
  recipientName: string;
  documents: DocumentRef[];
  actions: MessageAction[];
  canReply: boolean;
  /** where a reply goes (only when canReply) */
  replyTo?: { organisationName?: string; contactPointId?: string | null };
}

export interface ContactPoint {
  id: string;
  name: string;
  description?: string;
  organisationName?: string;
  organisationCvr?: string;
  contactGroups?: string[];
  memoSizeThresholdMB?: number;
  allowedNumberOfAttachments?: number;
  allowedContentTypes?: string[];
}

export interface Attachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

/** A reply or new message, now in Sendt (`folderId`). */
export interface Sent {
  messageId: string;
  messageUUID: string;
  folderId: string;
}

export type { CertificateView, DeadLetter, SecureMailView, ForwardingStatusView as ForwardingStatus } from '../../src/gateway/forwarding/contract.ts';
export type { ForwardingCondition, ForwardingRule } from '../../src/domain/forwarding-rules.ts';
import type { CertificateView, SecureMailView } from '../../src/gateway/forwarding/contract.ts';
import type { ForwardingCondition, ForwardingRule } from '../../src/domain/forwarding-rules.ts';
export type ForwardingField = ForwardingCondition['field'];

export interface ForwardingInput {
  address: string;
  certificate: string;
  scope: 'all' | 'rules';
  rules?: ForwardingRule[];
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

let csrfToken: string | undefined;

function loginUrl(): string {
  const here = window.location.pathname + window.location.search;
  return `/auth/login?returnTo=${encodeURIComponent(here)}`;
}

/** Not logged in (any more): off to the login, back here afterwards. Never resolves. */
function toLogin(): Promise<never> {
  window.location.assign(loginUrl());
  return new Promise<never>(() => {});
}

async function request<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    if (!csrfToken) await getSession();
    headers['x-csrf-token'] = csrfToken ?? '';
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  if (response.status === 401) return toLogin();
  if (!response.ok) {
    let code = `HTTP_${response.status}`;
    let message = response.statusText;
    try {
      const json = await response.json() as { errorCode?: string; errorMessage?: string };
      code = json.errorCode ?? code;
      message = json.errorMessage ?? message;
    } catch { /* not JSON */ }
    if (response.status === 403 && code === 'CSRF_TOKEN_INVALID' && !retried) {
      csrfToken = undefined;
      return request<T>(method, path, body, true);
    }
    throw new ApiError(response.status, code, message);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function getSession(): Promise<Session> {
  const session = await request<Session>('GET', '/api/session');
  csrfToken = session.csrfToken;
  return session;
}

const org = (organisationId: string) => `/api/organisations/${encodeURIComponent(organisationId)}/secure-mail`;
const mb = (mailboxId: string) => `/api/mailboxes/${encodeURIComponent(mailboxId)}`;
const msg = (mailboxId: string, messageId: string) => `${mb(mailboxId)}/messages/${encodeURIComponent(messageId)}`;

export const api = {
  folders: (mailboxId: string) => request<{ folders: Folder[] }>('GET', `${mb(mailboxId)}/folders`).then((r) => r.folders),
  createFolder: (mailboxId: string, name: string) => request<Folder>('POST', `${mb(mailboxId)}/folders`, { name }),
  renameFolder: (mailboxId: string, folderId: string, name: string) =>
    request<Folder>('PATCH', `${mb(mailboxId)}/folders/${encodeURIComponent(folderId)}`, { name }),
  deleteFolder: (mailboxId: string, folderId: string) => request<void>('DELETE', `${mb(mailboxId)}/folders/${encodeURIComponent(folderId)}`),

  messages: (mailboxId: string, query: { folderId?: string; q?: string; cursor?: string; limit?: number }) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    return request<{ messages: Summary[]; nextCursor: string | null }>('GET', `${mb(mailboxId)}/messages?${params}`);
  },
  message: (mailboxId: string, messageId: string) => request<Detail>('GET', msg(mailboxId, messageId)),
  updateMessage: (mailboxId: string, messageId: string, change: { folderId?: string; read?: boolean; flagged?: boolean }) =>
    request<unknown>('PATCH', msg(mailboxId, messageId), change),
  deleteMessage: (mailboxId: string, messageId: string) => request<unknown>('DELETE', msg(mailboxId, messageId)),
  reply: (mailboxId: string, messageId: string, text: string, attachments: Attachment[]) =>
    request<Sent>('POST', `${msg(mailboxId, messageId)}/reply`, { text, attachments }),
  send: (mailboxId: string, message: { contactPointId: string; label: string; text: string; attachments: Attachment[] }) =>
    request<Sent>('POST', `${mb(mailboxId)}/messages`, message),
  contactPoints: async (q: string): Promise<ContactPoint[]> => {
    const result = await request<{ contactPoints: ContactPoint[] } | ContactPoint[]>('GET', `/api/contact-points?q=${encodeURIComponent(q)}`);
    return Array.isArray(result) ? result : result.contactPoints ?? [];
  },

  secureMail: (organisationId: string) => request<SecureMailView>('GET', org(organisationId)),
  previewCertificate: (organisationId: string, certificate: string) =>
    request<CertificateView>('POST', `${org(organisationId)}/certificate-preview`, { certificate }),
  setForwarding: (organisationId: string, input: ForwardingInput) => request<void>('PUT', `${org(organisationId)}/forwarding`, input),
  confirmForwarding: (organisationId: string, token: string) => request<void>('POST', `${org(organisationId)}/forwarding/confirm`, { token }),
  stopForwarding: (organisationId: string) => request<void>('DELETE', `${org(organisationId)}/forwarding`),
  retryDeadLetter: (organisationId: string, jobId: number) =>
    request<void>('POST', `${org(organisationId)}/forwarding/dead-letters/${encodeURIComponent(String(jobId))}/retry`),
  addSigningCertificate: (organisationId: string, certificate: string) =>
    request<{ id: string }>('POST', `${org(organisationId)}/signing-certificates`, { certificate }),
  removeSigningCertificate: (organisationId: string, certificateId: string) =>
    request<void>('DELETE', `${org(organisationId)}/signing-certificates/${encodeURIComponent(certificateId)}`),

  /** Ends the session; resolves to where the browser should go next. */
  async logout(): Promise<string> {
    if (!csrfToken) await getSession().catch(() => undefined);
    try {
      const response = await fetch('/auth/logout', {
        method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': csrfToken ?? '', accept: 'application/json' },
      });
      csrfToken = undefined;
      const type = response.headers.get('content-type') ?? '';
      if (type.includes('application/json')) {
        const json = await response.json().catch(() => ({})) as { redirectTo?: string; location?: string; url?: string };
        return json.redirectTo ?? json.location ?? json.url ?? '/';
      }
      // followed a same-origin redirect (the development provider's end-session page): go there
      return response.redirected ? response.url : '/';
    } catch {
      // a redirect to another origin (the broker's end-session endpoint) cannot be followed by fetch; the session is gone anyway
      csrfToken = undefined;
      return '/';
    }
  },
};

export const fileUrl = (mailboxId: string, messageId: string, fileId: string, download = false) =>
  `${msg(mailboxId, messageId)}/files/${encodeURIComponent(fileId)}${download ? '?download=1' : ''}`;

export const calendarUrl = (mailboxId: string, messageId: string, n: number) => `${msg(mailboxId, messageId)}/actions/${n}/calendar.ics`;

/** Kuvert's own S/MIME certificate (public): mail to Kuvert may be encrypted to it. */
export const gatewayCertificateUrl = '/gateway/certificate.pem';
