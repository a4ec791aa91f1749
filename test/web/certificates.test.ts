// Certificates in one place in the portal (docs/certificates.md), end to end: a real Kuvert server with
// the demo data, Debian's chromium driven by playwright-core, the development identity provider. Mette
// (Demo ApS's super-administrator) opens Administration → Certifikater, uploads a system's client
// certificate (PEM), sees its subject, issuer, serial and validity before anything is stored, registers
// it and finds it in the list sorted by expiry; axe checks the page at desktop size and at 320 px.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO } from '../../src/demo/index.ts';
import { daysFromNow, makeCertificate, type TestCertificate } from '../admin/certificates-helpers.ts';
import type { ServerProcess } from '../helpers/process.ts';
import {
  assertAccessible, DESKTOP_WINDOW, heading, loginAs, NO_CHROMIUM, noSidewaysScrolling, PHONE_WINDOW, SHOTS, startWebRig, type WebRig,
} from './browser.ts';

describe('Certifikater (chromium)', { skip: NO_CHROMIUM, timeout: 300_000 }, () => {
  let rig: WebRig;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let certificate: TestCertificate;
  let pemFile: string;
  let address = '';

  before(async () => {
    rig = await startWebRig('certificates-web', { mail: false });
    ({ server, browser } = rig);
    certificate = await makeCertificate({ cn: 'Demo ApS ESDH klient', organisation: 'Demo ApS', purpose: 'client', notAfter: daysFromNow(200) });
    pemFile = join(rig.dir, 'esdh-client.pem');
    writeFileSync(pemFile, certificate.pem);
  });
  after(async () => { await rig?.close(); });

  it('shows subject, issuer, serial and validity first, then registers; the list is sorted by expiry', async () => {
    const mette = await browser.newContext(DESKTOP_WINDOW);
    page = await loginAs(mette, server, 'Mette Nielsen', { landed: (url) => url.pathname.startsWith('/postkasse/') });
    await page.locator('header').getByRole('link', { name: 'Administration', exact: true }).click();
    assert.equal(await heading(page), 'Administration');
    await page.getByRole('navigation', { name: 'Administrationens sider' }).getByRole('link', { name: 'Certifikater' }).click();
    const list = page.locator('table.kuvert-certificate-list');
    await list.waitFor();
    address = new URL(page.url()).pathname;
    assert.match(address, /^\/organisationer\/[0-9a-f-]{36}\/administration\/certifikater$/);
    assert.equal(await page.title(), 'Certifikater – Administration – Kuvert');
    assert.equal(await list.locator('tbody tr').count(), 1, 'only the mail system\'s signing certificate so far');

    const form = page.locator('form.kuvert-certificate-form');
    await form.getByLabel('System', { exact: true }).selectOption({ label: DEMO.systems.companyRecipient.name });
    await form.getByLabel('Certifikatfil').setInputFiles(pemFile);
    await form.getByRole('button', { name: 'Tjek certifikatet' }).click();
    const checked = form.locator('.kuvert-certificate-check');
    await checked.getByRole('heading', { name: 'Er det det rigtige certifikat?' }).waitFor();
    const facts = (await checked.locator('dl').textContent()) ?? '';
    assert.match(facts, /Udstedt tilCN=Demo ApS ESDH klient, O=Demo ApS/);
    assert.match(facts, /Udstedt afCN=Demo ApS ESDH klient, O=Demo ApS/);
    assert.match(facts, new RegExp(`Serienummer${certificate.serial}`));
    assert.match(facts, /Gyldigt.*–.*\(\d+ dage\)/);
    assert.equal(await list.locator('tbody tr').count(), 1, 'checking stores nothing');
    await page.screenshot({ path: join(SHOTS, 'admin-certificates-check.png'), fullPage: true });

    await checked.getByRole('button', { name: 'Registrér' }).click();
    await page.locator('main .kuvert-status-region .alert', { hasText: `Certifikatet er registreret for ${DEMO.systems.companyRecipient.name}.` }).waitFor();
    await list.locator('tbody tr').nth(1).waitFor();
    const rows = list.locator('tbody tr');
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind'))), ['system-client', 'mail-signing'], 'sorted by expiry');
    const first = (await rows.first().textContent()) ?? '';
    assert.match(first, /CN=Demo ApS ESDH klient/);
    assert.match(first, new RegExp(`Systemet ${DEMO.systems.companyRecipient.name}`));
    assert.match(first, new RegExp(`Serienummer ${certificate.serial}`));
    await assertAccessible(page, 'the page Certifikater');
    await page.screenshot({ path: join(SHOTS, 'admin-certificates.png'), fullPage: true });
    await mette.close();
  });

  it('works at 320 px', async () => {
    const phone = await browser.newContext(PHONE_WINDOW);
    try {
      const small = await loginAs(phone, server, 'Mette Nielsen', { path: address, landed: (url) => url.pathname === address });
      await small.locator('table.kuvert-certificate-list tbody tr').nth(1).waitFor();
      await noSidewaysScrolling(small, 'the page Certifikater');
      await assertAccessible(small, 'the page Certifikater at 320 px');
      await small.screenshot({ path: join(SHOTS, 'admin-certificates-mobile.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });
});
