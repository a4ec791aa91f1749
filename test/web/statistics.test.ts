// The statistics page (docs/statistics.md) in chromium: Kommunen's system sends letters to Demo ApS;
// Mette opens Administration → Statistik and sees them in the chart and the table, shows them by sender,
// downloads the CSV, reads the page in English; axe at desktop size and at 320 px, where the table
// scrolls inside its box and the page does not scroll sideways. One browser for the whole file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO } from '../../src/demo/index.ts';
import { basic } from '../helpers/api.ts';
import { letter } from '../helpers/memo.ts';
import type { ServerProcess } from '../helpers/process.ts';
import {
  assertAccessible, DESKTOP_WINDOW, heading, loginAs, NO_CHROMIUM, noSidewaysScrolling, PHONE_WINDOW, SHOTS, startWebRig, type WebRig,
} from './browser.ts';

const LETTERS = 3;

describe('Statistics page (chromium)', { skip: NO_CHROMIUM, timeout: 300_000 }, () => {
  let rig: WebRig;
  let server: ServerProcess;
  let page: Page;
  let statisticsPath = '';

  before(async () => {
    rig = await startWebRig('statistics-web', { mail: false });
    server = rig.server;
    for (let i = 0; i < LETTERS; i++) {
      const { xml } = letter({ recipientId: DEMO.company.cvr, recipientType: 'CVR' });
      const response = await fetch(`${server.url}/apis/v1/memos`, {
        method: 'POST', headers: { authorization: basic('authoritySender'), 'content-type': 'application/xml' }, body: xml,
      });
      assert.equal(response.status, 201, await response.text());
    }
  });

  after(async () => { await rig?.close(); });

  const table = (p: Page) => p.locator('table.kuvert-stats-table');
  const totalRow = (p: Page) => table(p).locator('tfoot tr');

  it('shows the letters of this month in a chart and a table, by sender too, and as a CSV file; axe finds nothing at desktop size', async () => {
    const desktop = await rig.browser.newContext(DESKTOP_WINDOW);
    page = await loginAs(desktop, server, 'Mette Nielsen');
    await heading(page);
    await page.locator('header').getByRole('link', { name: 'Administration', exact: true }).click();
    const tabs = page.getByRole('navigation', { name: 'Administrationens sider' });
    await tabs.getByRole('link', { name: 'Statistik' }).click();
    await page.waitForURL(/\/administration\/statistik$/);
    statisticsPath = new URL(page.url()).pathname;
    await table(page).waitFor();
    assert.equal(await page.title(), 'Statistik – Administration – Kuvert');
    await page.getByRole('heading', { name: /^Modtagne breve pr\. tilmeldingsgruppe, / }).waitFor();
    const row = table(page).locator('tbody tr');
    assert.equal(await row.count(), 1);
    const cells = await row.first().locator('th, td').allTextContents();
    assert.equal(cells[0], 'Uden tilmeldingsgruppe');
    assert.deepEqual(cells.slice(-2), [String(LETTERS), String(LETTERS)], 'this month, and the total');
    assert.equal(cells.length, 1 + 12 + 1, 'a name, 12 months, the total');
    assert.deepEqual((await totalRow(page).locator('th, td').allTextContents()).slice(-1), [String(LETTERS)]);
    await page.getByText(`${LETTERS} breve i alt`, { exact: true }).waitFor();

    // the chart: an image with a title and every month's total as its text alternative
    const chart = page.locator('svg[role="img"]');
    const [titleId, descId] = (await chart.getAttribute('aria-labelledby'))!.split(' ');
    assert.equal(await page.locator(`[id="${titleId}"]`).textContent(), 'Modtagne breve pr. tilmeldingsgruppe pr. måned');
    assert.match((await page.locator(`[id="${descId}"]`).textContent()) ?? '', new RegExp(`[a-zæøå]+ 20[0-9]{2}: ${LETTERS}$`));
    assert.equal(await chart.locator('rect').count(), 1, 'one bar: the letters of this month');
    await assertAccessible(page, 'the statistics page (desktop)');
    await page.screenshot({ path: join(SHOTS, 'admin-statistics.png'), fullPage: true });

    await page.getByLabel('Opdelt efter').selectOption('sender');
    await page.getByRole('button', { name: 'Vis statistik' }).click();
    await page.getByRole('heading', { name: /^Modtagne breve pr\. afsender, / }).waitFor();
    assert.match((await table(page).locator('tbody tr').first().textContent()) ?? '', /^KommunenCVR 12345678/);

    // the period must run forwards
    await page.getByLabel('Fra måned').selectOption({ index: 0 });
    await page.getByLabel('Til måned').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Vis statistik' }).click();
    await page.getByRole('heading', { name: 'Der er fejl i formularen' }).waitFor();
    assert.match((await page.locator('.kuvert-stats form').textContent()) ?? '', /Vælg en fra-måned, der ligger før til-måneden/);

    const href = await page.getByRole('link', { name: 'Hent som CSV-fil' }).getAttribute('href');
    assert.match(href ?? '', /\/statistics\.csv\?.*by=sender.*lang=da/);
    const csv = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), bytes: [...new Uint8Array(await response.arrayBuffer())] };
    }, href!);
    assert.equal(csv.type, 'text/csv; charset=utf-8');
    assert.match(csv.disposition ?? '', /^attachment; filename="kuvert-statistik-modtaget-29876543-/);
    assert.deepEqual(csv.bytes.slice(0, 3), [0xef, 0xbb, 0xbf]);
    const text = Buffer.from(csv.bytes.slice(3)).toString('utf8');
    assert.match(text, /^Afsender;CVR;/);
    assert.match(text, new RegExp(`\\r\\nKommunen;12345678;(0;)*${LETTERS};${LETTERS}\\r\\nI alt;;`));

    await page.locator('header').getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Statistics', level: 2 }).waitFor();
    await page.getByRole('heading', { name: /^Letters received per sender, / }).waitFor();
    await page.getByText(`${LETTERS} letters in all`, { exact: true }).waitFor();
    await page.locator('header').getByRole('button', { name: 'Dansk' }).click();
    await page.getByRole('heading', { name: 'Statistik', level: 2 }).waitFor();
  });

  it('works at 320 px: the table scrolls inside its box, the page does not, and axe finds nothing', async () => {
    const phone = await rig.browser.newContext(PHONE_WINDOW);
    const mobile = await loginAs(phone, server, 'Mette Nielsen', { path: statisticsPath });
    await table(mobile).waitFor();
    await mobile.locator('svg[role="img"]').waitFor();
    await assertAccessible(mobile, 'the statistics page (320 px)');
    await noSidewaysScrolling(mobile, 'the statistics page');
    const region = mobile.getByRole('region', { name: /^Tabel over Modtagne breve pr\. tilmeldingsgruppe/ });
    const { scrollWidth, clientWidth } = await region.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    assert.ok(scrollWidth > clientWidth, `the table scrolls inside its box (${scrollWidth} > ${clientWidth})`);
    assert.ok(clientWidth <= 320);
    await mobile.screenshot({ path: join(SHOTS, 'admin-statistics-mobile.png'), fullPage: true });
  });
});
