// "Trust what you see" (issue #12) in the browser: Jens reads a letter whose own sender label says
// Skattestyrelsen but that Kommunen's system sent, and sees Kommunen; he answers, the confirmation takes
// the focus, the letter shows Besvaret with a link to the answer, and the thread reads both; Sendt shows
// the recipient. Karen, Kommunen's case worker, sees the contact point Jens wrote to and answers him in
// the portal; Jens gets the answer in the same thread. Today's mail by the time, older by the date; an
// expired reply deadline looks expired and the reply form says so. Desktop and 320 px, Danish and
// English, axe on every page.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO } from '../../src/demo/index.ts';
import { basic } from '../helpers/api.ts';
import { letter } from '../helpers/memo.ts';
import type { ServerProcess } from '../helpers/process.ts';
import {
  assertAccessible as assertPageAccessible, DESKTOP_WINDOW, heading, loginAs, NO_CHROMIUM, noSidewaysScrolling, PHONE_WINDOW, SHOTS, startWebRig,
  type WebRig,
} from './browser.ts';
import { simplePdf } from './pdf.ts';

const JENS = DEMO.citizens.find((c) => c.name === 'Jens Hansen')!;
const BYGGESAGER = DEMO.contactPoints.find((c) => c.name === 'Byggesager')!;
const DISGUISED = 'Din ejendomsskat 2027';
const EXPIRED = 'Høring om vejlukning';
const CLOSING = 'Svar om affaldsbeholder';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** A letter from Kommunen's sender system to Jens that asks for an answer by `replyBy`, with its own Sender/label. */
function letterToJens(label: string, replyBy: number, senderLabel = 'Kommunen'): { uuid: string; xml: string } {
  const { uuid, xml } = letter({ recipientId: JENS.cpr, recipientType: 'CPR', label, content: simplePdf(['Kommunen', label]) });
  const replace = (text: string, search: string, replacement: string) => {
    assert.ok(text.includes(search), `letter() no longer contains ${search}`);
    return text.replace(search, replacement);
  };
  let out = replace(xml, `<memo:label>${label}</memo:label>`,
    `<memo:label>${label}</memo:label>\n    <memo:reply>true</memo:reply>\n    <memo:replyByDateTime>${iso(replyBy)}</memo:replyByDateTime>`);
  out = replace(out, '<memo:label>Kommunen</memo:label>',
    `<memo:label>${senderLabel}</memo:label><memo:ContactPoint><memo:contactPointID>${BYGGESAGER.id}</memo:contactPointID><memo:label>${BYGGESAGER.name}</memo:label></memo:ContactPoint>`);
  return { uuid, xml: out };
}

async function sendLetter(server: ServerProcess, memo: { uuid: string; xml: string }): Promise<void> {
  const response = await fetch(`${server.url}/apis/v1/memos`, {
    method: 'POST', headers: { authorization: basic('authoritySender'), 'content-type': 'application/xml' }, body: memo.xml,
  });
  assert.equal(response.status, 201, await response.text());
}

const assertAccessible = (page: Page, what: string) => assertPageAccessible(page, what, ['iframe.kuvert-pdf', 'iframe.kuvert-html']);
const row = (page: Page, title: string | RegExp) => page.locator('table.kuvert-messages tbody tr', { has: page.getByRole('link', { name: title }) });
/** The message's facts as "label value | label value …" (a value's lines joined by a space). */
const facts = (page: Page) => page.locator('.kuvert-facts').evaluate((el) => [...el.querySelectorAll('.kuvert-fact')]
  .map((f) => `${(f.querySelector('dt') as HTMLElement).innerText} ${(f.querySelector('dd') as HTMLElement).innerText}`.replace(/\s+/g, ' ').trim()).join(' | '));
const focusedIn = (page: Page, selector: string) => page.evaluate((s) => document.activeElement?.closest(s) !== null, selector);

