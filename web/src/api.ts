/**
 * The portal's API (`/api`, see docs/portal.md): JSON, and messages as multipart/form-data; same-origin cookies, CSRF header on changes.
 * Every shape the server sends or takes is the wire contract's (src/contract): imported here as types only, never redeclared.
 */
import type {
  AccessPeriod, AccessRequestInput, AccessRequestView, ApproveInput, CertificateView, ContactPointAdmin, ContactPointInput, ContactPointList,
  DeleteOutcome, Detail, Draft, DraftInput, DraftList, DraftSummary, DraftUpdate, Folder, FolderList, ForwardingInput, InvitationAccepted, InvitationInput, InvitationView, MailboxLevel, Member,
  MessageChange, MessageFilters, MessagePage, OrganisationAdmin, Restored, SessionExpiry, Profile, ProfileInput, RoleGrant, SecureMailView, Sent, Session, SigningCertificateCreated,
  Summary, SystemAdminView, SystemInput, SystemSecret,
} from '../../src/contract/index.ts';

export type {
  AccessRequestView, ActorRef, ContactPointAdmin, ContactPointInput, ContactPointUse, ContactPointWriter, FolderRef, InvitationAccepted,
  InvitationView, MailboxLevel, Member, MemberRole, OrganisationAdmin, Profile, RoleGrant, SystemAdminView, SystemKind, SystemSecret,
} from '../../src/contract/index.ts';

import type { StatisticsQuery, StatisticsView } from '../../src/contract/index.ts';
import type { DoctorReport } from '../../src/contract/index.ts';
export type { DoctorCheck, DoctorReport } from '../../src/contract/index.ts';
export type { StatisticsBy, StatisticsDirection, StatisticsQuery, StatisticsRow, StatisticsView } from '../../src/contract/index.ts';
import type { EmptyingNotice, EmptyingView, FolderWatchInput, SystemWatchInput } from '../../src/contract/index.ts';
export type { EmptyingFolder, EmptyingNotice, EmptyingSystem, EmptyingView, FolderWatchInput } from '../../src/contract/index.ts';
import type { RuleApplyResult, RuleInput, RuleList, RulePreview, RuleUndoResult, RuleView } from '../../src/contract/index.ts';
export type {
  RuleActionData, RuleApplyResult, RuleChoices, RuleConditionData, RuleInput, RuleList, RulePreview, RuleRunView, RuleView,
} from '../../src/contract/index.ts';

export type { Draft, DraftInput, DraftSummary, DraftUpdate, Restored } from '../../src/contract/index.ts';
import { noteIdleSeconds, noteSessionExpiry, SESSION_EXPIRES_HEADER } from './session/clock.ts';

export type {
  ActionView, AttentionView, CertificateView, ContactPoint, DeadLetter, DeleteOutcome, Detail, DocumentView, Folder, FolderKind, ForwardingCondition,
  ForwardingField, ForwardingInput, ForwardingRule, ForwardingStatus, MailboxInfo, MessagePage, SecureMailView, Sent, Session, Summary,
} from '../../src/contract/index.ts';

/** A file to send, with the media type it goes as (the server checks it against the name and the content). */
export interface Attachment {
  file: File;
  contentType: string;
}

export class ApiError extends Error {
  /** `details` of the error body: e.g. what still uses a contact point, who blocks a change of level */
  constructor(readonly status: number, readonly code: string, message: string, readonly details: unknown[] = []) {
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

/** A message as multipart/form-data: the text fields, then the files (the server applies the recipient's limits to them as they arrive). */
function messageForm(fields: Record<string, string>, attachments: Attachment[]): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const { file, contentType } of attachments) form.append('attachments', new Blob([file], { type: contentType }), file.name);
  return form;
}

