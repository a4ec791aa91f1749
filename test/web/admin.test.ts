// The administration pages end to end: a real Kuvert server that mails through a test mail sink,
// Debian's chromium driven by playwright-core, the development identity provider for logging in.
// Mette (Demo ApS's super-administrator) opens Administration, sees people and systems, creates a
// recipient system whose secret is shown once and works, invites someone, and is told why the mailbox
// cannot switch to standard. Karen (Kommunen) groups and deactivates contact points. Then the whole
// journey: Sofie (an employee of Demo ApS without access) confirms her e-mail and asks for access;
// Mette opens the link in the mail and approves her as a reader limited to the folder Løn; Sofie sees
// only that folder; Mette revokes her access and Sofie is logged out. axe checks every page at desktop
// size and at 320 px; screenshots go to docs/screenshots/ (UPDATE_SCREENSHOTS=1).
import { simpleParser } from 'mailparser';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { MailSink, SunkMail } from '../helpers/mail-sink.ts';
import type { ServerProcess } from '../helpers/process.ts';
import {
  assertAccessible, DESKTOP_WINDOW, heading, loginAs, NO_CHROMIUM, noSidewaysScrolling, PHONE_WINDOW, SHOTS, startWebRig, type WebRig,
} from './browser.ts';

const METTE_EMAIL = 'mette.nielsen@demoaps.example';
const SOFIE_EMAIL = 'sofie@demoaps.example';
const INVITED = 'ny.medarbejder@demoaps.example';
const SECTIONS = ['', '/personer', '/anmodninger', '/historik', '/systemer'];

const tabs = (page: Page) => page.getByRole('navigation', { name: 'Administrationens sider' });

