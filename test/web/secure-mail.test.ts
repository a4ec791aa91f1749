// The administrators' "Sikker e-mail" page end to end: a real Kuvert server that mails through a test
// mail sink, Debian's chromium driven by playwright-core, the development identity provider for logging
// in, and a test PKI made by openssl. Mette (Demo ApS's administrator) is refused an expired and a
// sign-only certificate, saves forwarding to sikker@demoaps.example, takes the link from the signed and
// encrypted confirmation mail and confirms; she registers a signing certificate and stops forwarding.
// Ole (a limited member) has no way in. axe checks the page; a screenshot goes to docs/screenshots/.
import { simpleParser } from 'mailparser';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { MailSink } from '../helpers/mail-sink.ts';
import { missing } from '../helpers/tools.ts';
import { makeTestPki, opensslCms, type TestCert, type TestPki } from '../helpers/pki.ts';
import type { ServerProcess } from '../helpers/process.ts';
import {
  assertAccessible, DESKTOP_WINDOW, heading, loginAs, NO_CHROMIUM, noSidewaysScrolling, PHONE_WINDOW, SHOTS, startWebRig, type WebRig,
} from './browser.ts';

const ADDRESS = 'sikker@demoaps.example';

const login = (context: BrowserContext, server: ServerProcess, person: string, path = '/'): Promise<Page> => loginAs(context, server, person, { path });

const pemFile = (name: string, cert: TestCert) => ({ name, mimeType: 'application/x-pem-file', buffer: Buffer.from(cert.certPem) });

