import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inviteAdministrator, type AdminContext } from '../../src/admin/index.ts';
import { DEMO } from '../../src/demo/index.ts';
import { Refusal } from '../../src/domain/index.ts';
import { verifyEvents } from '../../src/store/index.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { sessionFor, type TestSession } from '../helpers/session.ts';
import { api } from '../portal/helpers.ts';
import {
  confirmAddress, employeeLogin, eventsOfType, mails, peopleSnapshot, PUBLIC_URL, sessionOf, tokenFromMail, type Employee,
} from './people-helpers.ts';

const COMPANY = DEMO.company.cvr;
const AUTHORITY = DEMO.authority.cvr;

/** People and roles (docs/admin.md): requests, approval, members, revocation, invitations, the access history. */
for (const database of testDatabases()) {
  describe(`people and roles (${database.name})`, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let ctx: AdminContext;
    let company: { id: string; mailboxId: string; folders: Record<string, string> };
    let authority: { id: string; mailboxId: string; folders: Record<string, string> };
    let mette: TestSession & { name: string };
    let ole: TestSession & { name: string };
    let karen: TestSession & { name: string };
    let sofie: Employee;

    const app = () => kuvert.app;
    const db = () => kuvert.store.db;
    const admin = (organisationId: string, path = '') => `/api/admin/organisations/${organisationId}${path}`;

    async function organisation(cvr: string) {
      const row = await db().selectFrom('organisation').innerJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
        .select(['organisation.id', 'mailbox.id as mailboxId']).where('organisation.cvr', '=', cvr).executeTakeFirstOrThrow();
      const folders = await db().selectFrom('folder').select(['id', 'name']).where('mailbox_id', '=', row.mailboxId).execute();
      return { ...row, folders: Object.fromEntries(folders.map((f) => [f.name, f.id])) };
    }

    before(async () => {
      kuvert = await startTestKuvert(database, { publicUrl: PUBLIC_URL });
      ctx = { db: db(), eventChains: kuvert.ctx.eventChains, publicUrl: PUBLIC_URL };
      company = await organisation(COMPANY);
      authority = await organisation(AUTHORITY);
      mette = { ...(await sessionFor(db(), 'demo-employee-mette')), name: 'Mette Nielsen' };
      ole = { ...(await sessionFor(db(), 'demo-employee-ole')), name: 'Ole Pedersen' };
      karen = { ...(await sessionFor(db(), 'demo-employee-karen')), name: 'Karen Sørensen' };
      await confirmAddress(app(), db(), mette, 'mette@demo.example');
      await confirmAddress(app(), db(), karen, 'karen.sorensen@kommunen.example');
      sofie = await employeeLogin(ctx, COMPANY, 'Sofie Holm');
    });
    after(async () => { await kuvert.drop(); });

    it('walks a request through: e-mail to the administrators, approval narrower (a reader of Løn), the employee sees only that folder', async () => {
      const refused = await api(app(), sofie, 'POST', '/api/access-requests', { organisationId: company.id, role: 'writer', folderIds: null });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.errorCode, 'EMAIL_NOT_CONFIRMED');
      await confirmAddress(app(), db(), sofie, 'sofie@demo.example');

      const asked = await api(app(), sofie, 'POST', '/api/access-requests', {
        organisationId: company.id, role: 'writer', folderIds: null, message: 'Jeg er ny i bogholderiet.',
      });
      assert.equal(asked.status, 201, asked.text);
      assert.equal(asked.body.status, 'pending');
      assert.deepEqual(asked.body.person, { userId: sofie.userId, name: 'Sofie Holm', email: 'sofie@demo.example' });
      assert.equal(asked.body.organisation.cvr, COMPANY);
      const requestId = asked.body.id as string;

      const again = await api(app(), sofie, 'POST', '/api/access-requests', { organisationId: company.id, role: 'reader', folderIds: null });
      assert.equal(again.status, 409);
      assert.equal(again.body.errorCode, 'REQUEST_PENDING');

      // the super-administrator with a confirmed address is mailed a link to the request
      const [mail, ...more] = await mails(db(), { kind: 'access-request' });
      assert.equal(more.length, 0, 'one administrator with a confirmed address, one mail');
      assert.equal(mail!.recipient, 'mette@demo.example');
      assert.equal(mail!.organisationId, company.id);
      const link = `${PUBLIC_URL}/organisationer/${company.id}/administration/anmodninger/${requestId}`;
      assert.ok(mail!.text.includes(link), mail!.text);
      assert.ok(mail!.text.includes('Sofie Holm') && mail!.text.includes('Jeg er ny i bogholderiet.'));
      assert.ok(mail!.text.indexOf('skriver') < mail!.text.indexOf('writer'), 'Danish first, then English');

      // the administrator sees it in the portal
      const pending = await api(app(), mette, 'GET', admin(company.id, '/requests?status=pending'));
      assert.equal(pending.status, 200);
      assert.deepEqual(pending.body.map((r: { id: string }) => r.id), [requestId]);
      const shown = await api(app(), mette, 'GET', admin(company.id, `/requests/${requestId}`));
      assert.equal(shown.body.message, 'Jeg er ny i bogholderiet.');

      // approved narrower: a reader of Løn only
      const approved = await api(app(), mette, 'POST', admin(company.id, `/requests/${requestId}/approve`), { role: 'reader', folderIds: [company.folders['Løn']] });
      assert.equal(approved.status, 200, approved.text);
      assert.equal(approved.body.status, 'approved');
      assert.equal(approved.body.role, 'writer', 'what was asked is kept');
      assert.equal(approved.body.decidedRole, 'reader');
      assert.deepEqual(approved.body.decidedFolders, [{ id: company.folders['Løn'], name: 'Løn' }]);
      assert.deepEqual(approved.body.decidedBy, { kind: 'user', name: 'Mette Nielsen', userId: mette.userId });

      const told = (await mails(db(), { kind: 'access-approved', to: 'sofie@demo.example' })).at(-1);
      assert.ok(told?.text.includes('læser') && told.text.includes('Løn'), told?.text);

      const session = await api(app(), sofie, 'GET', '/api/session');
      assert.deepEqual(session.body.mailboxes.map((m: { ownerName: string; role: string; folderLimited: boolean }) => [m.ownerName, m.role, m.folderLimited]),
        [['Demo ApS', 'reader', true]]);
      const folders = await api(app(), sofie, 'GET', `/api/mailboxes/${company.mailboxId}/folders`);
      assert.deepEqual(folders.body.folders.map((f: { name: string }) => f.name), ['Løn']);

      const twice = await api(app(), mette, 'POST', admin(company.id, `/requests/${requestId}/approve`), {});
      assert.equal(twice.status, 409);
      assert.equal(twice.body.errorCode, 'REQUEST_DECIDED');
      const member = await api(app(), sofie, 'POST', '/api/access-requests', { organisationId: company.id, role: 'writer', folderIds: null });
      assert.equal(member.body.errorCode, 'ALREADY_MEMBER');

      const [requested] = (await eventsOfType(db(), 'ACCESS_REQUESTED')).filter((e) => e.data.requestId === requestId);
      assert.equal(requested?.actor, `user:${sofie.userId}`);
      const granted = (await eventsOfType(db(), 'MEMBERSHIP_GRANTED')).filter((e) => e.data.userId === sofie.userId);
      assert.deepEqual(granted.map((e) => [e.actor, e.data.role, e.data.folderIds]), [[`user:${mette.userId}`, 'reader', [company.folders['Løn']]]]);
      const bodies = (await db().selectFrom('event').select('body').execute()).map((e) => e.body).join('\n');
      assert.ok(!bodies.includes('sofie@demo.example'), 'no e-mail address in events');
      assert.equal((await verifyEvents(db())).ok, true);
    });

    it('rejects a request with a reason the employee is mailed; an employee may withdraw their own pending request', async () => {
      const rie = await employeeLogin(ctx, COMPANY, 'Rie Dahl');
      await confirmAddress(app(), db(), rie, 'rie@demo.example');
      const first = await api(app(), rie, 'POST', '/api/access-requests', { organisationId: company.id, role: 'admin', folderIds: null });
      assert.equal(first.status, 201);

      const noReason = await api(app(), mette, 'POST', admin(company.id, `/requests/${first.body.id}/reject`), { reason: '   ' });
      assert.equal(noReason.status, 400);
      const rejected = await api(app(), mette, 'POST', admin(company.id, `/requests/${first.body.id}/reject`), { reason: 'Kun bogholderiet har adgang.' });
      assert.equal(rejected.status, 200, rejected.text);
      assert.equal(rejected.body.status, 'rejected');
      assert.equal(rejected.body.reason, 'Kun bogholderiet har adgang.');
      assert.equal(rejected.body.decidedRole, undefined);
      const mail = (await mails(db(), { kind: 'access-rejected', to: 'rie@demo.example' })).at(-1);
      assert.ok(mail?.text.includes('Kun bogholderiet har adgang.'), mail?.text);
      assert.equal((await db().selectFrom('membership').select('role').where('user_id', '=', rie.userId).execute()).length, 0);

      const second = await api(app(), rie, 'POST', '/api/access-requests', { organisationId: company.id, role: 'reader', folderIds: null });
      assert.equal(second.status, 201, 'after a rejection one may ask again');
      const profile = await api(app(), rie, 'GET', '/api/profile');
      assert.deepEqual(profile.body.requests.map((r: { status: string }) => r.status), ['pending', 'rejected']);
      const byOther = await api(app(), sofie, 'DELETE', `/api/access-requests/${second.body.id}`);
      assert.equal(byOther.status, 404, 'only one\'s own request');
      const withdrawn = await api(app(), rie, 'DELETE', `/api/access-requests/${second.body.id}`);
      assert.equal(withdrawn.status, 204);
      assert.equal((await api(app(), rie, 'DELETE', `/api/access-requests/${second.body.id}`)).body.errorCode, 'REQUEST_DECIDED');
      const after = await api(app(), mette, 'GET', admin(company.id, `/requests/${second.body.id}`));
      assert.equal(after.body.status, 'withdrawn');
      assert.equal((await eventsOfType(db(), 'ACCESS_REQUEST_WITHDRAWN')).length, 1);
    });

    it('mails a request for super-administrator to the super-administrators only', async () => {
      // Ole becomes an administrator with a confirmed address
      const promoted = await api(app(), mette, 'PUT', admin(company.id, `/people/${ole.userId}`), { role: 'admin', folderIds: null });
      assert.equal(promoted.status, 200, promoted.text);
      await confirmAddress(app(), db(), ole, 'ole@demo.example');
      const before = (await mails(db(), { kind: 'access-request' })).length;

      const tim = await employeeLogin(ctx, COMPANY, 'Tim Holt');
      await confirmAddress(app(), db(), tim, 'tim@demo.example');
      const asked = await api(app(), tim, 'POST', '/api/access-requests', { organisationId: company.id, role: 'super-admin', folderIds: null });
      assert.equal(asked.status, 201);
      assert.deepEqual((await mails(db(), { kind: 'access-request' })).slice(before).map((m) => m.recipient), ['mette@demo.example']);
      const byAdmin = await api(app(), ole, 'POST', admin(company.id, `/requests/${asked.body.id}/approve`));
      assert.equal(byAdmin.status, 403);
      assert.equal(byAdmin.body.errorCode, 'FORBIDDEN_ROLE');

      const writer = await employeeLogin(ctx, COMPANY, 'Vera Vang');
      await confirmAddress(app(), db(), writer, 'vera@demo.example');
      const asWriter = await api(app(), writer, 'POST', '/api/access-requests', { organisationId: company.id, role: 'writer', folderIds: null });
      assert.deepEqual((await mails(db(), { kind: 'access-request' })).filter((m) => m.text.includes(asWriter.body.id)).map((m) => m.recipient).sort(),
        ['mette@demo.example', 'ole@demo.example']);
    });

    it('refuses folder limits that do not fit: another mailbox\'s folder, a limited administrator, limits in a standard mailbox — and writes nothing', async () => {
      const before = await peopleSnapshot(db());
      const foreign = await api(app(), mette, 'PUT', admin(company.id, `/people/${sofie.userId}`), { role: 'reader', folderIds: [authority.folders['Indbakke']] });
      assert.equal(foreign.status, 422);
      assert.equal(foreign.body.errorCode, 'FOLDER_NOT_FOUND');
      const limitedAdmin = await api(app(), mette, 'PUT', admin(company.id, `/people/${sofie.userId}`), { role: 'admin', folderIds: [company.folders['Løn']] });
      assert.equal(limitedAdmin.body.errorCode, 'ROLE_CANNOT_BE_LIMITED');
      const foreignInvite = await api(app(), mette, 'POST', admin(company.id, '/invitations'), { email: 'x@demo.example', role: 'reader', folderIds: [authority.folders['Indbakke']] });
      assert.equal(foreignInvite.body.errorCode, 'FOLDER_NOT_FOUND');
      const foreignRequest = await api(app(), sofie, 'POST', admin(company.id, '/requests'), {});
      assert.equal(foreignRequest.status, 404, 'no such route');

      await db().updateTable('mailbox').set({ level: 'standard' }).where('id', '=', company.mailboxId).execute();
      try {
        const standard = await api(app(), mette, 'PUT', admin(company.id, `/people/${sofie.userId}`), { role: 'reader', folderIds: [company.folders['BBR']] });
        assert.equal(standard.status, 422);
        assert.equal(standard.body.errorCode, 'EXTENDED_REQUIRED');
      } finally {
        await db().updateTable('mailbox').set({ level: 'extended' }).where('id', '=', company.mailboxId).execute();
      }
      assert.equal(await peopleSnapshot(db()), before);
    });

    it('answers 404 for another organisation\'s requests, people and invitations, and for an organisation one is not a member of', async () => {
      const request = (await db().selectFrom('access_request').select('id').where('organisation_id', '=', company.id).executeTakeFirstOrThrow()).id;
      const invited = await api(app(), mette, 'POST', admin(company.id, '/invitations'), { email: 'ny@demo.example', role: 'writer', folderIds: null });
      assert.equal(invited.status, 201, invited.text);
      const before = await peopleSnapshot(db());

      for (const [method, url, payload] of [
        ['GET', admin(company.id, '/people')],
        ['GET', admin(company.id, '/requests')],
        ['GET', admin(company.id, '/history')],
        ['DELETE', admin(company.id, `/people/${sofie.userId}`), {}],
      ] as const) {
        const response = await api(app(), karen, method, url, payload);
        assert.equal(response.status, 404, url);
        assert.equal(response.body.errorCode, 'ORGANISATION_NOT_FOUND');
      }
      const cases = [
        ['GET', admin(authority.id, `/requests/${request}`), undefined, 'REQUEST_NOT_FOUND'],
        ['POST', admin(authority.id, `/requests/${request}/approve`), {}, 'REQUEST_NOT_FOUND'],
        ['POST', admin(authority.id, `/requests/${request}/reject`), { reason: 'Nej' }, 'REQUEST_NOT_FOUND'],
        ['PUT', admin(authority.id, `/people/${mette.userId}`), { role: 'reader', folderIds: null }, 'PERSON_NOT_FOUND'],
        ['DELETE', admin(authority.id, `/people/${mette.userId}`), {}, 'PERSON_NOT_FOUND'],
        ['DELETE', admin(authority.id, `/invitations/${invited.body.id}`), undefined, 'INVITATION_NOT_FOUND'],
      ] as const;
      for (const [method, url, payload, code] of cases) {
        const response = await api(app(), karen, method, url, payload);
        assert.equal(response.status, 404, url);
        assert.equal(response.body.errorCode, code, url);
      }
      // an employee asks only the organisation of their own login
      const elsewhere = await api(app(), sofie, 'POST', '/api/access-requests', { organisationId: authority.id, role: 'reader', folderIds: null });
      assert.equal(elsewhere.status, 404);
      assert.equal(elsewhere.body.errorCode, 'ORGANISATION_NOT_FOUND');
      assert.equal(await peopleSnapshot(db()), before);
    });

    it('lets only administrators handle people, and only super-administrators super-administrators (403)', async () => {
      const before = await peopleSnapshot(db());
      const reader = await api(app(), sofie, 'GET', admin(company.id, '/people'));
      assert.equal(reader.status, 403);
      assert.equal(reader.body.errorCode, 'FORBIDDEN_ROLE');
      // Ole is an administrator now
      for (const [method, url, payload] of [
        ['PUT', admin(company.id, `/people/${sofie.userId}`), { role: 'super-admin', folderIds: null }],
        ['PUT', admin(company.id, `/people/${mette.userId}`), { role: 'admin', folderIds: null }],
        ['DELETE', admin(company.id, `/people/${mette.userId}`), {}],
        ['POST', admin(company.id, '/invitations'), { email: 'boss@demo.example', role: 'super-admin', folderIds: null }],
      ] as const) {
        const response = await api(app(), ole, method, url, payload);
        assert.equal(response.status, 403, `${method} ${url}`);
        assert.equal(response.body.errorCode, 'FORBIDDEN_ROLE');
      }
      assert.equal(await peopleSnapshot(db()), before);

      const changed = await api(app(), ole, 'PUT', admin(company.id, `/people/${sofie.userId}`), { role: 'writer', folderIds: [company.folders['Løn'], company.folders['BBR']] });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(changed.body.role, 'writer');
      assert.deepEqual(changed.body.folders.map((f: { name: string }) => f.name).sort(), ['BBR', 'Løn']);
      assert.deepEqual(changed.body.grantedBy, { kind: 'user', name: 'Ole Pedersen', userId: ole.userId });
    });

    it('needs the CSRF token for every change', async () => {
      const before = await peopleSnapshot(db());
      const withoutCsrf = (who: TestSession) => ({ ...who, headers: { cookie: who.headers.cookie! } });
      for (const [who, method, url, payload] of [
        [mette, 'PUT', admin(company.id, `/people/${sofie.userId}`), { role: 'reader', folderIds: null }],
        [mette, 'DELETE', admin(company.id, `/people/${sofie.userId}`), {}],
        [mette, 'POST', admin(company.id, '/invitations'), { email: 'a@demo.example', role: 'reader', folderIds: null }],
        [sofie, 'PUT', '/api/profile', { name: 'Sofie', email: 'sofie2@demo.example' }],
        [sofie, 'POST', '/api/access-requests', { organisationId: company.id, role: 'reader', folderIds: null }],
        [sofie, 'POST', '/api/invitations/accept', { token: 'x'.repeat(43) }],
      ] as const) {
        const response = await api(app(), withoutCsrf(who), method, url, payload);
        assert.equal(response.status, 403, `${method} ${url}`);
        assert.equal(response.body.errorCode, 'CSRF_TOKEN_INVALID');
      }
      assert.equal((await api(app(), undefined, 'GET', '/api/profile')).status, 401);
      assert.equal(await peopleSnapshot(db()), before);
    });

    it('never leaves an organisation without a super-administrator: the last one can be neither demoted nor revoked (409, nothing written)', async () => {
      const before = await peopleSnapshot(db());
      const demoted = await api(app(), mette, 'PUT', admin(company.id, `/people/${mette.userId}`), { role: 'admin', folderIds: null });
      assert.equal(demoted.status, 409);
      assert.equal(demoted.body.errorCode, 'LAST_ADMINISTRATOR');
      const revoked = await api(app(), mette, 'DELETE', admin(company.id, `/people/${mette.userId}`), {});
      assert.equal(revoked.status, 409);
      assert.equal(revoked.body.errorCode, 'LAST_ADMINISTRATOR');
      assert.equal(await peopleSnapshot(db()), before);

      // with a second super-administrator, the first may step down
      const promoted = await api(app(), mette, 'PUT', admin(company.id, `/people/${ole.userId}`), { role: 'super-admin', folderIds: null });
      assert.equal(promoted.status, 200);
      const down = await api(app(), mette, 'PUT', admin(company.id, `/people/${mette.userId}`), { role: 'admin', folderIds: null });
      assert.equal(down.status, 200, down.text);
      const oleLast = await api(app(), ole, 'DELETE', admin(company.id, `/people/${ole.userId}`)); // without a body, as curl -X DELETE sends it
      assert.equal(oleLast.body.errorCode, 'LAST_ADMINISTRATOR');
      const back = await api(app(), ole, 'PUT', admin(company.id, `/people/${mette.userId}`), { role: 'super-admin', folderIds: null });
      assert.equal(back.status, 200);
    });

    it('revokes access: the membership ends, the history closes, the person\'s sessions end at once and they are mailed', async () => {
      const second = await sessionOf(db(), sofie.userId, sofie.name);
      assert.equal((await api(app(), sofie, 'GET', '/api/session')).status, 200);
      const revoked = await api(app(), mette, 'DELETE', admin(company.id, `/people/${sofie.userId}`), { reason: 'Fratrådt.' });
      assert.equal(revoked.status, 204, revoked.text);
      for (const session of [sofie, second]) {
        const next = await api(app(), session, 'GET', '/api/session');
        assert.equal(next.status, 401);
        assert.equal(next.body.errorCode, 'UNAUTHENTICATED');
      }
      assert.equal(await db().selectFrom('session').select('user_id').where('user_id', '=', sofie.userId).executeTakeFirst(), undefined);
      assert.equal(await db().selectFrom('membership').select('role').where('user_id', '=', sofie.userId).executeTakeFirst(), undefined);
      const mail = (await mails(db(), { kind: 'access-revoked', to: 'sofie@demo.example' })).at(-1);
      assert.ok(mail?.text.includes('Fratrådt.'));
      const [event] = (await eventsOfType(db(), 'MEMBERSHIP_REVOKED')).filter((e) => e.data.userId === sofie.userId);
      assert.equal(event?.actor, `user:${mette.userId}`);
      assert.equal(event?.data.sessionsEnded, 2);
      const again = await api(app(), mette, 'DELETE', admin(company.id, `/people/${sofie.userId}`), {});
      assert.equal(again.body.errorCode, 'PERSON_NOT_FOUND');

      // the history: who could see what, from when to when, granted and ended by whom (newest first)
      const history = await api(app(), mette, 'GET', admin(company.id, '/history'));
      assert.equal(history.status, 200);
      const sofies = history.body.filter((p: { userId: string }) => p.userId === sofie.userId);
      assert.deepEqual(sofies.map((p: { role: string; folders: { name: string }[] | null; grantedBy: { name: string }; endedBy: { name: string } | null; endReason: string | null }) =>
        [p.role, p.folders?.map((f) => f.name).sort() ?? null, p.grantedBy.name, p.endedBy?.name ?? null, p.endReason]), [
        ['writer', ['BBR', 'Løn'], 'Ole Pedersen', 'Mette Nielsen', 'Fratrådt.'],
        ['reader', ['Løn'], 'Mette Nielsen', 'Ole Pedersen', 'role changed'],
      ]);
      assert.ok(sofies.every((p: { to: string | null }) => p.to !== null), 'every period of Sofie has ended');
      const froms = history.body.map((p: { from: string }) => p.from);
      assert.deepEqual(froms, [...froms].sort().reverse(), 'newest first');
    });

    it('invites by e-mail: the link works once, for a person of that organisation, until it expires or is revoked', async () => {
      const invited = await api(app(), mette, 'POST', admin(company.id, '/invitations'), { email: 'nina@demo.example', role: 'reader', folderIds: [company.folders['BBR']] });
      assert.equal(invited.status, 201, invited.text);
      assert.equal(invited.body.status, 'open');
      assert.deepEqual(invited.body.folders, [{ id: company.folders['BBR'], name: 'BBR' }]);
      const days = (Date.parse(invited.body.expiresAt) - Date.now()) / 86400_000;
      assert.ok(days > 6.9 && days <= 7, `expires in 7 days, not ${days}`);
      const token = await tokenFromMail(db(), 'invitation', 'nina@demo.example', '/invitation');
      const row = await db().selectFrom('invitation').select('token_sha256').where('id', '=', invited.body.id).executeTakeFirstOrThrow();
      assert.notEqual(row.token_sha256, token, 'only the hash is kept');

      const stranger = await employeeLogin(ctx, AUTHORITY, 'Kommunal Medarbejder');
      const other = await api(app(), stranger, 'POST', '/api/invitations/accept', { token });
      assert.equal(other.status, 403);
      assert.equal(other.body.errorCode, 'INVITATION_OTHER_ORGANISATION');

      const nina = await employeeLogin(ctx, COMPANY, 'Nina Lund');
      const accepted = await api(app(), nina, 'POST', '/api/invitations/accept', { token });
      assert.equal(accepted.status, 200, accepted.text);
      assert.deepEqual(accepted.body, { organisationId: company.id, mailboxId: company.mailboxId, role: 'reader' });
      const membership = await db().selectFrom('membership').select(['role', 'folder_ids', 'granted_by']).where('user_id', '=', nina.userId).executeTakeFirstOrThrow();
      assert.deepEqual(membership, { role: 'reader', folder_ids: [company.folders['BBR']], granted_by: `user:${mette.userId}` });
      const folders = await api(app(), nina, 'GET', `/api/mailboxes/${company.mailboxId}/folders`);
      assert.deepEqual(folders.body.folders.map((f: { name: string }) => f.name), ['BBR']);

      const reused = await api(app(), await employeeLogin(ctx, COMPANY), 'POST', '/api/invitations/accept', { token });
      assert.equal(reused.status, 409);
      assert.equal(reused.body.errorCode, 'INVITATION_USED');
      const unknown = await api(app(), nina, 'POST', '/api/invitations/accept', { token: 'A'.repeat(43) });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.errorCode, 'INVITATION_UNKNOWN');

      const late = await api(app(), mette, 'POST', admin(company.id, '/invitations'), { email: 'late@demo.example', role: 'writer', folderIds: null });
      const lateToken = await tokenFromMail(db(), 'invitation', 'late@demo.example', '/invitation');
      await db().updateTable('invitation').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', late.body.id).execute();
      const before = await peopleSnapshot(db());
      const expired = await api(app(), await employeeLogin(ctx, COMPANY), 'POST', '/api/invitations/accept', { token: lateToken });
      assert.equal(expired.status, 409);
      assert.equal(expired.body.errorCode, 'INVITATION_EXPIRED');

      const revokedInvitation = await api(app(), mette, 'POST', admin(company.id, '/invitations'), { email: 'gone@demo.example', role: 'writer', folderIds: null });
      const revokedToken = await tokenFromMail(db(), 'invitation', 'gone@demo.example', '/invitation');
      assert.equal((await api(app(), mette, 'DELETE', admin(company.id, `/invitations/${revokedInvitation.body.id}`))).status, 204);
      const revoked = await api(app(), await employeeLogin(ctx, COMPANY), 'POST', '/api/invitations/accept', { token: revokedToken });
      assert.equal(revoked.status, 409);
      assert.equal(revoked.body.errorCode, 'INVITATION_REVOKED');
      assert.equal((await api(app(), mette, 'DELETE', admin(company.id, `/invitations/${invited.body.id}`))).body.errorCode, 'INVITATION_USED');
      assert.notEqual(await peopleSnapshot(db()), before, 'the revocation wrote');

      const list = await api(app(), mette, 'GET', admin(company.id, '/invitations'));
      const status = Object.fromEntries(list.body.map((i: { email: string; status: string }) => [i.email, i.status]));
      assert.equal(status['nina@demo.example'], 'accepted');
      assert.equal(status['late@demo.example'], 'expired');
      assert.equal(status['gone@demo.example'], 'revoked');
      const acceptedView = list.body.find((i: { email: string }) => i.email === 'nina@demo.example');
      assert.deepEqual(acceptedView.acceptedBy, { userId: nina.userId, name: 'Nina Lund' });
      assert.deepEqual((await eventsOfType(db(), 'INVITATION_ACCEPTED')).map((e) => e.data.userId), [nina.userId]);
    });

    it('lets the operator invite an organisation\'s first administrator (inviteAdministrator), who becomes super-administrator', async () => {
      const refusal = (code: string) => (err: unknown) => err instanceof Refusal && err.code === code;
      await assert.rejects(inviteAdministrator(ctx, 'cli', '99999999', 'a@b.example'), refusal('ORGANISATION_NOT_FOUND'));
      await assert.rejects(inviteAdministrator(ctx, 'cli', AUTHORITY, 'not an address'), refusal('EMAIL_INVALID'));
      const invitation = await inviteAdministrator(ctx, 'operator:drift', AUTHORITY, 'chef@kommunen.example');
      assert.match(invitation.link, new RegExp(`^${PUBLIC_URL}/invitation\\?token=[A-Za-z0-9_-]{43}$`));
      assert.equal(invitation.link.slice(invitation.link.indexOf('=') + 1), await tokenFromMail(db(), 'invitation', 'chef@kommunen.example', '/invitation'));
      const chef = await employeeLogin(ctx, AUTHORITY, 'Kommunens Chef');
      const accepted = await api(app(), chef, 'POST', '/api/invitations/accept', { token: invitation.link.split('token=')[1] });
      assert.equal(accepted.status, 200, accepted.text);
      assert.equal(accepted.body.role, 'super-admin');
      const members = await api(app(), chef, 'GET', admin(authority.id, '/people'));
      const me = members.body.find((m: { userId: string }) => m.userId === chef.userId);
      assert.deepEqual([me.role, me.grantedBy], ['super-admin', { kind: 'operator', name: 'drift' }]);
    });

    it('makes an employee the provider marks as lead administrator super-administrator; an unknown employee of a known organisation gets a user without mailboxes', async () => {
      const plain = await employeeLogin(ctx, AUTHORITY, 'Ny Medarbejder');
      assert.deepEqual((await api(app(), plain, 'GET', '/api/session')).body.mailboxes, []);
      assert.equal((await api(app(), plain, 'GET', '/api/profile')).body.organisation.id, authority.id);
      const lead = await employeeLogin(ctx, AUTHORITY, 'Leder Lund', true);
      const session = await api(app(), lead, 'GET', '/api/session');
      assert.deepEqual(session.body.mailboxes.map((m: { role: string; cvr: string }) => [m.role, m.cvr]), [['super-admin', AUTHORITY]]);
      const history = await api(app(), lead, 'GET', admin(authority.id, '/history'));
      const mine = history.body.find((p: { userId: string }) => p.userId === lead.userId);
      assert.deepEqual(mine.grantedBy.kind, 'idp');
      assert.equal((await verifyEvents(db())).ok, true);
    });
  });
}
