// Notifications of new mail in the portal (docs/notifications.md), end to end: a real Kuvert server with
// the demo data and no SMTP_URL (so mail stays in the development outbox, /dev/outbox), notices sent at
// once (NOTIFY_INTERVAL_MINUTES=0), Debian's chromium driven by playwright-core. Mette (Demo ApS's
// super-administrator) adds an address on the administration page Notifikationer, confirms it through
// the link in the development outbox, a letter arrives, and the notice is in the outbox: the count and
// the folder, not the letter's title. The mail log shows it. Jens (a citizen) reaches his own page from
// the header. axe checks the pages at desktop size and at 320 px.
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

const ADDRESS = 'post@demoaps.example';
const TITLE = 'Sygedagpenge for medarbejder 0101904321';

const tabs = (page: Page) => page.getByRole('navigation', { name: 'Administrationens sider' });

/** The status message after a change: it says `text` and has the focus. */
async function statusSays(page: Page, text: string | RegExp): Promise<void> {
  const alert = page.locator('main .kuvert-status-region .alert', { hasText: text });
  await alert.waitFor();
  assert.equal(await alert.evaluate((el) => el === document.activeElement), true, `the focus is on the message "${text}"`);
}

/** Reloads /dev/outbox until a mail to `to` with `subject` is there; its article. */
async function outboxMail(page: Page, server: ServerProcess, to: string, subject: string | RegExp, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(`${server.url}/dev/outbox`);
    const article = page.locator('article.ka-mail', { hasText: to }).filter({ has: page.getByRole('heading', { name: subject }) }).first();
    if (await article.count() > 0) return article;
    assert.ok(Date.now() < deadline, `a mail to ${to} with ${subject} in the development outbox`);
    await page.waitForTimeout(250);
  }
}

