// Never lose your work, end to end (docs/portal.md: "Drafts", "Session timeout", "Restore and undo"):
// a real Kuvert server whose sessions end after 30 idle seconds (SESSION_IDLE_MINUTES=0.5, a real
// expiry: the browser's clock is not touched), Debian's chromium, the development identity provider.
// A citizen's reply survives the end of his session; a draft is saved, reopened from Kladder and sent,
// or discarded after asking; an employee's draft is not seen by a colleague; a delete is undone, a
// message in Slettet goes back to its own folder, and deleting for good asks first. Desktop and 320 px,
// Danish and English, axe on every page.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO } from '../../src/demo/index.ts';
import { basic } from '../helpers/api.ts';
import { letter } from '../helpers/memo.ts';
import type { ServerProcess } from '../helpers/process.ts';
import { assertAccessible, DESKTOP_WINDOW, heading, loginAs, NO_CHROMIUM, noSidewaysScrolling, PHONE_WINDOW, SHOTS, startWebRig, type WebRig } from './browser.ts';

const JENS = DEMO.citizens.find((c) => c.name === 'Jens Hansen')!;

async function sendLetter(server: ServerProcess, memo: { uuid: string; xml: string }): Promise<void> {
  const response = await fetch(`${server.url}/apis/v1/memos`, {
    method: 'POST', headers: { authorization: basic('authoritySender'), 'content-type': 'application/xml' }, body: memo.xml,
  });
  assert.equal(response.status, 201, await response.text());
}

const login = (context: BrowserContext, server: ServerProcess, person: string, path = '/'): Promise<Page> =>
  loginAs(context, server, person, { path, landed: (url) => url.pathname.startsWith('/postkasse/') });

