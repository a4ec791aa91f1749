import type { FastifyInstance } from 'fastify';
import {
  emptyingNotice, emptyingOverview, removeFolderWatch, setFolderWatch, setSystemFetchAlert, type AdminContext,
} from '../../admin/index.ts';
import {
  AdminParams, EmptyingFolderParams, EmptyingNotice, EmptyingView, FolderWatchInput, MailboxParams, SystemParams, SystemWatchInput,
} from '../../contract/index.ts';
import { sessionOf } from '../auth/guard.ts';
import { errors } from '../errors.ts';
import { ORGANISATION_PATH as BASE, who } from './organisation-scope.ts';

const TAGS = ['emptying'];

/**
 * Is the mailbox emptied? (docs/emptying.md): the administrators' page "Tømning" (action `emptying`:
 * admin or super-admin; writers and readers 403 FORBIDDEN_ROLE, others 404), and the responsible
 * person's notice for a mailbox they may open. Whether a letter is handled is changed by the portal's
 * PATCH of a message.
 */
export function emptyingRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get<{ Params: AdminParams }>(`${BASE}/emptying`, {
    schema: {
      tags: TAGS, summary: 'How the mailbox is emptied: each folder\'s letters not handled, the oldest, those overdue, open alerts and its watch; the recipient systems and their alerts',
      params: AdminParams, response: { 200: EmptyingView, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<EmptyingView> => emptyingOverview(ctx, ...who(request)));

  app.put<{ Params: EmptyingFolderParams; Body: FolderWatchInput }>(`${BASE}/emptying/folders/:folderId`, {
    schema: {
      tags: TAGS, summary: 'Set a folder\'s responsible person and/or unit and its threshold (1 hour to 90 days)',
      description: 'Indbakke and own folders only (422 FOLDER_NOT_WATCHABLE). The person must be a member (422 RESPONSIBLE_PERSON_UNKNOWN) '
        + 'who sees the folder (422 RESPONSIBLE_PERSON_NO_ACCESS); 400 THRESHOLD_INVALID, RESPONSIBLE_UNIT_INVALID; another organisation\'s folder: 404 FOLDER_NOT_FOUND. '
        + 'Writes FOLDER_WATCH_SET. Answers the page.',
      params: EmptyingFolderParams, body: FolderWatchInput, response: { 200: EmptyingView, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (request): Promise<EmptyingView> => {
    const [principal, organisationId] = who(request);
    return setFolderWatch(ctx, principal, organisationId, request.params.folderId.toLowerCase(), request.body);
  });

  app.delete<{ Params: EmptyingFolderParams }>(`${BASE}/emptying/folders/:folderId`, {
    schema: {
      tags: TAGS, summary: 'Remove a folder\'s watch: no responsible, no threshold, no more alerts for it (FOLDER_WATCH_REMOVED). Answers the page.',
      params: EmptyingFolderParams, response: { 200: EmptyingView, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<EmptyingView> => {
    const [principal, organisationId] = who(request);
    return removeFolderWatch(ctx, principal, organisationId, request.params.folderId.toLowerCase());
  });

  app.put<{ Params: SystemParams; Body: SystemWatchInput }>(`${BASE}/emptying/systems/:systemId`, {
    schema: {
      tags: TAGS, summary: 'Set after how many hours without a fetch a recipient system with letters waiting is alerted (null: the default, 24)',
      description: '400 FETCH_ALERT_HOURS_INVALID (1 hour to 90 days), 422 RECIPIENT_SYSTEM_REQUIRED, another organisation\'s system: 404 SYSTEM_NOT_FOUND. Writes SYSTEM_WATCH_SET.',
      params: SystemParams, body: SystemWatchInput, response: { 200: EmptyingView, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (request): Promise<EmptyingView> => {
    const [principal, organisationId] = who(request);
    return setSystemFetchAlert(ctx, principal, organisationId, request.params.systemId.toLowerCase(), request.body);
  });

  app.get<{ Params: MailboxParams }>('/mailboxes/:mailboxId/emptying', {
    schema: {
      tags: TAGS, summary: 'The folders of the mailbox you are responsible for emptying that have letters over their threshold, not handled',
      params: MailboxParams, response: { 200: EmptyingNotice, ...errors(400, 401, 404) },
    },
  }, async (request): Promise<EmptyingNotice> => emptyingNotice(ctx, sessionOf(request).principal, request.params.mailboxId.toLowerCase()));
}
