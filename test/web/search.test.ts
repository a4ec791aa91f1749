// Find every letter (docs/portal.md, "Search"), end to end: a real Kuvert server with the demo data,
// Debian's chromium driven by playwright-core, the development identity provider for logging in. Jens
// searches "skat" from Indbakke and finds a letter he put in his own folder, with the folder shown, then
// narrows the search to one folder; the search stays in the address (reload, back). Mette filters Demo
// ApS's letters by P-unit and attention person and sees the P-unit's name beside its number. Desktop
// and 320 px, Danish and English, axe on every page.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO } from '../../src/demo/index.ts';
import { basic } from '../helpers/api.ts';
import { letter } from '../helpers/memo.ts';
import type { ServerProcess } from '../helpers/process.ts';
import {
  assertAccessible, DESKTOP_WINDOW, heading, loginAs, NO_CHROMIUM, noSidewaysScrolling, PHONE_WINDOW, SHOTS, startWebRig, type WebRig,
} from './browser.ts';

const JENS_CPR = '2211771212';
const COMPOUND = 'Ejendomsskattebillet 2026';
const IN_INBOX = 'Restskat for 2025';
const OWN_FOLDER = 'Boligpapirer';
const [HQ, STORE] = DEMO.company.pUnits as [{ pNumber: string; name: string }, { pNumber: string; name: string }];

async function send(server: ServerProcess, xml: string): Promise<void> {
  const response = await fetch(`${server.url}/apis/v1/memos`, {
    method: 'POST', headers: { authorization: basic('authoritySender'), 'content-type': 'application/xml' }, body: xml,
  });
  assert.equal(response.status, 201, await response.text());
}

/** Calls the portal API as the person logged in on the page (their cookie, their CSRF token). */
async function portalApi(page: Page, server: ServerProcess, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown) {
  const session = await (await page.request.get(`${server.url}/api/session`)).json() as { csrfToken: string; mailboxes: Array<{ id: string }> };
  const url = `${server.url}/api/mailboxes/${session.mailboxes[0]!.id}${path}`;
  const response = await page.request.fetch(url, { method, headers: { 'x-csrf-token': session.csrfToken }, ...(data !== undefined ? { data } : {}) });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}

/** The rows of the message list: title and the folder shown for it. */
async function hits(page: Page): Promise<Array<[string, string]>> {
  await page.locator('table.kuvert-messages tbody tr').first().waitFor();
  return page.locator('table.kuvert-messages tbody tr').evaluateAll((rows) => rows.map((r) => [
    (r.querySelector('a.kuvert-message-link')?.childNodes[0]?.textContent ?? '').trim(),
    (r.querySelector('td.kuvert-hit-folder')?.textContent ?? '').trim(),
  ] as [string, string]));
}