/** A call to /api from the page, with its session and CSRF token, as the app makes it. */
async function pageApi(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(async ({ method, path, body }) => {
    const session = await fetch('/api/session');
    const csrf = session.ok ? (await session.json()).csrfToken : '';
    const response = await fetch(path, {
      method, headers: { 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }, { method, path, body });
}

const mailboxOf = (page: Page) => new URL(page.url()).pathname.split('/')[2]!;
const folderLink = (page: Page, name: RegExp) => page.locator('nav a.kuvert-folder-link').filter({ hasText: name }).first();

/** Opens a standard folder of the page's mailbox by its address (the compose page has no folder list; a phone folds it away). */
async function openFolder(page: Page, server: ServerProcess, kind: 'DRAFTS' | 'DELETED'): Promise<void> {
  const mailboxId = mailboxOf(page);
  const folders = (await pageApi(page, 'GET', `/api/mailboxes/${mailboxId}/folders`)).body.folders as Array<{ id: string; kind: string }>;
  await page.goto(`${server.url}/postkasse/${mailboxId}/${folders.find((f) => f.kind === kind)!.id}`);
  await heading(page);
}

describe('never lose your work (chromium)', { skip: NO_CHROMIUM, timeout: 420_000 }, () => {
  let rig: WebRig;
  let server: ServerProcess;
  let browser: Browser;

  before(async () => {
    rig = await startWebRig('drafts', { mail: false, env: { SESSION_IDLE_MINUTES: '0.5' } });
    ({ server, browser } = rig);
  });
  after(async () => { await rig?.close(); });

  it('warns before the session ends, keeps it on "Forbliv logget ind", and after a real expiry and a new login the reply typed is back', async () => {
    const title = 'Partshøring om din carport';
    await sendLetter(server, letter({ recipientId: JENS.cpr, recipientType: 'CPR', label: title, reply: true }));
    const context = await browser.newContext(DESKTOP_WINDOW);
    const page = await login(context, server, 'Jens Hansen');
    await page.getByRole('link', { name: new RegExp(title) }).first().click();
    assert.equal(await heading(page), title);
    const messageUrl = page.url();
    await page.getByRole('button', { name: 'Besvar' }).click();
    const typed = 'Jeg er uenig i afgørelsen, fordi carporten står mere end 2,5 meter fra skellet.';
    await page.getByLabel('Dit svar').fill(typed);
    await page.getByText(/Kladde gemt kl\./).waitFor({ timeout: 10_000 });

    // about 20 seconds without using the session: the warning, with a countdown
    const warning = page.getByRole('dialog', { name: 'Du bliver snart logget af' });
    await warning.waitFor({ timeout: 30_000 });
    assert.match(await warning.textContent() ?? '', /logget af om \d+ sek\./);
    await page.screenshot({ path: join(SHOTS, 'session-warning.png') });
    await assertAccessible(page, 'the timeout warning');
    await warning.getByRole('button', { name: 'Forbliv logget ind' }).click();
    await warning.waitFor({ state: 'hidden' });
    const left = await pageApi(page, 'GET', '/api/session/expiry');
    assert.equal(left.status, 200);
    assert.ok(left.body.expiresIn > 20, `extended: ${left.body.expiresIn} s left`);

    // now let it end: the app says so (the typed text was saved before)
    await warning.waitFor({ timeout: 30_000 });
    const expired = page.getByRole('dialog', { name: 'Du er blevet logget af' });
    await expired.waitFor({ timeout: 20_000 });
    assert.equal((await page.evaluate(async () => (await fetch('/api/session/expiry')).status)), 401, 'the session really ended');
    await page.screenshot({ path: join(SHOTS, 'session-expired.png') });
    await assertAccessible(page, 'the logged-out notice');

    await expired.getByRole('link', { name: 'Log ind igen' }).click();
    await page.waitForURL(/\/dev-idp\//);
    await page.getByRole('button', { name: /Jens Hansen/ }).first().click();
    await page.waitForURL(messageUrl);
    const reply = page.getByLabel('Dit svar');
    await reply.waitFor();
    await page.waitForFunction((text) => (document.querySelector('textarea') as HTMLTextAreaElement | null)?.value === text, typed);

    // sent at once: the new session, too, ends after 30 idle seconds, which an accessibility check on a loaded machine can take
    await page.getByRole('button', { name: 'Send svar' }).click();
    const refused = page.locator('.kuvert-reply .alert');
    await Promise.race([reply.waitFor({ state: 'detached', timeout: 30_000 }), refused.waitFor({ timeout: 30_000 })]).catch(() => undefined);
    if (await reply.count() > 0) await page.screenshot({ path: join(SHOTS, 'session-reply-not-sent.png'), fullPage: true });
    assert.equal(await reply.count(), 0, `the reply was sent (${(await refused.allTextContents()).join(' ')})`);
    const drafts = await pageApi(page, 'GET', `/api/mailboxes/${mailboxOf(page)}/drafts`);
    assert.deepEqual(drafts.body.drafts, [], 'sent: the draft is gone');
    await assertAccessible(page, 'the message with the reply sent after logging in again');
    await context.close();
  });

  it('saves a new message as a draft, lists it in Kladder, reopens and sends it; discards another only after asking', async () => {
    const context = await browser.newContext(DESKTOP_WINDOW);
    const page = await login(context, server, 'Jens Hansen');
    const mailboxId = mailboxOf(page);
    await page.goto(`${server.url}/postkasse/${mailboxId}/skriv`);
    await page.getByLabel(/Borgerservice/).check();
    await page.getByLabel('Emne', { exact: true }).fill('Spørgsmål om affaldsordningen');
    await page.getByLabel('Besked', { exact: true }).fill('Hvornår bliver der hentet haveaffald?');
    await page.getByRole('button', { name: 'Gem som kladde' }).click();
    await page.getByText('Din besked er gemt som kladde i Kladder.').waitFor();
    assert.match(page.url(), /\?kladde=[0-9a-f-]{36}$/, 'the address names the draft');
    await assertAccessible(page, 'the compose page with a draft');

    await openFolder(page, server, 'DRAFTS');
    assert.equal(await heading(page), 'Kladder');
    const row = page.locator('table.kuvert-drafts tbody tr').filter({ hasText: 'Spørgsmål om affaldsordningen' });
    await row.waitFor();
    assert.match(await row.textContent() ?? '', /Borgerservice \(Kommunen\)/);
    assert.match(await row.textContent() ?? '', /kl\. \d\d\.\d\d/);
    const kladderTotal = async () => ((await pageApi(page, 'GET', `/api/mailboxes/${mailboxId}/folders`)).body.folders as Array<{ kind: string; total: number }>)
      .find((f) => f.kind === 'DRAFTS')!.total;
    assert.equal(await kladderTotal(), 1, 'Kladder counts the draft');
    await page.screenshot({ path: join(SHOTS, 'drafts-list.png'), fullPage: true });
    await assertAccessible(page, 'Kladder');

    // in English
    await page.getByRole('button', { name: 'English' }).click();
    assert.equal(await heading(page), 'Drafts');
    await page.getByText('Only you can see your drafts.').waitFor();
    await page.getByRole('columnheader', { name: 'Last saved' }).waitFor();
    await assertAccessible(page, 'Drafts in English');
    await page.getByRole('button', { name: 'Dansk' }).click();

    await row.getByRole('link').click();
    assert.equal(await heading(page), 'Skriv ny besked');
    await page.getByText(/Du fortsætter på din kladde/).waitFor();
    assert.equal(await page.getByLabel('Emne', { exact: true }).inputValue(), 'Spørgsmål om affaldsordningen');
    assert.equal(await page.getByLabel('Besked', { exact: true }).inputValue(), 'Hvornår bliver der hentet haveaffald?');
    assert.ok(await page.getByLabel(/Borgerservice/).isChecked(), 'the recipient chosen');
    await page.getByRole('button', { name: 'Send besked' }).click();
    await page.getByText('Din besked er sendt.').waitFor({ timeout: 15_000 });
    assert.equal(await heading(page), 'Sendt');
    await folderLink(page, /^Kladder/).click();
    await page.getByText(/Du har ingen kladder/).waitFor();
    assert.equal(await kladderTotal(), 0);

    // another draft, discarded: asked first, and "Annullér" keeps it
    await page.goto(`${server.url}/postkasse/${mailboxId}/skriv`);
    await page.getByLabel('Emne', { exact: true }).fill('Udkast der skal væk');
    await page.getByText(/Kladde gemt kl\./).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Kassér kladde' }).click();
    const ask = page.getByRole('dialog', { name: 'Kassér kladde?' });
    await ask.waitFor();
    assert.match(await ask.textContent() ?? '', /Udkast der skal væk/);
    await assertAccessible(page, 'the discard question');
    await ask.getByRole('button', { name: 'Annullér' }).click();
    await ask.waitFor({ state: 'hidden' });
    assert.equal((await pageApi(page, 'GET', `/api/mailboxes/${mailboxId}/drafts`)).body.drafts.length, 1, 'kept');
    await page.getByRole('button', { name: 'Kassér kladde' }).click();
    await ask.getByRole('button', { name: 'Ja, kassér kladden' }).click();
    await page.getByText('Kladden er kasseret.').waitFor();
    assert.equal(await heading(page), 'Kladder');
    assert.deepEqual((await pageApi(page, 'GET', `/api/mailboxes/${mailboxId}/drafts`)).body.drafts, []);
    await context.close();
  });

  it("keeps an employee's draft from her colleagues", async () => {
    const mette = await browser.newContext(DESKTOP_WINDOW);
    const page = await login(mette, server, 'Mette Nielsen');
    const mailboxId = mailboxOf(page);
    await page.goto(`${server.url}/postkasse/${mailboxId}/skriv`);
    await page.getByLabel('Emne', { exact: true }).fill('Intern: lønforhandling');
    await page.getByText(/Kladde gemt kl\./).waitFor({ timeout: 10_000 });
    await openFolder(page, server, 'DRAFTS');
    await page.locator('table.kuvert-drafts').getByText('Intern: lønforhandling').waitFor();
    await assertAccessible(page, "Mette's Kladder (virk.dk theme)");
    await mette.close();

    const lars = await browser.newContext(DESKTOP_WINDOW);
    const colleague = await login(lars, server, 'Lars Ravn');
    assert.equal(mailboxOf(colleague), mailboxId, 'the same mailbox');
    await folderLink(colleague, /^Kladder/).click();
    await colleague.getByText(/Du har ingen kladder/).waitFor();
    assert.equal(await colleague.getByText('Intern: lønforhandling').count(), 0);
    const drafts = (await pageApi(colleague, 'GET', `/api/mailboxes/${mailboxId}/drafts`)).body.drafts;
    assert.deepEqual(drafts, []);
    await lars.close();
  });

  it('undoes a delete, restores from Slettet to its own folder, and asks before deleting for good', async () => {
    const title = 'Årsopgørelse 2026';
    await sendLetter(server, letter({ recipientId: JENS.cpr, recipientType: 'CPR', label: title }));
    const context = await browser.newContext(DESKTOP_WINDOW);
    const page = await login(context, server, 'Jens Hansen');
    const mailboxId = mailboxOf(page);
    const skat = (await pageApi(page, 'POST', `/api/mailboxes/${mailboxId}/folders`, { name: 'Skat' })).body;
    const listed = (await pageApi(page, 'GET', `/api/mailboxes/${mailboxId}/messages`)).body.messages;
    const id = listed.find((m: { label: string }) => m.label === title).id;
    await pageApi(page, 'PATCH', `/api/mailboxes/${mailboxId}/messages/${id}`, { folderId: skat.id });

    // delete, then "Fortryd"
    await page.goto(`${server.url}/postkasse/${mailboxId}/besked/${id}`);
    await page.getByRole('button', { name: 'Slet', exact: true }).click();
    const toast = page.locator('.kuvert-undo');
    await toast.getByText("Beskeden er flyttet til Slettet.").waitFor();
    assert.equal(await heading(page), 'Skat');
    await page.screenshot({ path: join(SHOTS, 'undo-delete.png') });
    await assertAccessible(page, 'the undo toast');
    await toast.getByRole('button', { name: 'Fortryd' }).click();
    await page.getByText(`"${title}" er lagt tilbage i Skat.`).waitFor();
    await page.getByRole('link', { name: new RegExp(title) }).waitFor();

    // delete again, then "Gendan" in Slettet: back to Skat
    await page.getByRole('link', { name: new RegExp(title) }).click();
    await page.getByRole('button', { name: 'Slet', exact: true }).click();
    await toast.waitFor();
    await folderLink(page, /^Slettet/).click();
    assert.equal(await heading(page), 'Slettet');
    const restore = page.getByRole('button', { name: `Gendan "${title}"` });
    await restore.waitFor();
    await assertAccessible(page, 'Slettet with Gendan');
    await restore.click();
    await restore.waitFor({ state: 'detached' });
    await folderLink(page, /^Skat/).click();
    await page.getByRole('link', { name: new RegExp(title) }).waitFor();

    // deleting for good: asked first, naming the letter
    await page.getByRole('link', { name: new RegExp(title) }).click();
    await page.getByRole('button', { name: 'Slet', exact: true }).click();
    await toast.waitFor();
    await folderLink(page, /^Slettet/).click();
    await page.getByRole('link', { name: new RegExp(title) }).click();
    await page.getByRole('button', { name: 'Slet endeligt' }).click();
    const ask = page.getByRole('dialog', { name: 'Slet for altid?' });
    await ask.waitFor();
    assert.match(await ask.textContent() ?? '', new RegExp(`"${title}" fjernes fra postkassen for altid`));
    await page.screenshot({ path: join(SHOTS, 'delete-forever.png') });
    await assertAccessible(page, 'the delete-for-good question');
    await ask.getByRole('button', { name: 'Annullér' }).click();
    assert.equal((await pageApi(page, 'GET', `/api/mailboxes/${mailboxId}/messages/${id}`)).status, 200, 'not deleted when cancelled');
    await page.getByRole('button', { name: 'Slet endeligt' }).click();
    await ask.getByRole('button', { name: 'Ja, slet for altid' }).click();
    await page.getByText('Beskeden er slettet endeligt.').waitFor();
    assert.equal((await pageApi(page, 'GET', `/api/mailboxes/${mailboxId}/messages/${id}`)).status, 404);
    await context.close();
  });

  it('works at 320 px and in English: Kladder, the compose page, the undo toast and the question', async () => {
    const context = await browser.newContext(PHONE_WINDOW);
    await sendLetter(server, letter({ recipientId: JENS.cpr, recipientType: 'CPR', label: 'Kvittering for betaling' }));
    const page = await login(context, server, 'Jens Hansen');
    const mailboxId = mailboxOf(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`${server.url}/postkasse/${mailboxId}/skriv`);
    assert.equal(await heading(page), 'Write a new message');
    await page.getByLabel('Subject', { exact: true }).fill('A question about parking');
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.getByText('Your message has been saved as a draft in Drafts.').waitFor();
    await noSidewaysScrolling(page, 'the compose page with a draft');
    await assertAccessible(page, 'the compose page at 320 px');
    await openFolder(page, server, 'DRAFTS');
    await page.locator('table.kuvert-drafts').getByText('A question about parking').waitFor();
    await noSidewaysScrolling(page, 'Drafts');
    await page.screenshot({ path: join(SHOTS, 'drafts-list-phone.png'), fullPage: true });
    await assertAccessible(page, 'Drafts at 320 px');

    const id = (await pageApi(page, 'GET', `/api/mailboxes/${mailboxId}/messages`)).body.messages.find((m: { label: string }) => m.label === 'Kvittering for betaling').id;
    await page.goto(`${server.url}/postkasse/${mailboxId}/besked/${id}`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator('.kuvert-undo').getByRole('button', { name: 'Undo' }).waitFor();
    await noSidewaysScrolling(page, 'the undo toast');
    await page.screenshot({ path: join(SHOTS, 'undo-delete-phone.png') });
    await openFolder(page, server, 'DELETED');
    await page.getByRole('link', { name: /Kvittering for betaling/ }).click();
    await page.getByRole('button', { name: 'Delete permanently' }).click();
    const ask = page.getByRole('dialog', { name: 'Delete permanently?' });
    await ask.waitFor();
    await noSidewaysScrolling(page, 'the delete-for-good question');
    await assertAccessible(page, 'the question at 320 px');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: /Restore/ }).click();
    await page.getByText(/The message has been restored to Inbox\./).waitFor();
    await context.close();
  });
});
