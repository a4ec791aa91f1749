// Is the mailbox emptied? in the portal (docs/emptying.md), end to end: a real Kuvert server with the
// demo data, Debian's chromium driven by playwright-core, the development identity provider for logging
// in. Mette (Demo ApS's super-administrator) marks a letter handled in the mailbox, filters the letters
// not handled, and sees the count on the administration page Tømning, where she makes Ole responsible
// for the folder Løn with a threshold of two days. axe checks the pages at desktop size and at 320 px.
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

const LABEL = 'Indberetning af sygedagpenge';

async function sendLetter(server: ServerProcess, label: string): Promise<void> {
  const response = await fetch(`${server.url}/apis/v1/memos`, {
    method: 'POST', headers: { authorization: basic('authoritySender'), 'content-type': 'application/xml' },
    body: letter({ label, pNumber: DEMO.company.pUnits[0]!.pNumber }).xml,
  });
  assert.equal(response.status, 201, await response.text());
}

/** The Indbakke row of the page Tømning: its count of letters not handled. */
async function inboxUnhandled(page: Page): Promise<number> {
  const cell = page.locator('table.kuvert-emptying-folders tbody tr', { hasText: 'Indbakke' }).locator('td.kuvert-unhandled');
  await cell.waitFor();
  return Number(/^\d+/.exec(((await cell.textContent()) ?? '').trim())?.[0]);
}