describe('Find every letter (chromium)', { skip: NO_CHROMIUM, timeout: 300_000 }, () => {
  let rig: WebRig;
  let server: ServerProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const context = async (options: typeof DESKTOP_WINDOW) => { const c = await browser.newContext(options); contexts.push(c); return c; };

  before(async () => {
    rig = await startWebRig('search-web', { mail: false });
    ({ server, browser } = rig);
    await send(server, letter({ recipientId: JENS_CPR, recipientType: 'CPR', label: COMPOUND }).xml);
    await send(server, letter({ recipientId: JENS_CPR, recipientType: 'CPR', label: IN_INBOX }).xml);
    await send(server, letter({ recipientId: JENS_CPR, recipientType: 'CPR', label: 'Påmindelse om tandlæge' }).xml);
    await send(server, letter({ pNumber: STORE.pNumber, attentionPerson: 'Bo Lagermand', label: 'Momsangivelse for lageret' }).xml);
    await send(server, letter({ pNumber: STORE.pNumber, attentionPerson: 'Mette Nielsen', label: 'Varsling om lagerkontrol' }).xml);
    await send(server, letter({ pNumber: HQ.pNumber, attentionPerson: 'Bo Lagermand', label: 'Momsangivelse for hovedkontoret' }).xml);
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await rig?.close();
  });

  it('Jens searches "skat" from Indbakke and finds the letter in his own folder, with the folder shown; then searches one folder', async () => {
    const page = await loginAs(await context(DESKTOP_WINDOW), server, 'Jens Hansen', { landed: (url) => url.pathname.startsWith('/postkasse/') });
    assert.equal(await heading(page), 'Indbakke');
    // he keeps the tax bill in a folder of his own
    const folder = await portalApi(page, server, 'POST', '/folders', { name: OWN_FOLDER }) as { id: string };
    const found = await portalApi(page, server, 'GET', `/messages?q=${encodeURIComponent('ejendomsskattebillet')}`) as { messages: Array<{ id: string }> };
    await portalApi(page, server, 'PATCH', `/messages/${found.messages[0]!.id}`, { folderId: folder.id });
    await page.reload();
    assert.equal(await heading(page), 'Indbakke');
    const inbox = new URL(page.url()).pathname;

    await page.getByLabel('Søg i beskeder').fill('skat');
    await page.getByRole('button', { name: 'Søg', exact: true }).click();
    assert.equal(await heading(page), 'Søgeresultat for "skat" i alle mapper');
    const all = await hits(page);
    assert.ok(all.some(([title, where]) => title === COMPOUND && where === OWN_FOLDER), `"skat" inside the compound, in his own folder: ${JSON.stringify(all)}`);
    assert.ok(all.some(([title, where]) => title === IN_INBOX && where === 'Indbakke'), JSON.stringify(all));
    assert.ok(!all.some(([title]) => title === 'Påmindelse om tandlæge'));
    assert.equal(await page.locator('table.kuvert-messages thead th', { hasText: 'Mappe' }).count(), 1, 'a folder column');
    assert.equal(new URL(page.url()).pathname, inbox, 'searched from Indbakke');
    await page.screenshot({ path: join(SHOTS, 'search-all-folders.png'), fullPage: true });
    await assertAccessible(page, 'search results in all folders');

    await page.getByLabel('Søg i', { exact: true }).selectOption({ label: 'Indbakke' });
    await page.getByRole('button', { name: 'Søg', exact: true }).click();
    assert.equal(await heading(page), 'Søgeresultat for "skat" i Indbakke');
    const narrowed = await hits(page);
    assert.ok(narrowed.some(([title]) => title === IN_INBOX));
    assert.ok(!narrowed.some(([title]) => title === COMPOUND), 'not the letter in his own folder');
    assert.match(page.url(), /[?&]q=skat&mappe=[0-9a-f-]{36}/);
    await page.reload();
    assert.equal(await heading(page), 'Søgeresultat for "skat" i Indbakke', 'a reload keeps the search');
    assert.equal(await page.getByLabel('Søg i beskeder').inputValue(), 'skat');
    await page.goBack();
    assert.equal(await heading(page), 'Søgeresultat for "skat" i alle mapper', 'back to the search in all folders');

    await page.getByRole('link', { name: 'Ryd søgning' }).click();
    assert.equal(await heading(page), 'Indbakke');
    assert.ok(!(await hits(page)).some(([title]) => title === COMPOUND));
  });

  it('at 320 px in English the folder of each hit is a line of its own, without sideways scrolling', async () => {
    const page = await loginAs(await context(PHONE_WINDOW), server, 'Jens Hansen', { landed: (url) => url.pathname.startsWith('/postkasse/') });
    await page.getByRole('button', { name: 'English' }).click();
    assert.equal(await heading(page), 'Inbox');
    await page.getByLabel('Search messages').fill('SKAT');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    assert.equal(await heading(page), 'Search results for "SKAT" in all folders');
    const row = page.locator('table.kuvert-messages tbody tr', { hasText: COMPOUND });
    const cell = row.locator('td.kuvert-hit-folder');
    assert.equal(await cell.getAttribute('data-title'), 'Folder');
    assert.equal((await cell.textContent())?.trim(), OWN_FOLDER);
    await noSidewaysScrolling(page, 'search results');
    await page.screenshot({ path: join(SHOTS, 'search-phone-en.png'), fullPage: true });
    await assertAccessible(page, 'search results at 320 px');
    await page.getByRole('button', { name: 'Dansk' }).click();
  });

  it('Mette filters Demo ApS\'s letters by P-unit and attention person, and sees the P-unit\'s name beside its number', async () => {
    const page = await loginAs(await context(DESKTOP_WINDOW), server, 'Mette Nielsen', { landed: (url) => url.pathname.startsWith('/postkasse/') });
    assert.equal(await heading(page), 'Indbakke');
    await page.getByLabel('P-enhed').selectOption({ label: `${STORE.name} (${STORE.pNumber})` });
    await page.getByRole('button', { name: 'Vis breve' }).click();
    await page.waitForURL(/[?&]p=1012345679/);
    let rows = await hits(page);
    assert.deepEqual(rows.map(([title]) => title).sort(), ['Momsangivelse for lageret', 'Varsling om lagerkontrol']);
    const unitCell = page.locator('table.kuvert-messages tbody tr', { hasText: 'Varsling om lagerkontrol' }).locator('td[data-title="P-nummer"]');
    assert.equal((await unitCell.textContent())?.trim(), `${STORE.pNumber} ${STORE.name}`, 'the number with the name beside it');

    await page.getByLabel('Att. person').selectOption('Bo Lagermand');
    await page.getByRole('button', { name: 'Vis breve' }).click();
    await page.waitForURL(/att=Bo\+Lagermand|att=Bo%20Lagermand/);
    rows = await hits(page);
    assert.deepEqual(rows.map(([title]) => title), ['Momsangivelse for lageret']);
    await page.reload();
    assert.deepEqual((await hits(page)).map(([title]) => title), ['Momsangivelse for lageret'], 'a reload keeps the filters');
    assert.equal(await page.getByLabel('P-enhed').inputValue(), STORE.pNumber);
    await assertAccessible(page, 'a company\'s filtered list');
    await page.screenshot({ path: join(SHOTS, 'search-company-filters.png'), fullPage: true });

    // with a search: the attention person's letters about VAT at every P-unit
    await page.getByLabel('P-enhed').selectOption('');
    await page.getByLabel('Søg i beskeder').fill('moms');
    await page.getByRole('button', { name: 'Søg', exact: true }).click();
    assert.deepEqual((await hits(page)).map(([title]) => title), ['Momsangivelse for hovedkontoret', 'Momsangivelse for lageret']);

    await page.getByRole('link', { name: 'Momsangivelse for lageret' }).click();
    assert.equal(await heading(page), 'Momsangivelse for lageret');
    assert.ok(((await page.locator('main').textContent()) ?? '').includes(`${STORE.name} (${STORE.pNumber})`), 'the P-unit by name and number on the letter');
    await assertAccessible(page, 'a letter with its P-unit');
    await page.goBack();
    assert.deepEqual((await hits(page)).map(([title]) => title), ['Momsangivelse for hovedkontoret', 'Momsangivelse for lageret'], 'back keeps search and filter');

    await page.getByRole('link', { name: 'Ryd filtre' }).click();
    assert.ok((await hits(page)).length >= 2);
    assert.equal(await page.getByLabel('Att. person').inputValue(), '');
  });

  it('at 320 px in English Mette\'s filters fit the screen', async () => {
    const page = await loginAs(await context(PHONE_WINDOW), server, 'Mette Nielsen', { landed: (url) => url.pathname.startsWith('/postkasse/') });
    await page.getByRole('button', { name: 'English' }).click();
    assert.equal(await heading(page), 'Inbox');
    await page.getByLabel('P-unit').selectOption({ label: `${HQ.name} (${HQ.pNumber})` });
    await page.getByRole('button', { name: 'Show letters' }).click();
    await page.waitForURL(/[?&]p=1012345678/);
    assert.ok((await hits(page)).some(([title]) => title === 'Momsangivelse for hovedkontoret'));
    await noSidewaysScrolling(page, 'a company\'s filtered list');
    await page.screenshot({ path: join(SHOTS, 'search-company-phone-en.png'), fullPage: true });
    await assertAccessible(page, 'a company\'s filtered list at 320 px');
    await page.getByRole('button', { name: 'Dansk' }).click();
  });
});
