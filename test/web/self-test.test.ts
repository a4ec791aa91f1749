// "Test om det virker" (docs/doctor.md) in chromium: Karen, Kommunen's super-administrator, presses the
// button on the administration's front page and sees everything green; then Byggesager is routed to
// a recipient system that is disabled, the test is red at the top with what to change and a link that
// opens the contact points page; in English; axe at desktop size and at 320 px.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO } from '../../src/demo/index.ts';
import {
  assertAccessible, DESKTOP_WINDOW, heading, loginAs, NO_CHROMIUM, noSidewaysScrolling, PHONE_WINDOW, SHOTS, startWebRig, type WebRig,
} from './browser.ts';

describe('Test om det virker (chromium)', { skip: NO_CHROMIUM, timeout: 300_000 }, () => {
  let rig: WebRig;
  let page: Page;

  before(async () => { rig = await startWebRig('self-test-web', { mail: false }); });
  after(async () => { await rig?.close(); });

  /** A call to the portal's API from the page, as the logged-in person (session cookie and CSRF token). */
  const portalCall = (p: Page, method: string, path: string, body?: unknown) => p.evaluate(async ({ method, path, body }) => {
    const session = await (await fetch('/api/session')).json() as { csrfToken: string };
    const response = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.json().catch(() => null) as unknown };
  }, { method, path, body });

  const button = (p: Page) => p.locator('.kuvert-self-test').getByRole('button');

  it('proves Kommunen\'s set-up green from the administration\'s front page; axe finds nothing', async () => {
    const desktop = await rig.browser.newContext(DESKTOP_WINDOW);
    page = await loginAs(desktop, rig.server, 'Karen Sørensen');
    await heading(page);
    await page.locator('header').getByRole('link', { name: 'Administration', exact: true }).click();
    await page.getByRole('heading', { name: 'Test om det virker' }).waitFor();
    await button(page).click();
    await page.getByRole('heading', { name: 'Alt virker' }).waitFor({ timeout: 60_000 });
    const checks = page.locator('.kuvert-check');
    assert.ok(await checks.count() >= 8);
    assert.equal(await page.locator('.kuvert-check-red').count(), 0);
    await page.getByText('Et svar på et brev fra Kommunen afsendersystem via Borgerservice når modtagersystemet Kommunen ESDH i samme tråd.').waitFor();
    await assertAccessible(page, 'the self-test (desktop)');
    await page.screenshot({ path: join(SHOTS, 'admin-self-test.png'), fullPage: true });
  });

  it('names a contact point routed to a disabled recipient system first, with what to change and a link there', async () => {
    const organisationId = new URL(page.url()).pathname.split('/')[2]!;
    const base = `/api/admin/organisations/${organisationId}`;
    const routed = await portalCall(page, 'PATCH', `${base}/contact-points/${DEMO.contactPoints[1].id}`, { recipientSystemId: DEMO.systems.authorityRecipient.id });
    assert.equal(routed.status, 200, JSON.stringify(routed.body));
    const disabled = await portalCall(page, 'POST', `${base}/systems/${DEMO.systems.authorityRecipient.id}/disable`, {});
    assert.ok(disabled.status < 300, JSON.stringify(disabled.body));

    await button(page).click();
    await page.getByRole('heading', { name: /^[0-9]+ ting skal rettes$/ }).waitFor({ timeout: 60_000 });
    const first = page.locator('.kuvert-check').first();
    assert.match(await first.textContent() ?? '', /Skal rettes: Kontaktpunkter Kontaktpunktet Byggesager sender sin post til modtagersystemet Kommunen ESDH, som er deaktiveret/);
    assert.match(await first.textContent() ?? '', /Sådan retter I det: Vælg et aktivt modtagersystem for Byggesager under Kontaktpunkter/);
    await assertAccessible(page, 'the self-test with red checks');

    await page.locator('header').getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: /^[0-9]+ things? to fix$/ }).waitFor();
    assert.match(await first.textContent() ?? '', /The contact point Byggesager routes its mail to the recipient system Kommunen ESDH, which is disabled/);
    await first.getByRole('link', { name: 'Go there' }).click();
    await page.waitForURL(/\/administration\/kontaktpunkter$/);
    await page.getByRole('heading', { name: 'Contact points' }).first().waitFor();
  });

  it('fits 320 px', async () => {
    const phone = await rig.browser.newContext(PHONE_WINDOW);
    const small = await loginAs(phone, rig.server, 'Karen Sørensen');
    await heading(small);
    const organisationId = new URL(page.url()).pathname.split('/')[2]!;
    await small.goto(`${rig.server.url}/organisationer/${organisationId}/administration`);
    await button(small).click();
    await small.getByRole('heading', { name: /ting skal rettes|things? to fix/ }).waitFor({ timeout: 60_000 });
    await noSidewaysScrolling(small, 'the self-test');
    await assertAccessible(small, 'the self-test (320 px)');
  });
});