/** The text of the first mail to `to` that matches `pattern` (waits for it to arrive). */
async function mailTo(sink: MailSink, to: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const parsed = new Map<SunkMail, string>();
  for (;;) {
    for (const mail of sink.mails.filter((m) => m.to.includes(to))) {
      if (!parsed.has(mail)) parsed.set(mail, (await simpleParser(mail.raw)).text ?? '');
      if (pattern.test(parsed.get(mail)!)) return parsed.get(mail)!;
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} with ${pattern} (${[...parsed.values()].join('\n---\n')})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The link in the first mail to `to` that has one matching `pattern`. */
async function linkFromMail(sink: MailSink, to: string, pattern: RegExp): Promise<URL> {
  return new URL(pattern.exec(await mailTo(sink, to, pattern))![0]);
}

/** The status message after a change: it says `text` and has the focus. */
async function statusSays(page: Page, text: string | RegExp): Promise<void> {
  const alert = page.locator('main .kuvert-status-region .alert', { hasText: text });
  await alert.waitFor();
  assert.equal(await alert.evaluate((el) => el === document.activeElement), true, `the focus is on the message "${text}"`);
}

describe('Administration and access requests (chromium)', { skip: NO_CHROMIUM, timeout: 400_000 }, () => {
  let rig: WebRig;
  let server: ServerProcess;
  let sink: MailSink;
  let browser: Browser;
  let mette: BrowserContext;
  let page: Page;
  let organisationId = '';
  let admin = '';
  let invitationPath = '';

  before(async () => {
    rig = await startWebRig('admin-web');
    ({ server, browser } = rig);
    sink = rig.sink!;
    mette = await browser.newContext(DESKTOP_WINDOW);
    await mette.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  });

  after(async () => { await rig?.close(); });

  it('Mette opens Administration from the header: the overview of Demo ApS', async () => {
    page = await loginAs(mette, server, 'Mette Nielsen');
    await page.waitForURL((url) => url.pathname.startsWith('/postkasse/'));
    await heading(page);
    const link = page.locator('header').getByRole('link', { name: 'Administration', exact: true });
    // the administrators' other link stays
    await page.locator('header').getByRole('link', { name: 'Sikker e-mail' }).waitFor();
    await link.click();
    assert.equal(await heading(page), 'Administration');
    const match = /^\/organisationer\/([0-9a-f-]{36})\/administration$/.exec(new URL(page.url()).pathname);
    assert.ok(match, `the page's address: ${page.url()}`);
    organisationId = match[1]!;
    admin = `/organisationer/${organisationId}/administration`;
    assert.equal(await link.getAttribute('aria-current'), 'page');
    assert.equal(await page.title(), 'Overblik – Administration – Kuvert');
    const facts = (await page.locator('main .kuvert-facts-list').textContent()) ?? '';
    assert.match(facts, /OrganisationDemo ApS/);
    assert.match(facts, /CVR-nummer29876543/);
    assert.match(facts, /FunktionalitetUdvidet/);
    assert.match(facts, /Din rolleSuperadministrator/);
    // a super-administrator sees every section of a company (contact points are an authority's)
    assert.deepEqual(await tabs(page).getByRole('link').allTextContents(),
      ['Overblik', 'Personer', 'Anmodninger', 'Historik', 'Regler', 'Notifikationer', 'Tømning', 'Statistik', 'Systemer', 'Certifikater', 'Fejl og kø', 'Revisionsspor', 'Hvem administrerer hvad']);
    // in groups, each named by a heading the screen reader announces with its list
    assert.deepEqual(await tabs(page).getByRole('heading').allTextContents(), ['Personer og adgang', 'Postkassen', 'Systemer og forbindelser', 'Tilsyn']);
    assert.deepEqual(await tabs(page).getByRole('list', { name: 'Postkassen' }).getByRole('link').allTextContents(), ['Regler', 'Notifikationer', 'Tømning', 'Statistik']);
  });

  it('explains why the mailbox cannot switch to standard: Ole is limited to a folder', async () => {
    await page.getByLabel(/^Standard/).check();
    await page.getByText('Skifter I til standard, skjules de egne mapper').waitFor();
    await page.getByRole('button', { name: 'Skift til standard' }).click();
    await statusSays(page, 'Postkassen kan ikke skifte til standard, så længe nogen kun har adgang til udvalgte mapper.');
    const blocked = (await page.locator('.kuvert-blocked').textContent()) ?? '';
    assert.match(blocked, /Ole Pedersen/);
    assert.match((await page.locator('main .kuvert-facts-list').textContent()) ?? '', /FunktionalitetUdvidet/, 'the level is unchanged');
  });

  it('lists the people with their roles and folders', async () => {
    await tabs(page).getByRole('link', { name: 'Personer' }).click();
    await page.locator('table.kuvert-people').waitFor();
    assert.equal(await page.title(), 'Personer – Administration – Kuvert');
    assert.equal(await tabs(page).getByRole('link', { name: 'Personer' }).getAttribute('aria-current'), 'page');
    const ole = page.locator('table.kuvert-people tbody tr', { hasText: 'Ole Pedersen' });
    assert.match((await ole.textContent()) ?? '', /Ole Pedersen.*Læser.*Løn/);
    const metteRow = page.locator('table.kuvert-people tbody tr', { hasText: 'Mette Nielsen' });
    assert.match((await metteRow.textContent()) ?? '', /Superadministrator.*Alle mapper/);
  });

  it('invites a person as a reader of the folder Løn; the invitation is mailed and listed', async () => {
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Invitér en person' }) });
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('heading', { name: 'Der er fejl i formularen' }).waitFor();
    const summary = (await form.locator('.alert-error').textContent()) ?? '';
    assert.match(summary, /Skriv e-mailadressen\./);
    assert.match(summary, /Vælg en rolle\./);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('alert-error')), true, 'focus on the error summary');

    await form.getByLabel('E-mailadresse').fill(INVITED);
    await form.getByLabel('Læser', { exact: true }).check();
    // folders only for writers and readers of an extended mailbox
    await form.getByLabel('Løn', { exact: true }).check();
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await statusSays(page, `Invitationen er oprettet, og vi sender den til ${INVITED}.`);
    const row = page.locator('table.kuvert-invitations tbody tr', { hasText: INVITED });
    assert.match((await row.textContent()) ?? '', /Læser.*Løn.*Afventer.*Mette Nielsen/);
    const link = await linkFromMail(sink, INVITED, /https?:\/\/\S+\/invitation\?token=[\w-]+/);
    invitationPath = `${link.pathname}${link.search}`;
  });

  it('shows the systems; a new recipient system\'s secret is shown once, copies, and works', async () => {
    await tabs(page).getByRole('link', { name: 'Systemer' }).click();
    const systems = page.locator('table.kuvert-systems');
    await systems.waitFor();
    assert.match((await systems.locator('tbody tr', { hasText: 'Demo ApS ESDH' }).textContent()) ?? '', /Modtagersystem.*Aktivt/);

    await page.getByLabel('Modtagersystem', { exact: true }).check();
    await page.getByLabel('Navn', { exact: true }).fill('Lager-ESDH');
    await page.getByRole('button', { name: 'Opret system' }).click();
    const box = page.locator('.kuvert-secret');
    await box.getByRole('heading', { name: 'Systemet Lager-ESDH er oprettet' }).waitFor();
    assert.equal(await box.evaluate((el) => el === document.activeElement), true, 'the focus is on the secret');
    await box.getByText('Gem hemmeligheden nu. Den bliver ikke vist igen').waitFor();
    const systemId = await box.getByRole('textbox', { name: 'System-id' }).inputValue();
    const secret = await box.getByRole('textbox', { name: 'Hemmelighed' }).inputValue();
    assert.match(systemId, /^[0-9a-f-]{36}$/);
    assert.match(secret, /^[\w-]{32,}$/);
    await box.getByRole('button', { name: 'Kopiér: Hemmelighed' }).click();
    await box.getByText('Kopieret.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    assert.match((await systems.locator('tbody tr', { hasText: 'Lager-ESDH' }).textContent()) ?? '', /Modtagersystem.*Aktivt.*Aldrig/);
    await page.screenshot({ path: join(SHOTS, 'admin-systems.png'), fullPage: true });

    // the secret is real: the system fetches with it
    const fetched = await fetch(`${server.url}/apis/v1/memos`, { headers: { authorization: `Basic ${Buffer.from(`${systemId}:${secret}`).toString('base64')}` } });
    assert.equal(fetched.status, 200);
    // and it is never shown again
    await page.reload();
    await systems.locator('tbody tr', { hasText: 'Lager-ESDH' }).waitFor();
    assert.equal(await page.locator('.kuvert-secret').count(), 0);
    assert.doesNotMatch((await page.content()), new RegExp(secret));
    assert.doesNotMatch((await systems.locator('tbody tr', { hasText: 'Lager-ESDH' }).textContent()) ?? '', /Aldrig/, 'it has logged in now');
  });

  it('refuses a second system with the same name, pointing at the name field', async () => {
    await page.getByLabel('Afsendersystem', { exact: true }).check();
    await page.getByLabel('Navn', { exact: true }).fill('lager-esdh');
    await page.getByRole('button', { name: 'Opret system' }).click();
    const summary = page.locator('main .alert-error', { hasText: 'Organisationen har allerede et system med det navn.' }).first();
    await summary.waitFor();
    await summary.getByRole('link').click();
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value), 'lager-esdh');
    assert.equal(await page.locator('table.kuvert-systems tbody tr', { hasText: /lager-esdh/i }).count(), 1);
  });

  it('rotates a secret with a grace period: the new one is shown once, the old one still works', async () => {
    const row = page.locator('table.kuvert-systems tbody tr', { hasText: 'Lager-ESDH' });
    const before = await row.getAttribute('data-system-id');
    await row.getByRole('button', { name: 'Ny hemmelighed: Lager-ESDH' }).click();
    const hours = page.getByLabel('Overgangsperiode i timer');
    assert.equal(await hours.inputValue(), '24');
    await page.getByRole('button', { name: 'Lav ny hemmelighed' }).click();
    const box = page.locator('.kuvert-secret');
    await box.getByRole('heading', { name: 'Ny hemmelighed til Lager-ESDH' }).waitFor();
    await box.getByText(/Den gamle hemmelighed virker til/).waitFor();
    assert.equal(await box.getByRole('textbox', { name: 'System-id' }).inputValue(), before);
    await box.getByRole('button', { name: 'Jeg har gemt hemmeligheden' }).click();
    assert.equal(await page.locator('.kuvert-secret').count(), 0);
    assert.match((await row.textContent()) ?? '', /Den gamle hemmelighed virker til/);
  });

  it('is accessible at desktop size and at 320 px on every section, without sideways scrolling', async () => {
    for (const section of SECTIONS) {
      await page.goto(`${server.url}${admin}${section}`);
      await heading(page);
      await page.locator('main .kuvert-admin-section h2').first().waitFor();
      await page.locator('main [role="status"]', { hasText: 'Henter' }).waitFor({ state: 'detached' });
      await assertAccessible(page, `the administration${section || ' overview'} (desktop)`);
      if (section === '/personer') await page.screenshot({ path: join(SHOTS, 'admin-people.png'), fullPage: true });
    }
    const phone = await browser.newContext(PHONE_WINDOW);
    try {
      const mobile = await loginAs(phone, server, 'Mette Nielsen', { path: admin });
      for (const section of SECTIONS) {
        await mobile.goto(`${server.url}${admin}${section}`);
        await heading(mobile);
        await mobile.locator('main .kuvert-admin-section h2').first().waitFor();
        await mobile.locator('main [role="status"]', { hasText: 'Henter' }).waitFor({ state: 'detached' });
        await assertAccessible(mobile, `the administration${section || ' overview'} (320 px)`);
        await noSidewaysScrolling(mobile, `the administration${section || ' overview'}`);
        if (section === '/personer') await mobile.screenshot({ path: join(SHOTS, 'admin-people-mobile.png'), fullPage: true });
      }
    } finally {
      await phone.close();
    }
  });

  it('speaks English too', async () => {
    await page.goto(`${server.url}${admin}/personer`);
    await page.locator('table.kuvert-people').waitFor();
    await page.locator('header').getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation', { name: 'Administration pages' }).getByRole('link', { name: 'People' }).waitFor();
    assert.deepEqual(await page.getByRole('navigation', { name: 'Administration pages' }).getByRole('link').allTextContents(),
      ['Overview', 'People', 'Requests', 'History', 'Rules', 'Notifications', 'Emptying', 'Statistics', 'Systems', 'Certificates', 'Errors and queues', 'Audit trail', 'Who administers what']);
    assert.deepEqual(await page.getByRole('navigation', { name: 'Administration pages' }).getByRole('heading').allTextContents(),
      ['People and access', 'The mailbox', 'Systems and connections', 'Oversight']);
    await page.getByRole('heading', { name: 'Invite a person' }).waitFor();
    assert.match((await page.locator('table.kuvert-people').textContent()) ?? '', /Super administrator.*All folders/);
    await page.locator('header').getByRole('button', { name: 'Dansk' }).click();
    await tabs(page).waitFor();
  });

  it('Ole (a reader) has no link to Administration, and the page tells him it is for administrators', async () => {
    const ole = await browser.newContext(DESKTOP_WINDOW);
    try {
      const olePage = await loginAs(ole, server, 'Ole Pedersen');
      // he lands on the one folder he may see, and is offered nothing his role does not allow
      await olePage.getByRole('heading', { name: 'Løn', level: 1 }).waitFor();
      assert.equal(await olePage.getByRole('link', { name: 'Skriv ny besked' }).count(), 0);
      assert.equal(await olePage.getByText('Administrér egne mapper').count(), 0);
      assert.equal(await olePage.locator('header').getByRole('link', { name: 'Administration', exact: true }).count(), 0);
      await olePage.goto(`${server.url}${admin}/personer`);
      await olePage.getByRole('heading', { name: 'Ingen adgang til administrationen', level: 1 }).waitFor();
      assert.doesNotMatch((await olePage.locator('main').textContent()) ?? '', /Mette Nielsen/);
      const api = await olePage.request.get(`${server.url}/api/admin/organisations/${organisationId}/people`);
      assert.equal(api.status(), 403);
    } finally {
      await ole.close();
    }
  });

  it('Karen groups contact points, and deactivating one still in use asks first and lists the uses', async () => {
    const karen = await browser.newContext(DESKTOP_WINDOW);
    try {
      const k = await loginAs(karen, server, 'Karen Sørensen');
      await heading(k);
      await k.locator('header').getByRole('link', { name: 'Administration', exact: true }).click();
      await tabs(k).getByRole('link', { name: 'Kontaktpunkter' }).click();
      const tree = k.locator('.kuvert-cp-tree');
      await tree.locator('.kuvert-cp', { hasText: 'Borgerservice' }).first().waitFor();

      await k.getByLabel('Navn', { exact: true }).fill('Parkering');
      await k.getByLabel('Beskrivelse').fill('Parkeringstilladelser og -afgifter');
      await k.getByLabel('Ligger under').selectOption({ label: 'Borgerservice' });
      await k.getByLabel('Myndigheder').uncheck();
      await k.getByLabel('Filtyper').fill('pdf, .JPG');
      await k.getByLabel('Mailnavn').fill('parkering');
      await k.getByRole('button', { name: 'Opret kontaktpunkt' }).click();
      await statusSays(k, 'Kontaktpunktet Parkering er oprettet.');
      // shown under its parent
      const child = tree.locator('.kuvert-cp', { hasText: 'Borgerservice' }).first().locator('.kuvert-cp-children .kuvert-cp', { hasText: 'Parkering' });
      await child.waitFor();
      const meta = (await child.textContent()) ?? '';
      assert.match(meta, /Hvem må skrive: Borgere, Virksomheder(?!, Myndigheder)/);
      assert.match(meta, /Filtyper: pdf, jpg/);
      await k.screenshot({ path: join(SHOTS, 'admin-contact-points.png'), fullPage: true });

      // Byggesager has a mail name (a gateway address): Kuvert asks before deactivating it
      const byggesager = tree.locator('li.kuvert-cp', { hasText: 'Byggesager' }).first();
      await byggesager.getByRole('button', { name: 'Deaktivér: Byggesager' }).click();
      const ask = k.getByRole('group', { name: 'Byggesager er stadig i brug' });
      await ask.waitFor();
      assert.equal(await ask.evaluate((el) => el === document.activeElement), true, 'the question takes the focus');
      assert.match((await ask.textContent()) ?? '', /e-mailadresse i Kuvert \(byggesager\)/);
      await assertAccessible(k, 'the contact points with the question');
      await ask.getByRole('button', { name: 'Deaktivér alligevel' }).click();
      await statusSays(k, 'Kontaktpunktet Byggesager er deaktiveret.');
      await byggesager.getByText('Deaktiveret', { exact: true }).waitFor();
      await byggesager.getByRole('button', { name: 'Genaktivér: Byggesager' }).click();
      await statusSays(k, 'Kontaktpunktet Byggesager er aktivt igen.');
      await byggesager.getByRole('button', { name: 'Deaktivér: Byggesager' }).waitFor();
    } finally {
      await karen.close();
    }
    const phone = await browser.newContext(PHONE_WINDOW);
    try {
      const mobile = await loginAs(phone, server, 'Karen Sørensen');
      await heading(mobile);
      await mobile.locator('header').getByRole('link', { name: 'Administration', exact: true }).click();
      // at 320 px the administration's pages fold above the page, naming the one shown
      await mobile.getByText('Administrationens sider: Overblik').click();
      await tabs(mobile).getByRole('link', { name: 'Kontaktpunkter' }).click();
      await mobile.getByText('Administrationens sider: Kontaktpunkter').waitFor();
      await mobile.locator('.kuvert-cp-children .kuvert-cp', { hasText: 'Parkering' }).waitFor();
      await assertAccessible(mobile, 'the contact points (320 px)');
      await noSidewaysScrolling(mobile, 'the contact points');
    } finally {
      await phone.close();
    }
  });

  describe('an employee asks for access; the administrator approves from the e-mail; revocation logs out', () => {
    let sofie: BrowserContext;
    let s: Page;
    let requestPath = '';

    before(async () => {
      sofie = await browser.newContext(DESKTOP_WINDOW);
    });

    it('Mette changes her e-mail address on her profile and confirms the new one from the mail', async () => {
      await page.goto(`${server.url}/profil`);
      assert.equal(await heading(page), 'Din profil');
      await page.getByLabel('E-mailadresse').fill(METTE_EMAIL);
      await page.getByRole('button', { name: 'Gem profil' }).click();
      await statusSays(page, `Din profil er gemt. Vi sender et link til ${METTE_EMAIL}`);
      const link = await linkFromMail(sink, METTE_EMAIL, /https?:\/\/\S+\/profil\/bekraeft\?token=[\w-]+/);
      await page.goto(`${server.url}${link.pathname}${link.search}`);
      await page.getByRole('heading', { name: 'Din e-mailadresse er bekræftet' }).waitFor();
      assert.ok(!page.url().includes('token='), 'the used link is not in the address bar');
    });

    it('Sofie, without access, is asked for her profile; the request waits for a confirmed address', async () => {
      s = await loginAs(sofie, server, 'Sofie Holm');
      assert.equal(await heading(s), 'Anmod om adgang');
      await s.getByRole('heading', { name: 'Adgang til Demo ApS' }).waitFor();
      await s.getByText('Bekræft din e-mailadresse, før du beder om adgang').waitFor();
      assert.equal(await s.getByRole('button', { name: 'Send anmodning' }).isDisabled(), true);
      await s.getByLabel('E-mailadresse').fill('ikke-en-adresse');
      await s.getByRole('button', { name: 'Gem profil' }).click();
      await s.locator('main .alert-error', { hasText: 'Skriv adressen som navn@domæne.dk.' }).first().waitFor();
      await s.getByLabel('E-mailadresse').fill(SOFIE_EMAIL);
      await s.getByRole('button', { name: 'Gem profil' }).click();
      await statusSays(s, `Din profil er gemt. Vi sender et link til ${SOFIE_EMAIL}`);
      await s.getByText(`${SOFIE_EMAIL} er ikke bekræftet endnu. Åbn linket i den e-mail, vi sender til adressen.`).waitFor();
      await s.getByRole('button', { name: 'Send linket igen' }).click();
      await statusSays(s, `Vi sender linket igen til ${SOFIE_EMAIL}.`);
      await assertAccessible(s, 'the request-access page');
      await s.screenshot({ path: join(SHOTS, 'request-access.png'), fullPage: true });
    });

    it('Sofie confirms her address from the newest link and asks to read the folder Løn', async () => {
      // the resend replaced the first link: the newest mail (the second) is the one that works
      const toSofie = () => sink.mails.filter((m) => m.to.includes(SOFIE_EMAIL));
      await sink.waitFor(() => toSofie().length >= 2);
      const newest = (await simpleParser(toSofie().at(-1)!.raw)).text ?? '';
      const link = new URL(/https?:\/\/\S+\/profil\/bekraeft\?token=[\w-]+/.exec(newest)![0]);
      await s.goto(`${server.url}${link.pathname}${link.search}`);
      await s.getByRole('heading', { name: 'Din e-mailadresse er bekræftet' }).waitFor();
      await s.getByRole('link', { name: 'Gå til din profil' }).click();
      assert.equal(await heading(s), 'Anmod om adgang');

      const send = s.getByRole('button', { name: 'Send anmodning' });
      assert.equal(await send.isDisabled(), false);
      await send.click();
      await s.locator('main .alert-error', { hasText: 'Vælg en rolle.' }).first().waitFor();
      await s.getByLabel('Læser', { exact: true }).check();
      await s.getByLabel('Løn', { exact: true }).check();
      await s.getByLabel('Besked til administratorerne (valgfri)').fill('Jeg skal lave lønkørslen.');
      await send.click();
      await statusSays(s, 'Din anmodning er sendt til administratorerne af Demo ApS. Du får svar på e-mail.');
      const own = s.locator('.kuvert-own-request').first();
      assert.match((await own.textContent()) ?? '', /Demo ApS\s*Venter.*Rolle: Læser · Mapper: Løn/);
      await s.getByText('Din anmodning venter på svar fra administratorerne.').waitFor();

      const phone = await browser.newContext(PHONE_WINDOW);
      try {
        const mobile = await loginAs(phone, server, 'Sofie Holm');
        assert.equal(await heading(mobile), 'Anmod om adgang');
        await mobile.locator('.kuvert-own-request').first().waitFor();
        await assertAccessible(mobile, 'the request-access page (320 px)');
        await noSidewaysScrolling(mobile, 'the request-access page');
        await mobile.screenshot({ path: join(SHOTS, 'request-access-mobile.png'), fullPage: true });
      } finally {
        await phone.close();
      }
    });

    it('the administrators are mailed a link that opens the request, prefilled with what was asked', async () => {
      const link = await linkFromMail(sink, METTE_EMAIL, /https?:\/\/\S+\/organisationer\/[0-9a-f-]{36}\/administration\/anmodninger\/[0-9a-f-]{36}/);
      requestPath = link.pathname;
      assert.ok(requestPath.startsWith(`${admin}/anmodninger/`), requestPath);
      await page.goto(`${server.url}${requestPath}`);
      await page.getByRole('heading', { name: 'Anmodning om adgang fra Sofie Holm' }).waitFor();
      assert.equal(await tabs(page).getByRole('link', { name: /Anmodninger/ }).getAttribute('aria-current'), 'page');
      const facts = (await page.locator('main .kuvert-facts-list').textContent()) ?? '';
      assert.match(facts, new RegExp(`E-mailadresse${SOFIE_EMAIL}`));
      assert.match(facts, /Ønsket rolleLæser/);
      assert.match(facts, /MapperLøn/);
      assert.match(facts, /BeskedJeg skal lave lønkørslen\./);
      assert.match(facts, /StatusVenter/);
      assert.equal(await page.getByLabel('Læser', { exact: true }).isChecked(), true);
      assert.equal(await page.getByLabel('Løn', { exact: true }).isChecked(), true);
      assert.equal(await page.getByLabel('BBR', { exact: true }).isChecked(), false);
      await assertAccessible(page, 'the request page');
      await page.screenshot({ path: join(SHOTS, 'admin-request.png'), fullPage: true });
      // rejecting needs a reason
      await page.getByRole('button', { name: 'Afvis anmodningen' }).click();
      await page.locator('main .alert-error', { hasText: 'Skriv en begrundelse for afvisningen.' }).first().waitFor();
      assert.match((await page.locator('main .kuvert-facts-list').textContent()) ?? '', /StatusVenter/, 'nothing was decided');
    });

    it('Mette approves Sofie as a reader of Løn only; Sofie is told by mail', async () => {
      await page.getByRole('button', { name: 'Godkend anmodningen' }).click();
      await statusSays(page, 'Anmodningen er godkendt: Sofie Holm har nu adgang som læser.');
      await page.locator('.kuvert-status', { hasText: 'Godkendt' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Godkend anmodningen' }).count(), 0);
      assert.match((await page.locator('main .kuvert-facts-list').textContent()) ?? '', /GivetLæser – Løn/);
      const told = await mailTo(sink, SOFIE_EMAIL, /er godkendt/);
      assert.match(told, /Demo ApS/);
      await tabs(page).getByRole('link', { name: 'Personer' }).click();
      const row = page.locator('table.kuvert-people tbody tr', { hasText: 'Sofie Holm' });
      assert.match((await row.textContent()) ?? '', /Læser.*Løn.*Mette Nielsen/);
    });

    it('Sofie sees only the folder Løn of Demo ApS', async () => {
      await s.goto(`${server.url}/`);
      const nav = s.getByRole('navigation', { name: 'Mapper i postkassen' });
      await nav.getByRole('link', { name: /^Løn/ }).waitFor();
      const folders = (await nav.getByRole('link').allTextContents()).map((f) => f.trim());
      assert.ok(!folders.some((f) => f.startsWith('BBR') || f.startsWith('Indbakke')), `only Løn: ${folders.join(', ')}`);
      await s.getByRole('heading', { name: 'Løn', level: 1 }).waitFor();
      assert.equal(await s.locator('header').getByRole('link', { name: 'Administration', exact: true }).count(), 0);
    });

    it('Mette changes Sofie\'s role to writer, still of Løn only', async () => {
      const row = page.locator('table.kuvert-people tbody tr', { hasText: 'Sofie Holm' });
      await row.getByRole('button', { name: 'Skift rolle: Sofie Holm' }).click();
      const form = page.locator('form', { has: page.getByRole('heading', { name: 'Skift rolle for Sofie Holm' }) });
      await form.waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skift rolle for Sofie Holm', 'the form takes the focus');
      assert.equal(await form.getByLabel('Læser', { exact: true }).isChecked(), true);
      assert.equal(await form.getByLabel('Løn', { exact: true }).isChecked(), true);
      await form.getByLabel('Skriver', { exact: true }).check();
      await form.getByRole('button', { name: 'Gem rolle' }).click();
      await statusSays(page, 'Sofie Holm er nu skriver.');
      await page.locator('table.kuvert-people tbody tr', { hasText: /Sofie Holm.*Skriver.*Løn/ }).waitFor();
    });

    it('Mette revokes Sofie\'s access after asking; Sofie is logged out at once; the history shows it', async () => {
      const row = page.locator('table.kuvert-people tbody tr', { hasText: 'Sofie Holm' });
      await row.getByRole('button', { name: 'Fjern adgang: Sofie Holm' }).click();
      const ask = page.getByRole('group', { name: 'Vil du fjerne adgangen for Sofie Holm?' });
      await ask.waitFor();
      await ask.getByLabel('Begrundelse (valgfri)').fill('Lønkørslen er overtaget af bureauet.');
      await ask.getByRole('button', { name: 'Ja, fjern adgangen' }).click();
      await statusSays(page, 'Sofie Holm har ikke længere adgang.');
      await row.waitFor({ state: 'detached' });

      await s.reload();
      await s.waitForURL(/\/dev-idp\//, { timeout: 15_000 });

      await tabs(page).getByRole('link', { name: 'Historik' }).click();
      const period = page.locator('table.kuvert-history tbody tr', { hasText: 'Sofie Holm' }).first();
      await period.waitFor();
      assert.match((await period.textContent()) ?? '', /Skriver.*Løn.*Mette Nielsen.*Mette Nielsen.*Lønkørslen er overtaget af bureauet\./);
    });

    it('Sofie, logged in again without access, accepts the invitation from its mail and can open the mailbox', async () => {
      await s.getByRole('button', { name: /Sofie Holm/ }).first().click();
      await s.waitForURL((url) => !url.pathname.startsWith('/dev-idp') && !url.pathname.startsWith('/auth'));
      assert.equal(await heading(s), 'Anmod om adgang');
      assert.match((await s.locator('.kuvert-own-request').first().textContent()) ?? '', /Godkendt/);
      await s.goto(`${server.url}${invitationPath}`);
      assert.equal(await heading(s), 'Invitation til Kuvert');
      await assertAccessible(s, 'the invitation page');
      await s.getByRole('button', { name: 'Tag imod invitationen' }).click();
      await s.getByRole('heading', { name: 'Du har fået adgang' }).waitFor();
      await s.getByText('Du har nu adgang til postkassen som læser.').waitFor();
      assert.ok(!s.url().includes('token='), 'the used link is not in the address bar');
      // the session knows the mailbox now: the header names it
      await s.locator('header').getByText('Demo ApS').waitFor();
      await s.getByRole('link', { name: 'Gå til postkassen' }).click();
      await s.getByRole('navigation', { name: 'Mapper i postkassen' }).getByRole('link', { name: /^Løn/ }).waitFor();
      // a link used once does not work again
      await s.goto(`${server.url}${invitationPath}`);
      await s.getByRole('button', { name: 'Tag imod invitationen' }).click();
      await s.getByRole('heading', { name: 'Invitationen er ikke gyldig' }).waitFor();
    });
  });
});