describe('Sikker e-mail (chromium)', { skip: NO_CHROMIUM || missing('openssl'), timeout: 300_000 }, () => {
  let rig: WebRig;
  let server: ServerProcess;
  let sink: MailSink;
  let browser: Browser;
  let pki: TestPki;
  let mette: BrowserContext;
  let page: Page;
  let organisationId = '';
  let confirmPath = '';

  before(async () => {
    rig = await startWebRig('secure-mail');
    ({ server, browser } = rig);
    sink = rig.sink!;
    pki = makeTestPki(join(rig.dir, 'pki'));
    mette = await browser.newContext(DESKTOP_WINDOW);
  });

  after(async () => { await rig?.close(); });

  it('shows the administrator the "Sikker e-mail" link; the page has nothing set up yet', async () => {
    page = await login(mette, server, 'Mette Nielsen');
    await page.waitForURL((url) => url.pathname.startsWith('/postkasse/'));
    await heading(page);
    // the portal learns which organisation a mailbox belongs to (and so where the link goes) from the session
    const session = await (await page.request.get(`${server.url}/api/session`)).json() as { mailboxes: { role?: string; organisationId?: string }[] };
    assert.ok(session.mailboxes.some((m) => m.role === 'super-admin' && m.organisationId),
      `GET /api/session names each membership's organisationId: ${JSON.stringify(session.mailboxes)}`);
    await page.locator('header').getByRole('link', { name: 'Sikker e-mail' }).click();
    assert.equal(await heading(page), 'Sikker e-mail');
    const match = /^\/organisationer\/([0-9a-f-]{36})\/sikker-email$/.exec(new URL(page.url()).pathname);
    assert.ok(match, `the page's address: ${page.url()}`);
    organisationId = match[1]!;
    await page.getByText('Videresendelse er ikke sat op.').waitFor();
    // the demo data registers a signing certificate for Demo ApS's mail system
    await page.locator('table.kuvert-signing-certificates tbody tr').first().waitFor();
    assert.equal(await page.locator('header').getByRole('link', { name: 'Sikker e-mail' }).getAttribute('aria-current'), 'page');
    // Kuvert's own certificate, for mail to Kuvert
    const link = page.getByRole('link', { name: 'Hent Kuverts certifikat (PEM)' });
    assert.equal(await link.getAttribute('href'), '/gateway/certificate.pem');
    assert.match((await page.locator('main').textContent()) ?? '', /@kuvert\.test/);
  });

  it('lists what is missing when saving an empty form, with the focus on the list', async () => {
    await page.getByRole('button', { name: 'Gem videresendelse' }).click();
    await page.getByRole('heading', { name: 'Der er fejl i formularen' }).waitFor();
    const summary = (await page.locator('.alert-error').first().textContent()) ?? '';
    assert.match(summary, /Skriv den sikre e-mail-adresse/);
    assert.match(summary, /Vælg eller indsæt modtagercertifikatet/);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('alert-error')), true, 'focus on the error summary');
  });

  it('refuses an expired certificate and one that cannot encrypt; describes a good one before saving', async () => {
    const input = page.getByLabel('Modtagercertifikat (fil)');
    await input.setInputFiles(pemFile('udloebet.pem', pki.expired));
    await page.locator('main .alert-error', { hasText: /Certifikatet udløb den 1\. januar 2021 og kan ikke bruges/ }).waitFor();
    assert.equal(await page.locator('.kuvert-preview-ok').count(), 0);

    await input.setInputFiles(pemFile('kun-signering.crt', pki.signOnly));
    await page.locator('main .alert-error', { hasText: /kan ikke bruges til at kryptere e-mail/ }).waitFor();

    await input.setInputFiles(pemFile('sikker.pem', pki.company));
    const preview = page.locator('.kuvert-preview-ok');
    await preview.waitFor();
    const text = (await preview.textContent()) ?? '';
    assert.match(text, /Udstedt til.*Demo ApS sikker post/);
    assert.match(text, /Udstedt af.*Kuvert Test CA/);
    assert.match(text, /Gyldigt\d{1,2}\. \w+ 20\d\d – \d{1,2}\. \w+ 20\d\d/);
    assert.match(text, new RegExp(ADDRESS));
    assert.equal(await page.locator('main .alert-error', { hasText: /kryptere/ }).count(), 0, 'the refusal is gone');
    // the file's text is in the PEM field too
    assert.match(await page.getByLabel('Eller indsæt modtagercertifikatet (PEM)').inputValue(), /-----BEGIN CERTIFICATE-----/);
  });

  it('saves forwarding to sikker@demoaps.example: it awaits confirmation', async () => {
    await page.getByLabel('Sikker e-mail-adresse').fill(ADDRESS);
    await page.getByLabel('Al post').check();
    await page.getByRole('button', { name: 'Gem videresendelse' }).click();
    await page.getByText(`Videresendelsen til ${ADDRESS} er gemt.`).waitFor();
    assert.equal((await page.locator('.kuvert-status').textContent())?.trim(), 'Afventer bekræftelse');
    // "sent" only once the mail server took the mail (docs/portal.md, "Trust what you see"): with the time it went
    await page.getByText(new RegExp(`^Vi har sendt et bekræftelseslink, signeret og krypteret, til ${ADDRESS.replace(/[.]/g, '\\.')} \\(.+\\)\\. Videresendelsen starter, når en administrator åbner linket og bekræfter\\.$`)).waitFor();
    const facts = (await page.locator('.kuvert-forwarding').textContent()) ?? '';
    assert.match(facts, new RegExp(`Sikker e-mail-adresse${ADDRESS}`));
    assert.match(facts, /Post, der videresendesAl post/);
    assert.match(facts, /SHA-256-fingeraftryk([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    await page.getByText('Der er ingen fejlede videresendelser.').waitFor();
  });

  it('mails a confirmation link, signed by Kuvert and encrypted to the certificate', async () => {
    const mail = await sink.waitFor((m) => m.to.includes(ADDRESS));
    const gatewayPem = await (await fetch(`${server.url}/gateway/certificate.pem`)).text();
    assert.match(gatewayPem, /-----BEGIN CERTIFICATE-----/);
    const gatewayCert = join(rig.dir, 'kuvert-gateway.pem');
    writeFileSync(gatewayCert, gatewayPem);
    const decrypted = opensslCms(['-decrypt', '-recip', pki.company.certPath, '-inkey', pki.company.keyPath], mail.raw);
    const verified = opensslCms(['-verify', '-CAfile', gatewayCert], decrypted);
    const parsed = await simpleParser(verified);
    const link = /https?:\/\/\S+\/sikker-email\/bekraeft\?organisation=[0-9a-f-]{36}&token=[\w-]+/.exec(parsed.text ?? '')?.[0];
    assert.ok(link, `a confirmation link in:\n${parsed.text}`);
    const url = new URL(link);
    assert.equal(url.searchParams.get('organisation'), organisationId);
    confirmPath = `${url.pathname}${url.search}`;
  });

  it('Mette opens the link and confirms: forwarding is active', async () => {
    await page.goto(`${server.url}${confirmPath}`);
    assert.equal(await heading(page), 'Bekræft videresendelse');
    await page.getByText('Demo ApS har bedt om at få sin Digital Post videresendt til en sikker e-mail-adresse.').waitFor();
    await assertAccessible(page, 'the confirmation page');
    await page.getByRole('button', { name: 'Bekræft videresendelse' }).click();
    await page.waitForURL((url) => url.pathname === `/organisationer/${organisationId}/sikker-email`);
    await page.getByText('Videresendelsen er bekræftet og aktiv.').waitFor();
    await page.locator('.kuvert-status', { hasText: 'Aktiv' }).waitFor();
    assert.equal(await page.getByText('Vi har sendt et bekræftelseslink').count(), 0);
    assert.ok(!page.url().includes('token='), 'the used link is not in the address bar');
  });

  it('a used link, opened before logging in, comes back after the login and says it is no longer valid', async () => {
    const fresh = await browser.newContext(DESKTOP_WINDOW);
    try {
      const again = await login(fresh, server, 'Mette Nielsen', confirmPath);
      assert.equal(new URL(again.url()).pathname, '/sikker-email/bekraeft', 'back at the link after logging in');
      assert.equal(await heading(again), 'Bekræft videresendelse');
      await again.getByRole('button', { name: 'Bekræft videresendelse' }).click();
      await again.getByRole('heading', { name: 'Linket er ikke gyldigt længere' }).waitFor();
      assert.equal(await again.getByRole('button', { name: 'Bekræft videresendelse' }).count(), 0);
    } finally {
      await fresh.close();
    }
  });

  it('registers a signing certificate of the mail system and lists it; a second time is refused', async () => {
    const rows = page.locator('table.kuvert-signing-certificates tbody tr');
    const before = await rows.count();
    await page.getByLabel('Signeringscertifikat (fil)').setInputFiles(pemFile('signering.pem', pki.company));
    await page.getByRole('button', { name: 'Tilføj certifikat' }).click();
    await page.getByText('Certifikatet er tilføjet.').waitFor();
    assert.equal(await rows.count(), before + 1);
    const row = rows.filter({ hasText: 'Demo ApS sikker post' });
    assert.equal(await row.count(), 1);
    assert.match((await row.textContent()) ?? '', /\d+ dage/);
    assert.match((await row.textContent()) ?? '', /([0-9A-F]{2}:){31}[0-9A-F]{2}/);

    await page.getByLabel('Signeringscertifikat (fil)').setInputFiles(pemFile('signering.pem', pki.company));
    await page.getByRole('button', { name: 'Tilføj certifikat' }).click();
    await page.locator('.kuvert-signing-form .alert-error', { hasText: 'Certifikatet er allerede registreret.' }).waitFor();
    assert.equal(await rows.count(), before + 1);
  });

  it('is accessible (axe) and looks right: screenshot', async () => {
    await page.reload();
    await page.locator('.kuvert-status', { hasText: 'Aktiv' }).waitFor();
    await assertAccessible(page, 'the Sikker e-mail page');
    await page.screenshot({ path: join(SHOTS, 'secure-mail.png'), fullPage: true });
  });

  it('works at 320 px without sideways scrolling', async () => {
    const phone = await browser.newContext(PHONE_WINDOW);
    try {
      const mobile = await login(phone, server, 'Mette Nielsen', `/organisationer/${organisationId}/sikker-email`);
      assert.equal(await heading(mobile), 'Sikker e-mail');
      await mobile.locator('.kuvert-status', { hasText: 'Aktiv' }).waitFor();
      await mobile.getByLabel('Kun post, som regler vælger').check();
      await mobile.getByLabel('Navn på reglen').waitFor();
      await noSidewaysScrolling(mobile, 'the Sikker e-mail page');
    } finally {
      await phone.close();
    }
  });

  it('checks rules before saving them', async () => {
    await page.getByLabel('Kun post, som regler vælger').check();
    await page.getByLabel('Navn på reglen').fill('Lager');
    await page.getByLabel('Er lig med').fill('123');
    await page.getByLabel('Modtagercertifikat (fil)').setInputFiles(pemFile('sikker.pem', pki.company));
    await page.locator('.kuvert-preview-ok').waitFor();
    await page.getByRole('button', { name: 'Gem videresendelse' }).click();
    await page.getByRole('heading', { name: 'Der er fejl i formularen' }).waitFor();
    assert.match((await page.locator('.alert-error').first().textContent()) ?? '', /Regel 1, betingelse 1: et P-nummer er 10 cifre/);
    // a P-number of Demo ApS: saved, and still active (same confirmed address, same certificate)
    await page.getByLabel('Er lig med').fill('1012345679');
    await page.getByRole('button', { name: 'Gem videresendelse' }).click();
    await page.getByText(`Videresendelsen til ${ADDRESS} er gemt.`).waitFor();
    await page.locator('.kuvert-status', { hasText: 'Aktiv' }).waitFor();
    assert.match((await page.locator('.kuvert-forwarding').textContent()) ?? '', /Kun post, som regler vælgerLager: P-nummer er 1012345679/);
  });

  it('stops forwarding after asking', async () => {
    page.once('dialog', (dialog) => { void dialog.accept(); });
    await page.getByRole('button', { name: 'Stop videresendelse' }).click();
    await page.getByText('Videresendelsen er stoppet.').waitFor();
    await page.locator('.kuvert-status', { hasText: 'Slået fra' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Stop videresendelse' }).count(), 0);
  });

  it('Ole (a limited member) has no link, and the page and the API tell him it is for administrators', async () => {
    const ole = await browser.newContext(DESKTOP_WINDOW);
    try {
      const olePage = await login(ole, server, 'Ole Pedersen');
      await heading(olePage);
      assert.equal(await olePage.locator('header').getByRole('link', { name: 'Sikker e-mail' }).count(), 0);
      await olePage.goto(`${server.url}/organisationer/${organisationId}/sikker-email`);
      await olePage.getByRole('heading', { name: 'Ingen adgang til Sikker e-mail', level: 1 }).waitFor();
      await olePage.getByText('Kun organisationens administratorer kan se og ændre Sikker e-mail.').waitFor();
      assert.doesNotMatch((await olePage.locator('main').textContent()) ?? '', new RegExp(ADDRESS));
      const api = await olePage.request.get(`${server.url}/api/organisations/${organisationId}/secure-mail`);
      assert.equal(api.status(), 403);
      assert.equal((await api.json() as { errorCode: string }).errorCode, 'FORBIDDEN_ROLE');
      // and the confirmation page says the same without asking the server
      await olePage.goto(`${server.url}${confirmPath}`);
      await olePage.getByRole('heading', { name: 'Du kan ikke bekræfte videresendelsen' }).waitFor();
      assert.equal(await olePage.getByRole('button', { name: 'Bekræft videresendelse' }).count(), 0);
    } finally {
      await ole.close();
    }
  });
});
