// The web portal end to end: a real Kuvert server, Debian's chromium driven by playwright-core, the
// development identity provider for logging in. A letter goes in through /apis/v1, Jens reads it,
// files it in a folder of his own and replies; the authority's recipient system gets the reply with
// ReplyData naming the letter. Anne may not see Jens's letter. axe checks the pages; screenshots go to
// docs/screenshots/.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO } from '../../src/demo/index.ts';
import { parseMemo } from '../../src/memo/index.ts';
import { basic } from '../helpers/api.ts';
import { letter } from '../helpers/memo.ts';
import type { ServerProcess } from '../helpers/process.ts';
import {
  assertAccessible as assertPageAccessible, DESKTOP_WINDOW, heading, loginAs, NO_CHROMIUM, noSidewaysScrolling, PHONE_WINDOW, SHOTS, startWebRig,
  type WebRig,
} from './browser.ts';
import { simplePdf } from './pdf.ts';


const JENS = DEMO.citizens.find((c) => c.name === 'Jens Hansen')!;
const ANNE = DEMO.citizens.find((c) => c.name === 'Anne Jensen')!;
const BYGGESAGER = DEMO.contactPoints.find((c) => c.name === 'Byggesager')!;
const TITLE = 'Afgørelse om byggetilladelse';

/** A letter to Jens from Kommunen that asks for a reply (within a week), with a PDF, a guide and two actions. */
function letterToJens(): { uuid: string; xml: string } {
  const { uuid, xml } = letter({
    recipientId: JENS.cpr, recipientType: 'CPR', label: TITLE, filename: 'afgoerelse.pdf',
    content: simplePdf([
      'Kommunen - Byggesager', TITLE, '', 'Kaere Jens Hansen', '',
      'Du har faaet tilladelse til at bygge en carport paa din grund.',
      'Svar os gerne, hvis du har spoergsmaal til afgoerelsen.', '', 'Med venlig hilsen', 'Byggesager',
    ]),
  });
  const replyBy = new Date(Date.now() + 7 * 24 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const start = new Date(Date.now() + 10 * 24 * 3600_000);
  start.setUTCHours(8, 0, 0, 0);
  const end = new Date(start.getTime() + 3600_000);
  const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');
  const guide = Buffer.from('Sådan klager du over afgørelsen:\n\n1. Skriv til Byggesager inden 4 uger.\n2. Fortæl, hvad du er uenig i.\n', 'utf8');
  const insert = (text: string, search: string, replacement: string) => {
    assert.ok(text.includes(search), `letter() no longer contains ${search}`);
    return text.replace(search, replacement);
  };
  let withReply = insert(xml, `<memo:label>${TITLE}</memo:label>`,
    `<memo:label>${TITLE}</memo:label>\n    <memo:reply>true</memo:reply>\n    <memo:replyByDateTime>${replyBy}</memo:replyByDateTime>`);
  withReply = insert(withReply, '<memo:label>Kommunen</memo:label>',
    `<memo:label>Kommunen</memo:label><memo:ContactPoint><memo:contactPointID>${BYGGESAGER.id}</memo:contactPointID><memo:label>${BYGGESAGER.name}</memo:label></memo:ContactPoint>`);
  withReply = insert(withReply, '</memo:File>\n    </memo:MainDocument>', `</memo:File>
      <memo:Action><memo:label>Se sagen på Byggesag Online</memo:label><memo:actionCode>SELVBETJENING</memo:actionCode><memo:EntryPoint><memo:url>https://byggesag.example.dk/sag/2026-117</memo:url></memo:EntryPoint></memo:Action>
      <memo:Action><memo:label>Møde om byggeriet</memo:label><memo:actionCode>AFTALE</memo:actionCode><memo:startDateTime>${iso(start)}</memo:startDateTime><memo:endDateTime>${iso(end)}</memo:endDateTime><memo:Reservation><memo:description>Gennemgang af byggeriet</memo:description><memo:reservationUUID>${randomUUID()}</memo:reservationUUID><memo:abstract>Møde om carport</memo:abstract><memo:location>Rådhuset, lokale 2</memo:location><memo:startDateTime>${iso(start)}</memo:startDateTime><memo:endDateTime>${iso(end)}</memo:endDateTime></memo:Reservation></memo:Action>
    </memo:MainDocument>
    <memo:AdditionalDocument>
      <memo:label>Klagevejledning</memo:label>
      <memo:File><memo:encodingFormat>text/plain</memo:encodingFormat><memo:filename>klagevejledning.txt</memo:filename><memo:language>da</memo:language><memo:content>${guide.toString('base64')}</memo:content></memo:File>
    </memo:AdditionalDocument>`);
  return { uuid, xml: withReply };
}

/** Two more letters, so the inbox looks like one. */
const OTHER_LETTERS = [
  letter({ recipientId: JENS.cpr, recipientType: 'CPR', label: 'Varsel om ny ejendomsvurdering', filename: 'varsel.pdf', content: simplePdf(['Vurderingsstyrelsen', 'Varsel']) }),
  letter({ recipientId: JENS.cpr, recipientType: 'CPR', label: 'Påmindelse: affaldsordning 2027', filename: 'affald.pdf', content: simplePdf(['Kommunen', 'Affald']) }),
];

/** A letter to Demo ApS's warehouse (P-number), for the company view. */
const COMPANY_LETTER = letter({ label: 'Tilsyn med virksomhedens lager', pNumber: DEMO.company.pUnits[1]!.pNumber, content: simplePdf(['Kommunen', 'Tilsyn']) });

async function sendLetter(server: ServerProcess, memo: { uuid: string; xml: string }): Promise<void> {
  const response = await fetch(`${server.url}/apis/v1/memos`, {
    method: 'POST', headers: { authorization: basic('authoritySender'), 'content-type': 'application/xml' }, body: memo.xml,
  });
  assert.equal(response.status, 201, await response.text());
}

/** Logs in through the development provider's page by choosing a demo person; resolves in the portal. */
const login = (context: BrowserContext, server: ServerProcess, person: string, path = '/', shot?: string): Promise<Page> =>
  loginAs(context, server, person, { path, ...(shot ? { shot } : {}), landed: (url) => url.pathname.startsWith('/postkasse/') });

const assertAccessible = (page: Page, what: string) => assertPageAccessible(page, what, ['iframe.kuvert-pdf', 'iframe.kuvert-html']);

/**
 * A whole-page screenshot of a page with a PDF frame: the viewport grows to the page's height first
 * (a full-page capture would resize it while the PDF viewer paints), then shrinks back.
 */
async function screenshotWithPdf(page: Page, file: string): Promise<void> {
  const viewport = page.viewportSize()!;
  for (let i = 0; i < 4; i++) { // the frame's height follows the viewport's, up to a limit
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (height === page.viewportSize()!.height) break;
    await page.setViewportSize({ width: viewport.width, height });
  }
  await page.waitForTimeout(1500); // the PDF viewer paints
  await page.screenshot({ path: join(SHOTS, file) });
  await page.setViewportSize(viewport);
}

describe('web portal (chromium)', { skip: NO_CHROMIUM, timeout: 300_000 }, () => {
  let rig: WebRig;
  let server: ServerProcess;
  let browser: Browser;
  let jens: BrowserContext;
  let page: Page;
  let mailboxId = '';
  let messageId = '';
  const memo = letterToJens();

  before(async () => {
    rig = await startWebRig('web', { mail: false });
    ({ server, browser } = rig);
    jens = await browser.newContext(DESKTOP_WINDOW);
  });

  after(async () => { await rig?.close(); });

  it('serves the app with a strict Content-Security-Policy and DKFDS unchanged', async () => {
    const index = await fetch(`${server.url}/postkasse/x/y`, { headers: { accept: 'text/html' } });
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-security-policy') ?? '', /default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'/);
    assert.equal(index.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.equal(index.headers.get('referrer-policy'), 'same-origin');
    assert.match(await index.text(), /<div id="root">/);
    const css = await fetch(`${server.url}/dkfds/css/dkfds-borgerdk.min.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
    const api = await fetch(`${server.url}/api/nothing-here`, { headers: { accept: 'text/html' } });
    assert.equal(api.status, 404, 'server paths never fall back to the app');
    const session = await fetch(`${server.url}/api/session`);
    assert.equal(session.status, 401);
    assert.equal(session.headers.get('www-authenticate'), null, 'no Basic challenge (browsers would show a password dialog)');
  });

  it('shows a new letter in Jens\'s Indbakke, marked unread', async () => {
    for (const other of OTHER_LETTERS) await sendLetter(server, other);
    await sendLetter(server, memo);
    page = await login(jens, server, 'Jens Hansen', '/', 'login-desktop.png');
    mailboxId = new URL(page.url()).pathname.split('/')[2]!;
    assert.equal(await heading(page), 'Indbakke');
    const row = page.locator('tr', { has: page.getByRole('link', { name: new RegExp(TITLE) }) });
    await row.waitFor();
    assert.equal(await row.getAttribute('data-unread'), 'true');
    assert.match((await row.textContent()) ?? '', /Ulæst/);
    assert.match((await row.textContent()) ?? '', /Kommunen/);
    assert.match((await page.locator('.kuvert-folders').textContent()) ?? '', /Indbakke\s*3\s*3 ulæste/);
    // newest first
    assert.match((await page.locator('tbody tr').first().textContent()) ?? '', new RegExp(TITLE));
    await assertAccessible(page, 'the inbox');
    await page.screenshot({ path: join(SHOTS, 'inbox-desktop.png'), fullPage: true });
  });

  it('creates a folder of his own', async () => {
    await page.getByText('Administrér egne mapper').click();
    await page.getByLabel('Ny mappe').fill('Byggesag');
    await page.getByRole('button', { name: 'Opret mappe' }).click();
    await page.getByText('Mappen "Byggesag" er oprettet.').waitFor();
    await page.locator('.kuvert-folders').getByRole('link', { name: /Byggesag/ }).waitFor();
    // one more, renamed and deleted again
    await page.getByLabel('Ny mappe').fill('Midlertidig');
    await page.getByRole('button', { name: 'Opret mappe' }).click();
    await page.getByText('Mappen "Midlertidig" er oprettet.').waitFor();
    await page.getByLabel('Nyt navn til "Midlertidig"').fill('Arkiv 2026');
    await page.locator('.kuvert-own-folder', { has: page.getByLabel('Nyt navn til "Midlertidig"') }).getByRole('button', { name: 'Omdøb' }).click();
    await page.getByText('Mappen hedder nu "Arkiv 2026".').waitFor();
    await page.getByRole('button', { name: 'Slet mappen "Arkiv 2026"' }).click();
    await page.getByText('Mappen "Arkiv 2026" er slettet.').waitFor();
    await page.locator('.kuvert-folders').getByRole('link', { name: /Arkiv 2026|Midlertidig/ }).waitFor({ state: 'detached' });
  });

  it('opens the letter: the PDF loads in a frame, the text attachment is shown', async () => {
    const pdf = page.waitForResponse((r) => /\/files\/m0/.test(r.url()) && r.request().resourceType() === 'document');
    await page.getByRole('link', { name: new RegExp(TITLE) }).click();
    assert.equal(await heading(page), TITLE);
    messageId = new URL(page.url()).pathname.split('/')[4]!;
    const response = await pdf;
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'] ?? '', /^application\/pdf/);
    assert.equal(await page.locator('iframe.kuvert-pdf').count(), 1);
    await page.locator('pre.kuvert-text', { hasText: 'Sådan klager du' }).waitFor();
    assert.match((await page.locator('.kuvert-facts').textContent()) ?? '', /Fra\s*Kommunen/);
    // actions: the https link, and the reservation as an .ics download
    assert.equal(await page.getByRole('link', { name: /Se sagen på Byggesag Online/ }).getAttribute('href'), 'https://byggesag.example.dk/sag/2026-117');
    assert.match((await page.getByRole('link', { name: /Føj til kalender/ }).getAttribute('href')) ?? '', /\/actions\/\d+\/calendar\.ics$/);
    // focus went to the heading (keyboard and screen-reader users start at the new page)
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
    await assertAccessible(page, 'a message');
    await screenshotWithPdf(page, 'message-desktop.png');
    // it is read now: the inbox has no unread letters
    const folders = await (await page.request.get(`${server.url}/api/mailboxes/${mailboxId}/folders`)).json() as { folders: { kind: string; unread: number }[] };
    assert.equal(folders.folders.find((f) => f.kind === 'INBOX')?.unread, 2);
  });

  it('moves the letter to the new folder', async () => {
    await page.getByLabel('Flyt til mappe').selectOption({ label: 'Byggesag' });
    await page.getByRole('button', { name: 'Flyt', exact: true }).click();
    await page.getByText('Beskeden er flyttet til Byggesag.').waitFor();
    await page.getByRole('link', { name: 'Tilbage til Byggesag' }).waitFor();
    const detail = await page.request.get(`${server.url}/api/mailboxes/${mailboxId}/messages/${messageId}`);
    assert.equal(detail.status(), 200);
    const folders = await (await page.request.get(`${server.url}/api/mailboxes/${mailboxId}/folders`)).json() as { folders: { id: string; name: string }[] };
    assert.equal((await detail.json() as { folderId: string }).folderId, folders.folders.find((f) => f.name === 'Byggesag')?.id);
  });

  it('replies; the authority\'s recipient system receives the reply with ReplyData naming the letter', async () => {
    await page.getByRole('button', { name: 'Besvar' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H2', 'focus on the reply form\'s heading');
    await page.getByLabel('Dit svar').fill('Tak for afgørelsen. Hvornår må jeg begynde at bygge?');
    await page.getByRole('button', { name: 'Send svar' }).click();
    await page.getByText('Dit svar er sendt.').waitFor();

    const auth = { authorization: basic('authorityRecipient') };
    const deadline = Date.now() + 20_000;
    let reply: ReturnType<typeof parseMemo> | undefined;
    while (!reply && Date.now() < deadline) {
      const queue = await (await fetch(`${server.url}/apis/v1/memos?size=1000`, { headers: auth })).json() as { content: string[] };
      for (const uuid of queue.content) {
        const xml = await (await fetch(`${server.url}/apis/v1/memos/${uuid}`, { headers: auth })).text();
        const parsed = parseMemo(xml);
        if (parsed.ok && parsed.message.header.replyData?.some((r) => r.messageUUID.toLowerCase() === memo.uuid)) reply = parsed;
      }
      if (!reply) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(reply?.ok, 'the reply reached Kommunen ESDH');
    const header = reply.message.header;
    assert.equal(header.replyData?.[0]?.messageUUID.toLowerCase(), memo.uuid);
    assert.equal(header.sender.idType, 'CPR');
    assert.equal(header.sender.senderID, JENS.cpr);
    assert.equal(header.recipient.recipientID, DEMO.authority.cvr);
  });

  it('flags a letter, marks it unread and deletes it (to Slettet)', async () => {
    await page.goto(`${server.url}/postkasse/${mailboxId}`);
    await page.getByRole('link', { name: /Varsel om ny ejendomsvurdering/ }).click();
    assert.equal(await heading(page), 'Varsel om ny ejendomsvurdering');
    await page.getByRole('button', { name: 'Markér med flag' }).click();
    await page.getByText('Beskeden er markeret med flag.').waitFor();
    await page.getByRole('button', { name: 'Markér som ulæst' }).click();
    await page.getByText('Beskeden er markeret som ulæst.').waitFor();
    const id = new URL(page.url()).pathname.split('/')[4]!;
    const state = await (await page.request.get(`${server.url}/api/mailboxes/${mailboxId}/messages?limit=50`)).json() as { messages: { id: string; read: boolean; flagged: boolean }[] };
    assert.deepEqual(state.messages.filter((m) => m.id === id).map((m) => [m.read, m.flagged]), [[false, true]]);
    await page.getByRole('button', { name: 'Slet', exact: true }).click();
    await page.getByText('Beskeden er flyttet til Slettet.').waitFor();
    assert.equal(await heading(page), 'Indbakke');
    assert.equal(await page.getByRole('link', { name: /Varsel om ny ejendomsvurdering/ }).count(), 0);
    await page.locator('.kuvert-folders').getByRole('link', { name: /Slettet/ }).click();
    assert.equal(await heading(page), 'Slettet');
    await page.getByRole('link', { name: /Varsel om ny ejendomsvurdering/ }).waitFor();
  });

  it('shows the write form and sends a new message with an attachment', async () => {
    await page.goto(`${server.url}/postkasse/${mailboxId}/skriv`);
    assert.equal(await heading(page), 'Skriv ny besked');
    await page.getByLabel(/Byggesager/).waitFor();
    await assertAccessible(page, 'the write form');
    await page.screenshot({ path: join(SHOTS, 'write-desktop.png'), fullPage: true });
    // sending without anything: the errors are listed and the focus goes to them
    await page.getByRole('button', { name: 'Send besked' }).click();
    await page.getByRole('heading', { name: 'Der er fejl i formularen' }).waitFor();
    assert.match((await page.locator('.alert-error').textContent()) ?? '', /Vælg en modtager/);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('alert-error')), true, 'focus on the error summary');

    await page.getByLabel('Søg efter myndighed eller emne').fill('byggetilladelser');
    await page.getByRole('button', { name: 'Søg', exact: true }).click();
    await page.getByLabel(/Borgerservice/).waitFor({ state: 'detached' });
    await page.getByLabel(/Byggesager/).check();
    await page.getByText(/Højst \d+ bilag, i alt \d+ MB\./).waitFor();
    await page.getByLabel('Emne', { exact: true }).fill('Spørgsmål om carporten');
    await page.getByLabel('Besked', { exact: true }).fill('Må carporten have solceller på taget?');
    await page.getByLabel('Vedhæft filer').setInputFiles({ name: 'tegning.pdf', mimeType: 'application/pdf', buffer: simplePdf(['Tegning', 'Carport']) });
    await page.getByText('tegning.pdf', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Send besked' }).click();
    await page.getByText('Din besked er sendt.').waitFor({ timeout: 15_000 });
    assert.equal(await heading(page), 'Sendt');
    await page.getByRole('link', { name: /Spørgsmål om carporten/ }).waitFor();
  });

  it('switches to English and remembers it', async () => {
    await page.goto(`${server.url}/postkasse/${mailboxId}/skriv`);
    assert.equal(await heading(page), 'Skriv ny besked');
    await page.getByRole('button', { name: 'English' }).click();
    assert.equal(await heading(page), 'Write a new message');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.reload();
    assert.equal(await heading(page), 'Write a new message');
    await page.getByRole('button', { name: 'Dansk' }).click();
    assert.equal(await heading(page), 'Skriv ny besked');
  });

  it('another citizen opening Jens\'s message sees "not found" and nothing of it; her own 52 letters come 50 at a time', async () => {
    for (let n = 1; n <= 52; n++) {
      const label = n === 17 ? 'Rykker for ejendomsskat' : `Opkrævning nr. ${n}`;
      await sendLetter(server, letter({ recipientId: ANNE.cpr, recipientType: 'CPR', label }));
    }
    const anne = await browser.newContext(DESKTOP_WINDOW);
    try {
      const annePage = await login(anne, server, 'Anne Jensen', `/postkasse/${mailboxId}/besked/${messageId}`);
      assert.match(await heading(annePage), /ikke fundet/);
      const text = (await annePage.locator('main').textContent()) ?? '';
      assert.doesNotMatch(text, new RegExp(TITLE));
      assert.equal(await annePage.locator('iframe').count(), 0);
      const direct = await annePage.request.get(`${server.url}/api/mailboxes/${mailboxId}/messages/${messageId}`);
      assert.equal(direct.status(), 404);
      const file = await annePage.request.get(`${server.url}/api/mailboxes/${mailboxId}/messages/${messageId}/files/m0`);
      assert.equal(file.status(), 404);

      // her own inbox: 50 letters, "Hent flere" fetches the rest and the keyboard continues at the first new one
      await annePage.getByRole('link', { name: 'Gå til din indbakke' }).click();
      assert.equal(await heading(annePage), 'Indbakke');
      const rows = annePage.locator('table.kuvert-messages tbody tr');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 50);
      await annePage.getByRole('button', { name: 'Hent flere' }).click();
      await annePage.getByText('Viser 52 beskeder').waitFor();
      assert.equal(await rows.count(), 52);
      assert.equal(await annePage.getByRole('button', { name: 'Hent flere' }).count(), 0);
      assert.equal(await annePage.evaluate(() => document.activeElement?.closest('tr')?.rowIndex), 51, 'focus on the 51st letter');
      // search
      await annePage.getByLabel('Søg i beskeder').fill('ejendomsskat');
      await annePage.getByRole('button', { name: 'Søg' }).click();
      assert.equal(await heading(annePage), 'Søgeresultat for "ejendomsskat" i alle mapper');
      await annePage.getByText('Viser 1 besked').waitFor();
      assert.match((await rows.first().textContent()) ?? '', /Rykker for ejendomsskat/);
      assert.match(annePage.url(), /\?q=ejendomsskat$/);
    } finally {
      await anne.close();
    }
  });

  it('works at 320 px: screenshots of the pages on a phone', async () => {
    const phone = await browser.newContext(PHONE_WINDOW);
    try {
      await sendLetter(server, letter({ recipientId: JENS.cpr, recipientType: 'CPR', label: 'Din årsopgørelse for 2026', content: simplePdf(['Skat', 'Aarsopgoerelse']) }));
      const mobile = await login(phone, server, 'Jens Hansen', '/', 'login-mobile.png');
      await heading(mobile);
      // the folders fold away above the messages
      assert.equal(await mobile.locator('details.kuvert-folders-details').count(), 1);
      assert.equal(await mobile.locator('.kuvert-folders').isVisible(), false);
      await mobile.locator('table.kuvert-messages, .kuvert-empty').first().waitFor();
      await noSidewaysScrolling(mobile, 'the inbox');
      await mobile.screenshot({ path: join(SHOTS, 'inbox-mobile.png'), fullPage: true });
      await mobile.goto(`${server.url}/postkasse/${mailboxId}/besked/${messageId}`);
      assert.equal(await heading(mobile), TITLE);
      await screenshotWithPdf(mobile, 'message-mobile.png');
      await mobile.goto(`${server.url}/postkasse/${mailboxId}/skriv`);
      await heading(mobile);
      await mobile.getByLabel(/Byggesager/).waitFor();
      await mobile.screenshot({ path: join(SHOTS, 'write-mobile.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it('refuses a file type that is not allowed, before sending', async () => {
    await page.goto(`${server.url}/postkasse/${mailboxId}/skriv`);
    await page.getByLabel(/Byggesager/).check();
    await page.getByLabel('Emne', { exact: true }).fill('Test');
    await page.getByLabel('Besked', { exact: true }).fill('Test');
    await page.getByLabel('Vedhæft filer').setInputFiles({ name: 'program.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await page.getByRole('button', { name: 'Send besked' }).click();
    await page.getByRole('heading', { name: 'Der er fejl i formularen' }).waitFor();
    assert.match((await page.locator('.alert-error').textContent()) ?? '', /program\.exe har en filtype, der ikke er tilladt/);
    assert.equal(await heading(page), 'Skriv ny besked');
  });

  it('shows a company\'s mailbox in the virk.dk theme, with P-number', async () => {
    await sendLetter(server, COMPANY_LETTER);
    const mette = await browser.newContext(DESKTOP_WINDOW);
    try {
      const company = await login(mette, server, 'Mette Nielsen');
      assert.equal(await heading(company), 'Indbakke');
      const row = company.locator('tr', { has: company.getByRole('link', { name: /Tilsyn med virksomhedens lager/ }) });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', new RegExp(DEMO.company.pUnits[1]!.pNumber));
      assert.equal(await company.locator('#dkfds-theme').getAttribute('href'), '/dkfds/css/dkfds-virkdk.min.css');
      assert.match((await company.locator('header').textContent()) ?? '', /Demo ApS/);
      await assertAccessible(company, 'a company inbox');
      await company.screenshot({ path: join(SHOTS, 'inbox-company-desktop.png'), fullPage: true });
      // Mette files it in Løn, the one folder Ole may see
      await row.getByRole('link', { name: /Tilsyn med virksomhedens lager/ }).click();
      await company.getByLabel('Flyt til mappe').selectOption({ label: 'Løn' });
      await company.getByRole('button', { name: 'Flyt', exact: true }).click();
      await company.getByText('Beskeden er flyttet til Løn.').waitFor();
    } finally {
      await mette.close();
    }
  });

  it('a limited employee lands on his folder, sees only what his role may do, and a folder he may not see sends him to his own', async () => {
    const context = await browser.newContext(DESKTOP_WINDOW);
    try {
      // Ole reads only Løn: he starts there, never on "Siden findes ikke"
      const ole = await login(context, server, 'Ole Pedersen');
      assert.equal(await heading(ole), 'Løn');
      const lonPath = new URL(ole.url()).pathname;
      assert.equal(await ole.getByRole('link', { name: 'Skriv ny besked' }).count(), 0, 'a reader does not write');
      assert.deepEqual((await ole.getByRole('navigation', { name: 'Mapper' }).getByRole('link').allTextContents()).map((t) => t.trim()), ['Løn']);
      await ole.getByRole('link', { name: /Tilsyn med virksomhedens lager/ }).click();
      await ole.getByRole('heading', { name: 'Tilsyn med virksomhedens lager', level: 1 }).waitFor();
      // no button for what the role does not allow: no reply (reader), no delete (he does not see Slettet), no move (no other folder)
      const tools = ole.locator('section.kuvert-tools');
      await tools.getByRole('button', { name: 'Markér som behandlet' }).waitFor();
      assert.equal(await tools.getByRole('button', { name: 'Besvar' }).count(), 0);
      assert.equal(await tools.getByRole('button', { name: 'Slet' }).count(), 0);
      assert.equal(await ole.getByLabel('Flyt til mappe').count(), 0);
      await assertAccessible(ole, 'a limited employee\'s letter');
      // the back link leads to his folder
      await ole.getByRole('link', { name: 'Tilbage til Løn' }).click();
      await ole.waitForURL((url) => url.pathname === lonPath);
      // an address of a folder he does not see: his own folder, saying so
      const mailbox = lonPath.split('/')[2]!;
      await ole.goto(`${server.url}/postkasse/${mailbox}/${randomUUID()}`);
      await ole.getByText('Den mappe findes ikke, eller du har ikke adgang til den. Her er Løn.').waitFor();
      assert.equal(await heading(ole), 'Løn');
      assert.equal(new URL(ole.url()).pathname, lonPath);
    } finally {
      await context.close();
    }
  });

  it('can be used by keyboard: skip link first, then to the main content', async () => {
    const keys = await browser.newContext(DESKTOP_WINDOW);
    try {
      const kb = await login(keys, server, 'Jens Hansen');
      await heading(kb);
      await kb.keyboard.press('Tab');
      assert.equal(await kb.evaluate(() => document.activeElement?.textContent), 'Gå til sidens indhold');
      await kb.keyboard.press('Enter');
      assert.equal(await kb.evaluate(() => document.activeElement?.id), 'main-content');
    } finally {
      await keys.close();
    }
  });

  it('logs out', async () => {
    await page.getByRole('button', { name: 'Log af' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/postkasse/'), { timeout: 15_000 });
    const session = await page.request.get(`${server.url}/api/session`);
    assert.equal(session.status(), 401);
  });
});