describe('trust what you see (chromium)', { skip: NO_CHROMIUM, timeout: 300_000 }, () => {
  let rig: WebRig;
  let server: ServerProcess;
  let browser: Browser;
  let jens: BrowserContext;
  let page: Page;
  let mailboxId = '';

  before(async () => {
    rig = await startWebRig('trust', { mail: false });
    ({ server, browser } = rig);
    await sendLetter(server, letterToJens(EXPIRED, Date.now() - 3600_000));
    await sendLetter(server, letterToJens(CLOSING, Date.now() + 10 * 60_000));
    await sendLetter(server, letterToJens(DISGUISED, Date.now() + 7 * 86400_000, 'Skattestyrelsen'));
    jens = await browser.newContext(DESKTOP_WINDOW);
    page = await loginAs(jens, server, 'Jens Hansen', { landed: (url) => url.pathname.startsWith('/postkasse/') });
    mailboxId = new URL(page.url()).pathname.split('/')[2]!;
  });

  after(async () => { await rig?.close(); });

  it('names the verified sender, shows today\'s mail by the time, and an expired deadline as expired', async () => {
    assert.equal(await heading(page), 'Indbakke');
    const disguised = row(page, new RegExp(DISGUISED));
    await disguised.waitFor();
    assert.equal((await disguised.locator('.kuvert-sender').textContent())?.trim(), 'Kommunen');
    assert.doesNotMatch((await disguised.textContent()) ?? '', /Skattestyrelsen/);
    assert.match((await disguised.locator('.kuvert-date').textContent())?.trim() ?? '', /^kl\. \d{2}\.\d{2}$/);
    const expired = row(page, new RegExp(EXPIRED));
    assert.equal((await expired.locator('.kuvert-badge-expired').textContent())?.trim(), 'Svarfristen er udløbet');
    assert.equal(await expired.locator('.badge-warning').count(), 0, 'not the warning of a deadline still to come');
    assert.equal(await row(page, new RegExp(CLOSING)).locator('.badge-warning').count(), 1);
    await assertAccessible(page, 'the inbox');
    await page.screenshot({ path: join(SHOTS, 'trust-inbox-desktop.png'), fullPage: true });

    await page.getByRole('link', { name: new RegExp(DISGUISED) }).click();
    assert.equal(await heading(page), DISGUISED);
    const text = await facts(page);
    assert.match(text, /^Fra Kommunen Afsenderens betegnelse: Skattestyrelsen \| /);
    assert.match(text, /\| Til Jens Hansen \| Modtaget /);
    await assertAccessible(page, 'a letter with its own sender label');
  });

  it('answers: the confirmation takes the focus, the letter shows Besvaret, and the thread reads both', async () => {
    await page.getByRole('button', { name: 'Besvar' }).click();
    await page.getByLabel('Dit svar').fill('Jeg mener, vurderingen er for høj.');
    await page.getByRole('button', { name: 'Send svar' }).click();
    const confirmation = page.locator('.kuvert-reply-sent .alert-success');
    await confirmation.waitFor();
    assert.match((await confirmation.textContent()) ?? '', /Dit svar er sendt\.\s*Dit svar er sendt til Kommunen\./);
    assert.equal(await focusedIn(page, '.kuvert-reply-sent'), true, 'the focus is on the confirmation');
    assert.match(await facts(page), /\| Besvaret Se svaret/);
    const thread = page.locator('.kuvert-thread li');
    assert.equal(await thread.count(), 2);
    assert.match((await thread.nth(0).textContent()) ?? '', new RegExp(`${DISGUISED} \\(denne besked\\)Fra Kommunen`));
    assert.match((await thread.nth(1).textContent()) ?? '', new RegExp(`Re: ${DISGUISED}Sendt herfra`));
    await assertAccessible(page, 'a letter just answered');
    await page.screenshot({ path: join(SHOTS, 'trust-answered-desktop.png'), fullPage: true });

    await page.locator('.kuvert-facts').getByRole('link', { name: 'Se svaret' }).click();
    assert.equal(await heading(page), `Re: ${DISGUISED}`);
    const text = await facts(page);
    assert.match(text, /^Fra Jens Hansen \| Til Kommunen \| Kontaktpunkt Byggesager \| Sendt \d/);
    assert.doesNotMatch(text, /Modtaget/);
    assert.equal(await page.getByRole('button', { name: 'Markér som ulæst' }).count(), 0, 'one\'s own sent message is not "unread"');
    assert.equal(await page.getByRole('button', { name: 'Besvar' }).count(), 0);
    await page.locator('.kuvert-thread').getByRole('link', { name: DISGUISED }).waitFor();
    await assertAccessible(page, 'a sent message');

    await page.goto(`${server.url}/postkasse/${mailboxId}`);
    await page.locator('.kuvert-folders').getByRole('link', { name: /Sendt/ }).click();
    assert.equal(await heading(page), 'Sendt');
    assert.equal((await page.locator('table.kuvert-messages thead th').first().textContent())?.trim(), 'Modtager');
    assert.equal((await row(page, new RegExp(`Re: ${DISGUISED}`)).locator('.kuvert-sender').textContent())?.trim(), 'Kommunen');
    await assertAccessible(page, 'Sendt');
    await page.locator('.kuvert-folders').getByRole('link', { name: /Indbakke/ }).click();
    assert.match((await row(page, new RegExp(DISGUISED)).textContent()) ?? '', /Besvaret/);
  });

  it('says in the reply form that the deadline has passed, instead of failing on send; older mail shows its date', async () => {
    await page.getByRole('link', { name: new RegExp(EXPIRED) }).click();
    assert.equal(await heading(page), EXPIRED);
    assert.match(await facts(page), /\| Svarfrist [^|]+ Svarfristen er udløbet/);
    assert.equal(await page.getByRole('button', { name: 'Besvar' }).count(), 0);
    await page.getByText('Fristen for at svare er overskredet.').waitFor();

    // a browser whose clock runs ahead (a clock is the whole context's): the deadline of the other letter passes while Jens writes
    const later = await browser.newContext(DESKTOP_WINDOW);
    try {
      const ahead = await loginAs(later, server, 'Jens Hansen', { landed: (url) => url.pathname.startsWith('/postkasse/') });
      await later.clock.install();
      await ahead.goto(`${server.url}/postkasse/${mailboxId}`);
      await row(ahead, new RegExp(CLOSING)).getByRole('link').click();
      await ahead.getByRole('button', { name: 'Besvar' }).click();
      await ahead.getByLabel('Dit svar').fill('Jeg vil gerne have en større beholder.');
      await ahead.clock.fastForward('15:00');
      await ahead.getByText(/Svarfristen udløb .+\. Dit svar kan ikke længere sendes\./).waitFor();
      assert.equal(await ahead.getByRole('button', { name: 'Send svar' }).isDisabled(), true);
      await assertAccessible(ahead, 'a reply form past its deadline');
      // tomorrow, today's mail shows its date
      await ahead.clock.fastForward('24:00:00');
      await ahead.goto(`${server.url}/postkasse/${mailboxId}`);
      await row(ahead, new RegExp(DISGUISED)).waitFor();
      assert.match((await row(ahead, new RegExp(DISGUISED)).locator('.kuvert-date').textContent())?.trim() ?? '', /^\d{1,2}\. [a-z]{3}\.? \d{4}$/);
    } finally {
      await later.close();
    }
  });

  it('says the same in English', async () => {
    await page.goto(`${server.url}/postkasse/${mailboxId}`);
    await page.getByRole('button', { name: 'English' }).click();
    assert.equal(await heading(page), 'Inbox');
    assert.match((await row(page, new RegExp(DISGUISED)).locator('.kuvert-date').textContent())?.trim() ?? '', /^\d{2}:\d{2}$/);
    assert.equal((await row(page, new RegExp(EXPIRED)).locator('.kuvert-badge-expired').textContent())?.trim(), 'Reply deadline passed');
    assert.match((await row(page, new RegExp(DISGUISED)).textContent()) ?? '', /Answered/);
    await page.getByRole('link', { name: new RegExp(DISGUISED) }).click();
    assert.equal(await heading(page), DISGUISED);
    const text = await facts(page);
    assert.match(text, /^From Kommunen Sender's own label: Skattestyrelsen \| /);
    assert.match(text, /\| Answered See the reply/);
    await page.getByRole('heading', { name: 'The conversation' }).waitFor();
    await assertAccessible(page, 'a letter in English');
    await page.getByRole('button', { name: 'Dansk' }).click();
    assert.equal(await heading(page), DISGUISED);
  });

  it('fits 320 px: the list, the letter and its thread', async () => {
    const phone = await browser.newContext(PHONE_WINDOW);
    try {
      const small = await loginAs(phone, server, 'Jens Hansen', { landed: (url) => url.pathname.startsWith('/postkasse/') });
      assert.equal(await heading(small), 'Indbakke');
      await row(small, new RegExp(DISGUISED)).waitFor();
      await noSidewaysScrolling(small, 'the inbox');
      await small.getByRole('link', { name: new RegExp(DISGUISED) }).click();
      assert.equal(await heading(small), DISGUISED);
      await small.locator('.kuvert-thread').waitFor();
      await noSidewaysScrolling(small, 'a letter with its thread');
      await assertAccessible(small, 'a letter at 320 px');
      await small.screenshot({ path: join(SHOTS, 'trust-thread-phone.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it('Karen, Kommunen\'s case worker, sees the contact point and answers Jens in the same thread', async () => {
    const kommunen = await browser.newContext(DESKTOP_WINDOW);
    try {
      const karen = await loginAs(kommunen, server, 'Karen Sørensen', { landed: (url) => url.pathname.startsWith('/postkasse/') });
      assert.equal(await heading(karen), 'Indbakke');
      const question = row(karen, new RegExp(`Re: ${DISGUISED}`));
      await question.waitFor();
      assert.equal((await question.locator('.kuvert-sender').textContent())?.trim(), 'Jens Hansen');
      await question.getByRole('link').click();
      assert.match(await facts(karen), /^Fra Jens Hansen \| Til Kommunen \| Kontaktpunkt Byggesager \| Modtaget /);
      // the letter Kommunen's system sent is in its Sendt: the case worker reads the thread from the start
      const thread = karen.locator('.kuvert-thread li');
      assert.equal(await thread.count(), 2);
      assert.match((await thread.nth(0).textContent()) ?? '', /Sendt herfra/);
      await assertAccessible(karen, 'a citizen\'s message at an authority');

      await karen.getByRole('button', { name: 'Besvar' }).click();
      await karen.getByText('Svaret sendes til Jens Hansen fra kontaktpunktet Byggesager, i samme samtale.').waitFor();
      await karen.getByLabel('Dit svar').fill('Vi ser på vurderingen igen og vender tilbage inden 14 dage.');
      await karen.getByRole('button', { name: 'Send svar' }).click();
      await karen.locator('.kuvert-reply-sent .alert-success').waitFor();
      assert.equal(await focusedIn(karen, '.kuvert-reply-sent'), true);
      assert.match(await facts(karen), /\| Besvaret Se svaret/);
      assert.equal(await thread.count(), 3);
      await assertAccessible(karen, 'an authority\'s answer sent');
      await karen.screenshot({ path: join(SHOTS, 'trust-case-worker-desktop.png'), fullPage: true });
    } finally {
      await kommunen.close();
    }

    // Jens gets the answer from Kommunen, in the same thread
    await page.goto(`${server.url}/postkasse/${mailboxId}`);
    const answer = page.locator('table.kuvert-messages tbody tr[data-unread="true"]', { has: page.getByRole('link', { name: new RegExp(`Re: ${DISGUISED}`) }) });
    await answer.waitFor();
    assert.equal((await answer.locator('.kuvert-sender').textContent())?.trim(), 'Kommunen');
    await answer.getByRole('link').click();
    assert.equal(await heading(page), `Re: ${DISGUISED}`);
    await page.locator('.kuvert-thread').waitFor();
    const thread = page.locator('.kuvert-thread li');
    assert.equal(await thread.count(), 3);
    assert.match((await thread.nth(0).textContent()) ?? '', new RegExp(`${DISGUISED}Fra Kommunen`));
    assert.match((await thread.nth(1).textContent()) ?? '', /Sendt herfra/);
    assert.match((await thread.nth(2).textContent()) ?? '', /denne besked/);
    assert.equal(await page.getByRole('button', { name: 'Besvar' }).count(), 1, 'Kommunen\'s answer may be answered in turn');
    await assertAccessible(page, 'the authority\'s answer');
  });
});