describe('Notifications of new mail (chromium)', { skip: NO_CHROMIUM, timeout: 300_000 }, () => {
  let rig: WebRig;
  let server: ServerProcess;
  let browser: Browser;
  let mette: BrowserContext;
  let page: Page;
  let section = '';

  before(async () => {
    // notices go out at the next round, within seconds
    rig = await startWebRig('notifications-web', { mail: false, env: { NOTIFY_INTERVAL_MINUTES: '0' } });
    ({ server, browser } = rig);
    mette = await browser.newContext(DESKTOP_WINDOW);
  });

  after(async () => { await rig?.close(); });

  it('Mette adds an address on the page Notifikationer; it waits for its link', async () => {
    page = await loginAs(mette, server, 'Mette Nielsen', { landed: (url) => url.pathname.startsWith('/postkasse/') });
    await heading(page);
    await page.locator('header').getByRole('link', { name: 'Administration', exact: true }).click();
    assert.equal(await heading(page), 'Administration');
    await tabs(page).getByRole('link', { name: 'Notifikationer' }).click();
    const form = page.locator('form.kuvert-notify-add');
    await form.waitFor();
    section = new URL(page.url()).pathname;
    assert.match(section, /^\/organisationer\/[0-9a-f-]{36}\/administration\/notifikationer$/);
    assert.equal(await page.title(), 'Notifikationer – Administration – Kuvert');
    await page.getByText('Der er ingen e-mailadresser endnu.').waitFor();

    await form.getByRole('button', { name: 'Tilføj adresse' }).click();
    await page.getByRole('heading', { name: 'Der er fejl i formularen' }).waitFor();
    assert.match((await form.locator('.alert-error').textContent()) ?? '', /Skriv e-mailadressen\./);

    await form.getByLabel('E-mailadresse').fill(ADDRESS);
    // extended: the folders it is told of; every folder here
    await form.getByLabel('Alle mapper').check();
    await form.getByRole('button', { name: 'Tilføj adresse' }).click();
    await statusSays(page, `Vi sender et link til ${ADDRESS}.`);
    const row = page.locator('table.kuvert-notify-address-list tbody tr', { hasText: ADDRESS });
    assert.match((await row.textContent()) ?? '', /Venter på bekræftelse.*Alle mapper/);
  });

  it('the address is confirmed through the link in the development outbox (the button, not the opening, confirms)', async () => {
    const mail = await outboxMail(page, server, ADDRESS, /Bekræft din e-mailadresse/);
    assert.match((await mail.textContent()) ?? '', /Demo ApS' administratorer har bedt om/);
    const link = mail.locator('a[href*="/notifications/confirm?token="]').first();
    await link.click();
    await page.getByRole('heading', { name: 'Bekræft e-mailadresse', level: 1 }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', new RegExp(`${ADDRESS}.*Demo ApS`));
    await assertAccessible(page, 'the confirmation page');
    await page.getByRole('button', { name: 'Bekræft adressen' }).click();
    await page.getByRole('heading', { name: 'Adressen er bekræftet', level: 1 }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'notifications-confirmed.png'), fullPage: true });

    await page.goto(`${server.url}${section}`);
    const row = page.locator('table.kuvert-notify-address-list tbody tr', { hasText: ADDRESS });
    await row.getByText('Bekræftet', { exact: true }).waitFor();
  });

  it('a letter arrives, and the notice in the outbox says how many and where, never the title', async () => {
    const response = await fetch(`${server.url}/apis/v1/memos`, {
      method: 'POST', headers: { authorization: basic('authoritySender'), 'content-type': 'application/xml' },
      body: letter({ label: TITLE, pNumber: DEMO.company.pUnits[0]!.pNumber }).xml,
    });
    assert.equal(response.status, 201, await response.text());
    const notice = await outboxMail(page, server, ADDRESS, 'Ny Digital Post til Demo ApS / New Digital Post for Demo ApS');
    const text = (await notice.locator('pre').textContent()) ?? '';
    assert.match(text, /1 nyt brev i Indbakke/);
    assert.match(text, /1 new letter in Indbakke/);
    assert.ok(!text.includes(TITLE) && !text.includes('Sygedagpenge') && !text.includes('0101904321'), `no title nor CPR number in ${text}`);
    await notice.locator('a[href*="/notifications/unsubscribe?token="]').first().waitFor();
    await assertAccessible(page, 'the development outbox');
  });

  it('the mail log shows the notice and the confirmation link with their state', async () => {
    await page.goto(`${server.url}${section}`);
    const log = page.locator('table.kuvert-notify-mail-log');
    await log.waitFor();
    assert.match((await log.locator('tbody tr', { hasText: 'Besked om ny post' }).first().textContent()) ?? '', new RegExp(`${ADDRESS}.*Besked om ny post.*I udviklingspostkassen`));
    assert.match((await log.locator('tbody tr', { hasText: 'Bekræftelseslink' }).first().textContent()) ?? '', /I udviklingspostkassen/);
    // people told of chosen folders: Ole, of the folder Løn he may see
    const add = page.locator('form.kuvert-notify-add-person');
    await add.getByLabel('Person').selectOption({ label: 'Ole Pedersen (ole@demoaps.example)' });
    await add.getByLabel('Udvalgte mapper').check();
    await add.getByLabel('Løn', { exact: true }).check();
    await add.getByRole('button', { name: 'Giv besked' }).click();
    await statusSays(page, 'Ole Pedersen får nu besked om ny post.');
    assert.match((await page.locator('table.kuvert-notify-people-list tbody tr', { hasText: 'Ole Pedersen' }).textContent()) ?? '', /ole@demoaps\.example.*Løn/);
    await page.locator('main [role="status"]', { hasText: 'Henter' }).waitFor({ state: 'detached' });
    await assertAccessible(page, 'the administration page Notifikationer');
    await page.screenshot({ path: join(SHOTS, 'notifications-admin.png'), fullPage: true });

    const phone = await browser.newContext(PHONE_WINDOW);
    try {
      const mobile = await loginAs(phone, server, 'Mette Nielsen', { path: section });
      await mobile.locator('table.kuvert-notify-mail-log').waitFor();
      await assertAccessible(mobile, 'the administration page Notifikationer (320 px)');
      await noSidewaysScrolling(mobile, 'the administration page Notifikationer');
    } finally {
      await phone.close();
    }
  });

  it('Jens reaches his own notifications from the header, at desktop size and at 320 px', async () => {
    for (const window of [DESKTOP_WINDOW, PHONE_WINDOW]) {
      const context = await browser.newContext(window);
      try {
        const jens = await loginAs(context, server, 'Jens Hansen');
        await heading(jens);
        await jens.locator('header').getByRole('link', { name: 'Notifikationer' }).click();
        assert.equal(await heading(jens), 'Notifikationer');
        assert.equal(new URL(jens.url()).pathname, '/notifikationer');
        if (window === DESKTOP_WINDOW) {
          await jens.getByText('Der er ingen e-mailadresser endnu.').waitFor();
          await jens.getByRole('textbox', { name: 'E-mailadresse' }).fill('jens@example.dk');
          assert.equal(await jens.getByText('Alle mapper').count(), 0, 'a citizen\'s addresses are told of every letter');
          await jens.getByRole('button', { name: 'Tilføj adresse' }).click();
          await statusSays(jens, 'Vi sender et link til jens@example.dk.');
          await jens.locator('table.kuvert-notify-address-list tbody tr', { hasText: 'jens@example.dk' }).getByText('Venter på bekræftelse').waitFor();
          await assertAccessible(jens, 'the citizen\'s notifications');
          await jens.screenshot({ path: join(SHOTS, 'notifications-citizen.png'), fullPage: true });
        } else {
          await jens.locator('table.kuvert-notify-address-list').waitFor();
          await assertAccessible(jens, 'the citizen\'s notifications (320 px)');
          await noSidewaysScrolling(jens, 'the citizen\'s notifications');
        }
      } finally {
        await context.close();
      }
    }
  });
});