describe('Emptying the mailbox (chromium)', { skip: NO_CHROMIUM, timeout: 300_000 }, () => {
  let rig: WebRig;
  let server: ServerProcess;
  let browser: Browser;
  let mette: BrowserContext;
  let page: Page;
  let emptying = '';

  before(async () => {
    rig = await startWebRig('emptying-web', { mail: false });
    ({ server, browser } = rig);
    await sendLetter(server, LABEL);
    await sendLetter(server, 'Kontoudtog');
    mette = await browser.newContext(DESKTOP_WINDOW);
  });

  after(async () => { await rig?.close(); });

  it('Mette sees how Indbakke is emptied on the administration page Tømning', async () => {
    page = await loginAs(mette, server, 'Mette Nielsen', { landed: (url) => url.pathname.startsWith('/postkasse/') });
    assert.equal(await heading(page), 'Indbakke');
    await page.locator('header').getByRole('link', { name: 'Administration', exact: true }).click();
    assert.equal(await heading(page), 'Administration');
    await page.getByRole('navigation', { name: 'Administrationens sider' }).getByRole('link', { name: 'Tømning' }).click();
    await page.locator('table.kuvert-emptying-folders').waitFor();
    emptying = new URL(page.url()).pathname;
    assert.match(emptying, /^\/organisationer\/[0-9a-f-]{36}\/administration\/toemning$/);
    assert.equal(await page.title(), 'Tømning – Administration – Kuvert');
    assert.ok(await inboxUnhandled(page) >= 2, 'the two letters are not handled');
  });

  it('marks a letter handled in the mailbox; the list filters the letters not handled', async () => {
    const before = await inboxUnhandled(page);
    await page.goto(`${server.url}/`);
    assert.equal(await heading(page), 'Indbakke');
    await page.getByRole('link', { name: LABEL }).click();
    assert.equal(await heading(page), LABEL);
    assert.match((await page.locator('.kuvert-facts-list').textContent()) ?? '', /BehandletIkke behandlet/);
    await page.getByRole('button', { name: 'Markér som behandlet' }).click();
    await page.getByText('Brevet er markeret som behandlet.').waitFor();
    assert.match((await page.locator('.kuvert-handled-fact').textContent()) ?? '', /af Mette Nielsen$/);
    await page.getByRole('button', { name: 'Markér som ikke behandlet' }).waitFor();
    await assertAccessible(page, 'a handled letter');

    await page.goto(`${server.url}/`);
    assert.equal(await heading(page), 'Indbakke');
    const row = page.locator('tr', { has: page.getByRole('link', { name: LABEL }) });
    await row.waitFor();
    assert.equal(await row.getAttribute('data-handled'), 'true');
    assert.match((await row.textContent()) ?? '', /Behandlet/);
    const filter = page.getByRole('navigation', { name: 'Filtrér brevene' });
    await filter.getByRole('link', { name: 'Ikke behandlede' }).click();
    await page.waitForURL((url) => url.searchParams.get('vis') === 'ikke-behandlet');
    await page.getByRole('link', { name: 'Kontoudtog' }).waitFor();
    assert.equal(await page.getByRole('link', { name: LABEL }).count(), 0, 'the handled letter is left out');
    assert.equal(await filter.locator('[aria-current="true"]').textContent(), 'Ikke behandlede');
    await assertAccessible(page, 'the letters not handled');
    await page.screenshot({ path: join(SHOTS, 'emptying-unhandled.png'), fullPage: true });

    await page.goto(`${server.url}${emptying}`);
    assert.equal(await inboxUnhandled(page), before - 1, 'the page counts one letter fewer not handled');
  });

  it('makes Ole responsible for Løn with a threshold of two days', async () => {
    const loen = page.locator('table.kuvert-emptying-folders tbody tr', { hasText: 'Løn' });
    await loen.getByRole('button', { name: 'Sæt ansvarlig og frist: Løn' }).click();
    const form = page.locator('form.kuvert-watch-form');
    await form.getByRole('heading', { name: 'Tømning af Løn' }).waitFor();
    // only people who can see Løn are offered (Ole is limited to it)
    await form.getByLabel('Ansvarlig person').selectOption({ label: 'Ole Pedersen' });
    await form.getByLabel('Ansvarlig enhed (valgfri)').fill('Løn og personale');
    await form.getByLabel('Frist', { exact: true }).fill('0');
    await form.getByRole('button', { name: 'Gem' }).click();
    await page.getByRole('heading', { name: 'Der er fejl i formularen' }).waitFor();
    await form.getByLabel('Frist', { exact: true }).fill('2');
    await form.getByLabel('Enhed', { exact: true }).selectOption('days');
    await form.getByRole('button', { name: 'Gem' }).click();
    await page.locator('main .kuvert-status-region .alert', { hasText: 'Tømningen af Løn er gemt.' }).waitFor();
    await loen.filter({ hasText: 'Ole Pedersen' }).waitFor();
    assert.match((await loen.textContent()) ?? '', /Ole Pedersen.*Løn og personale.*2 dage/);
    assert.match((await page.locator('table.kuvert-emptying-systems').textContent()) ?? '', /Demo ApS ESDH.*1 dag \(standard\)/);
    await assertAccessible(page, 'the page Tømning');
    await page.screenshot({ path: join(SHOTS, 'admin-emptying.png'), fullPage: true });
  });

  it('works at 320 px', async () => {
    const phone = await browser.newContext(PHONE_WINDOW);
    try {
      const small = await loginAs(phone, server, 'Mette Nielsen', { path: emptying, landed: (url) => url.pathname === emptying });
      await small.locator('table.kuvert-emptying-folders').waitFor();
      await noSidewaysScrolling(small, 'the page Tømning');
      await assertAccessible(small, 'the page Tømning at 320 px');
      await small.screenshot({ path: join(SHOTS, 'admin-emptying-mobile.png'), fullPage: true });
      await small.goto(`${server.url}/`);
      await heading(small);
      await small.getByRole('navigation', { name: 'Filtrér brevene' }).getByRole('link', { name: 'Ikke behandlede' }).click();
      await small.getByRole('link', { name: 'Kontoudtog' }).waitFor();
      await noSidewaysScrolling(small, 'the letters not handled');
      await assertAccessible(small, 'the letters not handled at 320 px');
    } finally {
      await phone.close();
    }
  });
});
