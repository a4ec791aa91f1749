// The audit trail and who administers what in the portal (docs/audit.md), end to end: a real Kuvert
// server with the demo data, Debian's chromium driven by playwright-core, the development identity
// provider for logging in. Mette (Demo ApS's super-administrator) makes Ole an administrator on the
// page Personer, finds that change on the page Revisionsspor with who, before and after, filters it,
// and sees Ole among the administrators on Hvem administrerer hvad. Ole, now an ordinary administrator,
// sees neither page. axe checks both pages at desktop size and at 320 px.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ServerProcess } from '../helpers/process.ts';
import {
  assertAccessible, DESKTOP_WINDOW, heading, loginAs, NO_CHROMIUM, noSidewaysScrolling, PHONE_WINDOW, SHOTS, startWebRig, type WebRig,
} from './browser.ts';

const tabs = (page: Page) => page.getByRole('navigation', { name: 'Administrationens sider' });
const toMailbox = (url: URL) => url.pathname.startsWith('/postkasse/');

describe('The audit trail (chromium)', { skip: NO_CHROMIUM, timeout: 300_000 }, () => {
  let rig: WebRig;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let administration = '';

  before(async () => {
    rig = await startWebRig('audit-web', { mail: false });
    ({ server, browser } = rig);
  });
  after(async () => { await rig?.close(); });

  it('Mette makes Ole an administrator and finds the change in the audit trail: who, what, before and after', async () => {
    page = await loginAs(await browser.newContext(DESKTOP_WINDOW), server, 'Mette Nielsen', { landed: toMailbox });
    await page.locator('header').getByRole('link', { name: 'Administration', exact: true }).click();
    assert.equal(await heading(page), 'Administration');
    administration = new URL(page.url()).pathname;
    await tabs(page).getByRole('link', { name: 'Personer' }).click();
    const row = page.locator('table.kuvert-people tbody tr', { hasText: 'Ole Pedersen' });
    await row.getByRole('button', { name: 'Skift rolle: Ole Pedersen' }).click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Skift rolle for Ole Pedersen' }) });
    await form.getByLabel('Administrator', { exact: true }).check();
    await form.getByRole('button', { name: 'Gem rolle' }).click();
    await page.locator('main .kuvert-status-region .alert', { hasText: 'Ole Pedersen er nu administrator.' }).waitFor();

    await tabs(page).getByRole('link', { name: 'Revisionsspor' }).click();
    const change = page.locator('table.kuvert-audit-table tbody tr[data-type="MEMBERSHIP_CHANGED"]').first();
    await change.waitFor();
    assert.equal(await page.title(), 'Revisionsspor – Administration – Kuvert');
    assert.match(new URL(page.url()).pathname, /\/administration\/revisionsspor$/);
    const cells = (await change.locator('td').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
    assert.match(cells[1]!, /^Mette Nielsen Bruger-id [0-9a-f-]{36}$/, 'who: her name and user id');
    assert.equal(cells[2], 'Adgangen for Ole Pedersen blev ændret Personer og roller');
    assert.match(cells[3]!, /^Rolle: læser Mapper: Løn$/);
    assert.match(cells[4]!, /^Rolle: administrator Mapper: alle mapper$/);
    // it is the newest change
    assert.equal(await page.locator('table.kuvert-audit-table tbody tr').first().getAttribute('data-type'), 'MEMBERSHIP_CHANGED');
    await page.screenshot({ path: join(SHOTS, 'admin-audit.png'), fullPage: true });
    await assertAccessible(page, 'the audit trail');

    // only changes of systems: Ole's is not among them; then only Mette's changes to people
    await page.getByLabel('Område').selectOption('systems');
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    // the table is shown again once every row is a change of a system (the unfiltered one has systems' changes too)
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('table.kuvert-audit-table tbody tr')];
      return rows.length > 0 && rows.every((r) => (r.getAttribute('data-type') ?? '').startsWith('SYSTEM_'));
    });
    assert.ok(await page.locator('table.kuvert-audit-table tbody tr[data-type="SYSTEM_CREATED"]').count() > 0);
    assert.equal(await page.locator('table.kuvert-audit-table tbody tr[data-type="MEMBERSHIP_CHANGED"]').count(), 0);
    await page.getByLabel('Område').selectOption('people');
    await page.getByLabel('Hvem', { exact: true }).selectOption({ label: 'Mette Nielsen' });
    await page.getByRole('button', { name: 'Vis', exact: true }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('table.kuvert-audit-table tbody tr')].every((r) => r.getAttribute('data-type') === 'MEMBERSHIP_CHANGED'));
    assert.equal(await page.locator('table.kuvert-audit-table tbody tr').count(), 1);
    const csv = await page.getByRole('link', { name: 'Hent som CSV-fil' }).getAttribute('href');
    assert.match(csv ?? '', /\/audit\.csv\?category=people&actor=user%3A[0-9a-f-]{36}&lang=da$/);
    // the text as the bytes say it (fetch's text() would drop the byte order mark)
    const file = await page.evaluate(async (href) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await fetch(href!)).arrayBuffer()), csv);
    assert.match(file, /^\uFEFFTidspunkt \(dansk tid\);Hvem;/);
    assert.match(file, /;Mette Nielsen;[0-9a-f-]{36};Personer og roller;MEMBERSHIP_CHANGED;Adgangen for Ole Pedersen blev ændret;"Rolle: læser\nMapper: Løn";"Rolle: administrator\nMapper: alle mapper"\r\n$/);
  });

  it('Who administers what shows Mette and Ole with their roles and since when', async () => {
    await tabs(page).getByRole('link', { name: 'Hvem administrerer hvad' }).click();
    const section = page.locator('.kuvert-administrators-group', { has: page.getByRole('heading', { name: 'Superadministratorer' }) });
    await section.locator('tbody tr', { hasText: 'Mette Nielsen' }).waitFor();
    const admins = page.locator('.kuvert-administrators-group', { has: page.getByRole('heading', { name: 'Administratorer', exact: true }) });
    const ole = admins.locator('tbody tr', { hasText: 'Ole Pedersen' });
    await ole.waitFor();
    assert.match((await ole.innerText()).replace(/\s+/g, ' '), /Ole Pedersen.*\d{4}.*Mette Nielsen/, 'since when, granted by Mette');
    await page.getByRole('heading', { name: 'Løn', level: 4 }).waitFor();
    await assertAccessible(page, 'who administers what');
  });

  it('works at 320 px', async () => {
    const phone = await loginAs(await browser.newContext(PHONE_WINDOW), server, 'Mette Nielsen', { landed: toMailbox });
    for (const [slug, ready] of [['revisionsspor', 'table.kuvert-audit-table'], ['administratorer', '.kuvert-administrators-group']] as const) {
      await phone.goto(`${server.url}${administration}/${slug}`);
      await phone.locator(ready).first().waitFor();
      await noSidewaysScrolling(phone, slug);
      await assertAccessible(phone, `${slug} at 320 px`);
    }
    await phone.screenshot({ path: join(SHOTS, 'admin-administrators-mobile.png'), fullPage: true });
  });

  it('Ole, an ordinary administrator, sees neither page', async () => {
    const ole = await loginAs(await browser.newContext(DESKTOP_WINDOW), server, 'Ole Pedersen', { landed: toMailbox });
    await ole.goto(`${server.url}${administration}/revisionsspor`);
    await ole.getByText('Den side kan din rolle ikke se. Her er overblikket i stedet.').waitFor();
    const shown = (await tabs(ole).getByRole('link').allInnerTexts()).map((t) => t.trim());
    assert.ok(shown.includes('Personer'), `Ole administers people: ${shown.join(', ')}`);
    assert.ok(!shown.includes('Revisionsspor') && !shown.includes('Hvem administrerer hvad'), shown.join(', '));
    assert.equal(await ole.locator('table.kuvert-audit-table').count(), 0);
    const answer = await ole.evaluate(async (path) => (await fetch(`/api${path.replace('/organisationer/', '/admin/organisations/').replace('/administration', '')}/audit`)).status, administration);
    assert.equal(answer, 403);
  });
});