/** `keep`: the caller keeps what the person typed (the rules editor): a 401 is an ApiError SESSION_EXPIRED, not a trip to the login. */
async function request<T>(method: string, path: string, body?: unknown, retried = false, keep = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // FormData: the browser sets the content type with its boundary
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    if (!csrfToken) await (keep ? request<Session>('GET', '/api/session', undefined, false, true).then((s) => { csrfToken = s.csrfToken; }) : getSession());
    headers['x-csrf-token'] = csrfToken ?? '';
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      ...(body !== undefined ? { body: form ? body : JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network');
  }
  // how long the session has left (the timeout warning, web/src/session)
  const left = response.headers.get(SESSION_EXPIRES_HEADER);
  if (left !== null) noteSessionExpiry(Number(left));
  if (response.status === 401) return keep ? Promise.reject(new ApiError(401, 'SESSION_EXPIRED', 'The session has expired.')) : toLogin();
  if (!response.ok) {
    let code = `HTTP_${response.status}`;
    let message = response.statusText;
    let details: unknown[] = [];
    try {
      const json = await response.json() as { errorCode?: string; errorMessage?: string; details?: unknown };
      code = json.errorCode ?? code;
      message = json.errorMessage ?? message;
      if (Array.isArray(json.details)) details = json.details;
    } catch { /* not JSON */ }
    if (response.status === 403 && code === 'CSRF_TOKEN_INVALID' && !retried) {
      csrfToken = undefined;
      return request<T>(method, path, body, true, keep);
    }
    throw new ApiError(response.status, code, message, details);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function getSession(): Promise<Session> {
  const session = await request<Session>('GET', '/api/session');
  csrfToken = session.csrfToken;
  noteIdleSeconds(session.idleSeconds);
  return session;
}

const org = (organisationId: string) => `/api/organisations/${encodeURIComponent(organisationId)}/secure-mail`;
const admin = (organisationId: string) => `/api/admin/organisations/${encodeURIComponent(organisationId)}`;
const mb = (mailboxId: string) => `/api/mailboxes/${encodeURIComponent(mailboxId)}`;
const msg = (mailboxId: string, messageId: string) => `${mb(mailboxId)}/messages/${encodeURIComponent(messageId)}`;

export const api = {
  folders: (mailboxId: string) => request<FolderList>('GET', `${mb(mailboxId)}/folders`).then((r) => r.folders),
  createFolder: (mailboxId: string, name: string) => request<Folder>('POST', `${mb(mailboxId)}/folders`, { name }),
  renameFolder: (mailboxId: string, folderId: string, name: string) =>
    request<Folder>('PATCH', `${mb(mailboxId)}/folders/${encodeURIComponent(folderId)}`, { name }),
  deleteFolder: (mailboxId: string, folderId: string) => request<void>('DELETE', `${mb(mailboxId)}/folders/${encodeURIComponent(folderId)}`),

  messages: (mailboxId: string, query: { folderId?: string; q?: string; cursor?: string; limit?: number; handled?: 'true' | 'false'; pNumber?: string; person?: string }) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
    return request<MessagePage>('GET', `${mb(mailboxId)}/messages?${params}`);
  },
  message: (mailboxId: string, messageId: string) => request<Detail>('GET', msg(mailboxId, messageId)),
  messageFilters: (mailboxId: string) => request<MessageFilters>('GET', `${mb(mailboxId)}/message-filters`),
  updateMessage: (mailboxId: string, messageId: string, change: MessageChange) => request<Summary>('PATCH', msg(mailboxId, messageId), change),
  deleteMessage: (mailboxId: string, messageId: string) => request<DeleteOutcome>('DELETE', msg(mailboxId, messageId)),
  reply: (mailboxId: string, messageId: string, text: string, attachments: Attachment[]) =>
    request<Sent>('POST', `${msg(mailboxId, messageId)}/reply`, messageForm({ text }, attachments)),
  send: (mailboxId: string, { attachments, ...fields }: { contactPointId: string; label: string; text: string; attachments: Attachment[] }) =>
    request<Sent>('POST', `${mb(mailboxId)}/messages`, messageForm(fields, attachments)),
  // drafts (Kladder) and restoring from Slettet; a draft's save keeps the form on a 401 (SESSION_EXPIRED), never leaves the page
  drafts: (mailboxId: string, replyTo?: string) =>
    request<DraftList>('GET', `${mb(mailboxId)}/drafts${replyTo ? `?replyTo=${encodeURIComponent(replyTo)}` : ''}`).then((r) => r.drafts),
  draft: (mailboxId: string, draftId: string) => request<Draft>('GET', `${mb(mailboxId)}/drafts/${encodeURIComponent(draftId)}`),
  createDraft: (mailboxId: string, input: DraftInput) => request<Draft>('POST', `${mb(mailboxId)}/drafts`, input, false, true),
  saveDraft: (mailboxId: string, draftId: string, update: DraftUpdate) =>
    request<Draft>('PUT', `${mb(mailboxId)}/drafts/${encodeURIComponent(draftId)}`, update, false, true),
  deleteDraft: (mailboxId: string, draftId: string) => request<void>('DELETE', `${mb(mailboxId)}/drafts/${encodeURIComponent(draftId)}`, undefined, false, true),
  restoreMessage: (mailboxId: string, messageId: string) => request<Restored>('POST', `${msg(mailboxId, messageId)}/restore`),
  // the timeout warning: asking does not extend the session; "Forbliv logget ind" does
  sessionExpiry: () => request<SessionExpiry>('GET', '/api/session/expiry', undefined, false, true),
  extendSession: () => request<SessionExpiry>('POST', '/api/session/extend', undefined, false, true),
  contactPoints: (q: string, mailboxId?: string) =>
    request<ContactPointList>('GET', `/api/contact-points?q=${encodeURIComponent(q)}${mailboxId ? `&mailboxId=${encodeURIComponent(mailboxId)}` : ''}`).then((r) => r.contactPoints),

  secureMail: (organisationId: string) => request<SecureMailView>('GET', org(organisationId)),
  previewCertificate: (organisationId: string, certificate: string) =>
    request<CertificateView>('POST', `${org(organisationId)}/certificate-preview`, { certificate }),
  setForwarding: (organisationId: string, input: ForwardingInput) => request<void>('PUT', `${org(organisationId)}/forwarding`, input),
  confirmForwarding: (organisationId: string, token: string) => request<void>('POST', `${org(organisationId)}/forwarding/confirm`, { token }),
  stopForwarding: (organisationId: string) => request<void>('DELETE', `${org(organisationId)}/forwarding`),
  resendConfirmation: (organisationId: string) => request<void>('POST', `${org(organisationId)}/forwarding/confirmation`),
  retryDeadLetter: (organisationId: string, jobId: number) =>
    request<void>('POST', `${org(organisationId)}/forwarding/dead-letters/${encodeURIComponent(String(jobId))}/retry`),
  addSigningCertificate: (organisationId: string, certificate: string) =>
    request<SigningCertificateCreated>('POST', `${org(organisationId)}/signing-certificates`, { certificate }),
  removeSigningCertificate: (organisationId: string, certificateId: string) =>
    request<void>('DELETE', `${org(organisationId)}/signing-certificates/${encodeURIComponent(certificateId)}`),

  profile: () => request<Profile>('GET', '/api/profile'),
  saveProfile: (input: ProfileInput) => request<unknown>('PUT', '/api/profile', input),
  confirmEmail: (token: string) => request<unknown>('POST', '/api/profile/email-confirmation', { token }),
  resendEmailConfirmation: () => request<unknown>('POST', '/api/profile/email-confirmation/resend', {}),
  requestAccess: (input: AccessRequestInput) => request<AccessRequestView>('POST', '/api/access-requests', input),
  withdrawRequest: (requestId: string) => request<unknown>('DELETE', `/api/access-requests/${encodeURIComponent(requestId)}`),
  acceptInvitation: (token: string) => request<InvitationAccepted>('POST', '/api/invitations/accept', { token }),

  organisation: (organisationId: string) => request<OrganisationAdmin>('GET', admin(organisationId)),
  activate: (organisationId: string, level: MailboxLevel) => request<unknown>('POST', `${admin(organisationId)}/activation`, { level }),
  changeLevel: (organisationId: string, level: MailboxLevel) => request<unknown>('PUT', `${admin(organisationId)}/level`, { level }),
  people: (organisationId: string) => request<Member[]>('GET', `${admin(organisationId)}/people`),
  changeRole: (organisationId: string, userId: string, grant: RoleGrant) =>
    request<unknown>('PUT', `${admin(organisationId)}/people/${encodeURIComponent(userId)}`, grant),
  revoke: (organisationId: string, userId: string, reason: string) =>
    request<unknown>('DELETE', `${admin(organisationId)}/people/${encodeURIComponent(userId)}`, reason ? { reason } : {}),
  requests: (organisationId: string) => request<AccessRequestView[]>('GET', `${admin(organisationId)}/requests`),
  accessRequest: (organisationId: string, requestId: string) =>
    request<AccessRequestView>('GET', `${admin(organisationId)}/requests/${encodeURIComponent(requestId)}`),
  approve: (organisationId: string, requestId: string, input: ApproveInput) =>
    request<AccessRequestView>('POST', `${admin(organisationId)}/requests/${encodeURIComponent(requestId)}/approve`, input),
  reject: (organisationId: string, requestId: string, reason: string) =>
    request<AccessRequestView>('POST', `${admin(organisationId)}/requests/${encodeURIComponent(requestId)}/reject`, { reason }),
  invitations: (organisationId: string) => request<InvitationView[]>('GET', `${admin(organisationId)}/invitations`),
  invite: (organisationId: string, input: InvitationInput) => request<InvitationView>('POST', `${admin(organisationId)}/invitations`, input),
  revokeInvitation: (organisationId: string, invitationId: string) =>
    request<unknown>('DELETE', `${admin(organisationId)}/invitations/${encodeURIComponent(invitationId)}`),
  history: (organisationId: string) => request<AccessPeriod[]>('GET', `${admin(organisationId)}/history`),
  systems: (organisationId: string) => request<SystemAdminView[]>('GET', `${admin(organisationId)}/systems`),
  createSystem: (organisationId: string, input: SystemInput) => request<SystemSecret>('POST', `${admin(organisationId)}/systems`, input),
  rotateSystem: (organisationId: string, systemId: string, graceHours: number) =>
    request<SystemSecret>('POST', `${admin(organisationId)}/systems/${encodeURIComponent(systemId)}/rotate`, { graceHours }),
  disableSystem: (organisationId: string, systemId: string) => request<unknown>('POST', `${admin(organisationId)}/systems/${encodeURIComponent(systemId)}/disable`, {}),
  makeDefaultSystem: (organisationId: string, systemId: string) =>
    request<unknown>('PUT', `${admin(organisationId)}/systems/${encodeURIComponent(systemId)}/default`, {}),
  adminContactPoints: (organisationId: string) => request<ContactPointAdmin[]>('GET', `${admin(organisationId)}/contact-points`),
  createContactPoint: (organisationId: string, input: ContactPointInput) =>
    request<ContactPointAdmin>('POST', `${admin(organisationId)}/contact-points`, input),
  updateContactPoint: (organisationId: string, contactPointId: string, input: ContactPointInput) =>
    request<ContactPointAdmin>('PATCH', `${admin(organisationId)}/contact-points/${encodeURIComponent(contactPointId)}`, input),
  deactivateContactPoint: (organisationId: string, contactPointId: string, confirm: boolean) =>
    request<unknown>('POST', `${admin(organisationId)}/contact-points/${encodeURIComponent(contactPointId)}/deactivate`, confirm ? { confirm } : {}),
  reactivateContactPoint: (organisationId: string, contactPointId: string) =>
    request<unknown>('POST', `${admin(organisationId)}/contact-points/${encodeURIComponent(contactPointId)}/reactivate`, {}),
  // "Test om det virker" (docs/doctor.md)
  selfTest: (organisationId: string) => request<DoctorReport>('POST', `${admin(organisationId)}/doctor`, {}),
  statistics: (organisationId: string, query: StatisticsQuery) =>
    request<StatisticsView>('GET', `${admin(organisationId)}/statistics?${new URLSearchParams(query as Record<string, string>)}`),
  // is the mailbox emptied (docs/emptying.md)
  emptying: (organisationId: string) => request<EmptyingView>('GET', `${admin(organisationId)}/emptying`),
  setFolderWatch: (organisationId: string, folderId: string, input: FolderWatchInput) =>
    request<EmptyingView>('PUT', `${admin(organisationId)}/emptying/folders/${encodeURIComponent(folderId)}`, input),
  removeFolderWatch: (organisationId: string, folderId: string) =>
    request<EmptyingView>('DELETE', `${admin(organisationId)}/emptying/folders/${encodeURIComponent(folderId)}`),
  setSystemFetchAlert: (organisationId: string, systemId: string, input: SystemWatchInput) =>
    request<EmptyingView>('PUT', `${admin(organisationId)}/emptying/systems/${encodeURIComponent(systemId)}`, input),
  emptyingNotice: (mailboxId: string) => request<EmptyingNotice>('GET', `${mb(mailboxId)}/emptying`),
  // a mailbox's rules (docs/rules.md); the changes keep the editor's draft when the session has expired (SESSION_EXPIRED)
  rules: (organisationId: string) => request<RuleList>('GET', `${admin(organisationId)}/rules`),
  createRule: (organisationId: string, input: RuleInput) => request<RuleView>('POST', `${admin(organisationId)}/rules`, input, false, true),
  changeRule: (organisationId: string, ruleId: string, input: RuleInput) =>
    request<RuleView>('PUT', `${admin(organisationId)}/rules/${encodeURIComponent(ruleId)}`, input, false, true),
  deleteRule: (organisationId: string, ruleId: string) => request<void>('DELETE', `${admin(organisationId)}/rules/${encodeURIComponent(ruleId)}`, undefined, false, true),
  orderRules: (organisationId: string, ruleIds: string[]) => request<RuleList>('PUT', `${admin(organisationId)}/rule-order`, { ruleIds }, false, true),
  previewRule: (organisationId: string, rule: RuleInput, ruleId?: string) =>
    request<RulePreview>('POST', `${admin(organisationId)}/rules/preview`, ruleId ? { rule, ruleId } : { rule }, false, true),
  applyRules: (organisationId: string, confirm: boolean) =>
    request<RuleApplyResult>('POST', `${admin(organisationId)}/rules/apply`, confirm ? { confirm } : {}, false, true),
  undoRuleRun: (organisationId: string, runId: string) =>
    request<RuleUndoResult>('POST', `${admin(organisationId)}/rule-runs/${encodeURIComponent(runId)}/undo`, undefined, false, true),

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
        // POST /auth/logout with Accept: application/json answers {redirectTo} (the login routes, not /api)
        const json = await response.json().catch(() => ({})) as { redirectTo?: string };
        return json.redirectTo ?? '/';
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

/** The request helper (CSRF, errors, login), for the API clients of other parts of the app (web/src/settings/api.ts). */
export { request as apiRequest };

/** The statistics as a CSV file (a plain link: the browser downloads it with the session cookie). */
export const statisticsCsvUrl = (organisationId: string, query: StatisticsQuery & { lang: 'da' | 'en' }) =>
  `${admin(organisationId)}/statistics.csv?${new URLSearchParams(query as Record<string, string>)}`;
