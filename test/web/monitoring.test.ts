// The sender's error view in the portal (docs/monitoring.md) in chromium: Kommunen's sender system sends
// a letter to Jens and one to a CPR number that has no mailbox; Karen (Kommunen's super-administrator)
// goes from Administration → Systemer to "Fejl og kø", sees the refusal with its reason in plain words
// and what to change (Danish, then English), never the CPR number; axe at desktop size and at 320 px,
// where the page does not scroll sideways. One browser for the whole file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO } from '../../src/demo/index.ts';
import { basic } from '../helpers/api.ts';
import { letter } from '../helpers/memo.ts';
import {
  assertAccessible, DESKTOP_WINDOW, heading, loginAs, NO_CHROMIUM, noSidewaysScrolling, PHONE_WINDOW, SHOTS, startWebRig, type WebRig,
} from './browser.ts';

const UNKNOWN_CPR = '0101011111';

describe('Errors and queues page (chromium)', { skip: NO_CHROMIUM, timeout: 300_000 }, () => {
  let rig: WebRig;
  let path = '';

  before(async () => {
    rig = await startWebRig('monitoring-web', { mail: false });
    for (const recipientId of [DEMO.citizens[0]!.cpr, UNKNOWN_CPR]) {
      const response = await fetch(`${rig.server.url}/apis/v1/memos`, {
        method: 'POST', headers: { authorization: basic('authoritySender'), 'content-type': 'application/xml' },
        body: letter({ recipientId, recipientType: 'CPR' }).xml,
      });
      assert.equal(response.status, recipientId === UNKNOWN_CPR ? 422 : 201, await response.text());
    }
  });

  after(async () => { await rig?.close(); });

  const refusal = (page: Page) => page.locator('table.kuvert-monitoring-refusals tbody tr[data-error-code="RECIPIENT_UNKNOWN"]');

  it('shows the refusal with its reason and what to change, in Danish and English; axe finds nothing at desktop size', async () => {
    const page = await loginAs(await rig.browser.newContext(DESKTOP_WINDOW), rig.server, 'Karen Sørensen');
    await heading(page);
    await page.locator('header').getByRole('link', { name: 'Administration', exact: true }).click();
    await page.getByRole('navigation', { name: 'Administrationens sider' }).getByRole('link', { name: 'Systemer' }).click();
    await page.getByRole('link', { name: /^Se fejl, afvisninger og kø/ }).click();
    await page.waitForURL(/\/administration\/fejl-og-koe$/);
    path = new URL(page.url()).pathname;
    // the page names itself once it has loaded (the address changes first)
    await page.getByRole('heading', { name: 'Fejl og kø', level: 2 }).waitFor();
    assert.equal(await page.title(), 'Fejl og kø – Administration – Kuvert');
    const system = page.getByRole('region', { name: DEMO.systems.authoritySender.name });
    await system.getByText('I perioden: 1 modtaget, 0 ugyldige, 1 ikke tilladt.').waitFor();
    const row = refusal(page);
    await row.waitFor();
    assert.match(await row.locator('td.kuvert-monitoring-reason').textContent() ?? '', /^Der findes ingen Digital Post-postkasse for modtagerens nummer\./);
    assert.match(await row.locator('td.kuvert-monitoring-change').textContent() ?? '', /^Tjek CPR- eller CVR-nummeret\./);
    const text = await page.locator('main').textContent() ?? '';
    assert.ok(!text.includes(UNKNOWN_CPR) && !text.includes('010101-1111'), 'no CPR number on the page');
    await assertAccessible(page, 'the errors and queues page (desktop)');
    await page.screenshot({ path: join(SHOTS, 'admin-monitoring.png'), fullPage: true });

    await page.locator('header').getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Errors and queues', level: 2 }).waitFor();
    assert.match(await refusal(page).locator('td.kuvert-monitoring-change').textContent() ?? '', /^Check the CPR or CVR number\./);
    await page.locator('header').getByRole('button', { name: 'Dansk' }).click();
    await page.getByRole('heading', { name: 'Fejl og kø', level: 2 }).waitFor();
  });

  it('works at 320 px without sideways scrolling, and axe finds nothing', async () => {
    const page = await loginAs(await rig.browser.newContext(PHONE_WINDOW), rig.server, 'Karen Sørensen', { path });
    await refusal(page).waitFor();
    await assertAccessible(page, 'the errors and queues page (320 px)');
    await noSidewaysScrolling(page, 'the errors and queues page');
    await page.screenshot({ path: join(SHOTS, 'admin-monitoring-mobile.png'), fullPage: true });
  });
});
