import type { FastifyInstance } from 'fastify';
import {
  addOrganisationNotificationAddress, addOwnNotificationAddress, organisationNotificationMails, organisationNotifications, ownNotifications,
  removeNotifiedPerson, removeOrganisationNotificationAddress, removeOwnNotificationAddress, resendOrganisationNotificationLink,
  resendOwnNotificationLink, setNotifiedPerson, setOrganisationNotificationFolders, type AdminContext,
} from '../../admin/index.ts';
import {
  AdminParams, NoContent, NotificationAddressInput, NotificationAddressParams, NotificationAddressView, NotificationFoldersInput,
  NotificationMailList, NotificationPersonParams, NotificationPersonView, NotificationSettings, OwnNotificationAddressParams,
} from '../../contract/index.ts';
import { sessionOf } from '../auth/guard.ts';
import { errors } from '../errors.ts';
import { ORGANISATION_PATH as BASE, who } from './organisation-scope.ts';

const TAGS = ['notifications'];
const CONFIRMATION = 'The address is mailed a single-use link (valid 72 hours); nothing else is sent to it until the link is opened.';

/**
 * Notifications of new mail (docs/notifications.md): an organisation's administrators at
 * `/api/admin/organisations/:organisationId/notifications…` (addresses; in an extended mailbox the
 * folders each is told of and people told of folders; the mail log), a citizen for their own mailbox
 * at `/api/notifications…`. Another organisation's ids answer 404.
 */
export function notificationRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const ORG = `${BASE}/notifications`;

  app.get<{ Params: AdminParams }>(ORG, {
    schema: {
      tags: TAGS, summary: 'Who is told of new mail in the organisation\'s mailbox: its addresses and (extended) people, by folder',
      params: AdminParams, response: { 200: NotificationSettings, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<NotificationSettings> => organisationNotifications(ctx, ...who(request)));

  app.post<{ Params: AdminParams; Body: NotificationAddressInput }>(`${ORG}/addresses`, {
    schema: {
      tags: TAGS, summary: 'Add an address to tell of new mail (in an extended mailbox: of the folders given)', description: CONFIRMATION,
      params: AdminParams, body: NotificationAddressInput, response: { 201: NotificationAddressView, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => reply.status(201).send(await addOrganisationNotificationAddress(ctx, ...who(request), request.body)));

  app.post<{ Params: NotificationAddressParams }>(`${ORG}/addresses/:addressId/resend`, {
    schema: {
      tags: TAGS, summary: 'Mail a new confirmation link to an address not confirmed (the old link stops working; at most once a minute)',
      params: NotificationAddressParams, response: { 204: NoContent, ...errors(400, 401, 403, 404, 409, 429) },
    },
  }, async (request, reply) => {
    await resendOrganisationNotificationLink(ctx, ...who(request), request.params.addressId);
    return reply.status(204).send();
  });

  app.put<{ Params: NotificationAddressParams; Body: NotificationFoldersInput }>(`${ORG}/addresses/:addressId/folders`, {
    schema: {
      tags: TAGS, summary: 'The folders an address is told of (a list: extended mailboxes only; null: every folder)',
      params: NotificationAddressParams, body: NotificationFoldersInput, response: { 200: NotificationAddressView, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (request): Promise<NotificationAddressView> => setOrganisationNotificationFolders(ctx, ...who(request), request.params.addressId, request.body.folderIds));

  app.delete<{ Params: NotificationAddressParams }>(`${ORG}/addresses/:addressId`, {
    schema: {
      tags: TAGS, summary: 'Remove an address: nothing more is sent to it',
      params: NotificationAddressParams, response: { 204: NoContent, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await removeOrganisationNotificationAddress(ctx, ...who(request), request.params.addressId);
    return reply.status(204).send();
  });

  app.put<{ Params: NotificationPersonParams; Body: NotificationFoldersInput }>(`${ORG}/people/:userId`, {
    schema: {
      tags: TAGS, summary: 'Tell a member of new mail in these folders (null: every folder they may see), at their confirmed profile address; extended mailboxes',
      params: NotificationPersonParams, body: NotificationFoldersInput, response: { 200: NotificationPersonView, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (request): Promise<NotificationPersonView> => setNotifiedPerson(ctx, ...who(request), request.params.userId, request.body.folderIds));

  app.delete<{ Params: NotificationPersonParams }>(`${ORG}/people/:userId`, {
    schema: {
      tags: TAGS, summary: 'Tell the person of nothing any more',
      params: NotificationPersonParams, response: { 204: NoContent, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await removeNotifiedPerson(ctx, ...who(request), request.params.userId);
    return reply.status(204).send();
  });

  app.get<{ Params: AdminParams }>(`${ORG}/mails`, {
    schema: {
      tags: TAGS, summary: 'The organisation\'s last 100 notification mails (notices and confirmation links), newest first, with their state',
      params: AdminParams, response: { 200: NotificationMailList, ...errors(400, 401, 403, 404) },
    },
  }, async (request): Promise<NotificationMailList> => organisationNotificationMails(ctx, ...who(request)));

  // a citizen's own mailbox

  app.get('/notifications', {
    schema: {
      tags: TAGS, summary: 'The addresses told of new mail in one\'s own mailbox (citizens; others 404 MAILBOX_NOT_FOUND)',
      response: { 200: NotificationSettings, ...errors(401, 404) },
    },
  }, async (request): Promise<NotificationSettings> => ownNotifications(ctx, sessionOf(request).principal));

  app.post<{ Body: NotificationAddressInput }>('/notifications/addresses', {
    schema: {
      tags: TAGS, summary: 'Add an address to tell of new mail in one\'s own mailbox', description: CONFIRMATION,
      body: NotificationAddressInput, response: { 201: NotificationAddressView, ...errors(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => reply.status(201).send(await addOwnNotificationAddress(ctx, sessionOf(request).principal, request.body)));

  app.post<{ Params: OwnNotificationAddressParams }>('/notifications/addresses/:addressId/resend', {
    schema: {
      tags: TAGS, summary: 'Mail a new confirmation link to an address not confirmed (at most once a minute)',
      params: OwnNotificationAddressParams, response: { 204: NoContent, ...errors(400, 401, 403, 404, 409, 429) },
    },
  }, async (request, reply) => {
    await resendOwnNotificationLink(ctx, sessionOf(request).principal, request.params.addressId);
    return reply.status(204).send();
  });

  app.delete<{ Params: OwnNotificationAddressParams }>('/notifications/addresses/:addressId', {
    schema: {
      tags: TAGS, summary: 'Remove an address from one\'s own mailbox\'s notifications',
      params: OwnNotificationAddressParams, response: { 204: NoContent, ...errors(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    await removeOwnNotificationAddress(ctx, sessionOf(request).principal, request.params.addressId);
    return reply.status(204).send();
  });
}
