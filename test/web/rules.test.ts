// The administrators' page Regler (docs/rules.md) end to end: a real Kuvert server with the demo data and
// no SMTP_URL (mail stays in the development outbox, /dev/outbox), notices sent at once
// (NOTIFY_INTERVAL_MINUTES=0), Debian's chromium driven by playwright-core. Karen gives Kommunen the
// subscription group "BBR-meddelelse" (material BBR) and letters arrive at Demo ApS. Mette (its
// super-administrator, extended mailbox with the folders BBR and Løn) writes the BBR rule, is told
// what is missing next to the fields, tries the rule on the last letters, loses her session while
// writing without losing the rule, saves it; the next BBR letter lands in the folder BBR and she is
// notified (Ole is not). She applies the rules to Indbakke (count, run, undo), moves a rule with the
// keyboard and deletes one. axe checks the page at desktop size and at 320 px; screenshots go to
// docs/screenshots/ (UPDATE_SCREENSHOTS=1).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { basic } from '../helpers/api.ts';
import { letter } from '../helpers/memo.ts';
import type { ServerProcess } from '../helpers/process.ts';
import {
  assertAccessible, DESKTOP_WINDOW, heading, loginAs, NO_CHROMIUM, noSidewaysScrolling, PHONE_WINDOW, SHOTS, startWebRig, type WebRig,
} from './browser.ts';

const BBR_LETTERS = ['BBR-meddelelse om carporten', 'BBR-meddelelse om tilbygningen'];
const OTHER_LETTER = 'Varsel om ejendomsskat';
const NEXT_LETTER = 'BBR-meddelelse om garagen';
const METTE = 'mette@demoaps.example';
const OLE = 'ole@demoaps.example';
const SENTENCE = 'Når tilmeldingsgruppen er BBR-meddelelse: læg i mappen BBR og giv besked til Mette Nielsen.';

const tabs = (page: Page) => page.getByRole('navigation', { name: 'Administrationens sider' });

/** The status message after a change: it says `text` and has the focus. */
async function statusSays(page: Page, text: string | RegExp): Promise<void> {
  const alert = page.locator('main .kuvert-status-region .alert', { hasText: text });
  await alert.waitFor();
  assert.equal(await alert.evaluate((el) => el === document.activeElement), true, `the focus is on the message "${text}"`);
}

const hasFocus = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

/** Kommunen's sender system sends a letter to Demo ApS through the served process's system API. */
async function send(server: ServerProcess, options: Parameters<typeof letter>[0]): Promise<void> {
  const response = await fetch(`${server.url}/apis/v1/memos`, {
    method: 'POST', headers: { authorization: basic('authoritySender'), 'content-type': 'application/xml' }, body: letter(options).xml,
  });
  assert.equal(response.status, 201, await response.text());
}

/** Mails in /dev/outbox to `to` (reloading until one says `text`, unless `wait` is false). */
async function outbox(page: Page, server: ServerProcess, to: string, text: RegExp, wait = true, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(`${server.url}/dev/outbox`);
    const mails = page.locator('article.ka-mail', { hasText: to }).filter({ hasText: text });
    if (!wait || await mails.count() > 0) return mails;
    assert.ok(Date.now() < deadline, `a mail to ${to} saying ${text} in the development outbox`);
    await page.waitForTimeout(250);
  }
}

/** A call to the portal's API as the person logged in on `page` (with the session's CSRF token). */
async function call(page: Page, server: ServerProcess, method: 'GET' | 'POST' | 'PUT', path: string, data?: object) {
  const session = await (await page.request.get(`${server.url}/api/session`)).json() as { csrfToken: string; mailboxes: { id: string; organisationId?: string }[] };
  const response = await page.request.fetch(`${server.url}${path}`, { method, headers: { 'x-csrf-token': session.csrfToken }, ...(data ? { data } : {}) });
  return { status: response.status(), body: await response.json().catch(() => undefined), session };
}

describe('Rules in the administration (chromium)', { skip: NO_CHROMIUM, timeout: 400_000 }, () => {
  let rig: WebRig;
  let server: ServerProcess;
  let browser: Browser;
  let mette: BrowserContext;
  let page: Page;
  let section = '';
  const editor = () => page.locator('form.kuvert-sortrule-editor');
  const rule = (name: string) => page.locator('.kuvert-sortrule-list > li', { has: page.getByRole('heading', { name: new RegExp(`^\\d+\\. ${name}$`) }) });

  before(async () => {
    // notices go out at the next round, within seconds
    rig = await startWebRig('rules-web', { mail: false, env: { NOTIFY_INTERVAL_MINUTES: '0' } });
    ({ server, browser } = rig);
    mette = await browser.newContext(DESKTOP_WINDOW);
  });

  after(async () => { await rig?.close(); });

  it('Kommunen sends BBR letters with the subscription group "BBR-meddelelse"; they land in Indbakke', async () => {
    const karen = await browser.newContext(DESKTOP_WINDOW);
    try {
      const karenPage = await loginAs(karen, server, 'Karen Sørensen');
      const { session } = await call(karenPage, server, 'GET', '/api/session');
      const authority = session.mailboxes.find((m) => m.organisationId)!.organisationId!;
      const group = await call(karenPage, server, 'POST', `/api/admin/organisations/${authority}/subscription-groups`, { name: 'BBR-meddelelse' });
      assert.equal(group.status, 201, JSON.stringify(group.body));
      const material = await call(karenPage, server, 'POST', `/api/admin/organisations/${authority}/materials`, { code: 'BBR', name: 'BBR-meddelelse', subscriptionGroupId: group.body.id });
      assert.equal(material.status, 201, JSON.stringify(material.body));
      // in a standard mailbox the page shows the rules without changing them
      const level = await call(karenPage, server, 'PUT', `/api/admin/organisations/${authority}/level`, { level: 'standard' });
      assert.equal(level.status, 200, JSON.stringify(level.body));
      await karenPage.goto(`${server.url}/organisationer/${authority}/administration/regler`);
      await karenPage.getByText('Sortering med regler kræver en postkasse med udvidet funktionalitet.', { exact: false }).waitFor();
      await karenPage.getByText('Der er ingen regler.').waitFor();
      assert.equal(await karenPage.getByRole('button', { name: 'Ny regel' }).count(), 0);
      assert.equal(await karenPage.getByRole('heading', { name: 'Anvend reglerne på Indbakke' }).count(), 0);
    } finally {
      await karen.close();
    }
    for (const label of BBR_LETTERS) await send(server, { label, messageCode: 'BBR' });
    await send(server, { label: OTHER_LETTER });
  });

  it('Mette opens Regler and writes a rule; what is missing is said next to each field and summarised on top', async () => {
    page = await loginAs(mette, server, 'Mette Nielsen', { landed: (url) => url.pathname.startsWith('/postkasse/') });
    await heading(page);
    await page.locator('header').getByRole('link', { name: 'Administration', exact: true }).click();
    assert.equal(await heading(page), 'Administration');
    await tabs(page).getByRole('link', { name: 'Regler' }).click();
    await page.getByText('Der er ingen regler endnu.', { exact: false }).waitFor();
    section = new URL(page.url()).pathname;
    assert.match(section, /^\/organisationer\/[0-9a-f-]{36}\/administration\/regler$/);
    assert.equal(await page.title(), 'Regler – Administration – Kuvert');

    await page.getByRole('button', { name: 'Ny regel' }).click();
    const title = editor().getByRole('heading', { name: 'Ny regel' });
    await title.waitFor();
    assert.equal(await hasFocus(title), true, 'the editor\'s heading takes the focus');

    // nothing filled in: the server's problems, in Danish, at their fields and in the summary (which takes the focus)
    await editor().getByRole('button', { name: 'Gem regel' }).click();
    const summary = editor().locator('.alert-error', { has: page.getByRole('heading', { name: 'Der er fejl i formularen' }) });
    await summary.waitFor();
    assert.equal(await hasFocus(summary), true, 'the error summary takes the focus');
    const said = (await summary.textContent()) ?? '';
    for (const line of ['Navn: Skriv et navn på 1 til 100 tegn.', 'Betingelse 1: Skriv en tekst på 1 til 200 tegn.', 'Så skal Kuvert: Vælg mindst én ting, reglen skal gøre.']) {
      assert.ok(said.includes(line), `the summary says "${line}" (${said})`);
    }
    const condition = editor().locator('fieldset.kuvert-sortrule-condition').first();
    assert.match((await condition.locator('.form-error-message').textContent()) ?? '', /Skriv en tekst på 1 til 200 tegn\./);
    await summary.getByRole('link', { name: /^Betingelse 1:/ }).click();
    assert.equal(await hasFocus(condition.getByLabel('Værdi')), true, 'the summary\'s link leads to the field');

    await editor().getByLabel('Navn').fill('BBR');
    await condition.getByLabel('Felt').selectOption({ label: 'Tilmeldingsgruppe' });
    await condition.getByLabel('Sammenligning').selectOption({ label: 'er' });
    // the groups of recent letters are offered, and any text is taken
    assert.equal(await editor().locator('datalist option[value="BBR-meddelelse"]').count(), 1);
    assert.match((await condition.textContent()) ?? '', /Set i de seneste breve: BBR-meddelelse\./);
    await condition.getByLabel('Værdi').fill('BBR-meddelelse');
    // a CPR number may only be asked "is it" and "is there one"
    await editor().getByRole('button', { name: 'Tilføj betingelse' }).click();
    const second = editor().locator('fieldset.kuvert-sortrule-condition').nth(1);
    assert.equal(await hasFocus(second.getByLabel('Felt')), true, 'a new condition\'s field takes the focus');
    await second.getByLabel('Felt').selectOption({ label: 'CPR-nummer i indholdet' });
    assert.deepEqual(await second.getByLabel('Sammenligning').locator('option').allTextContents(), ['er', 'er udfyldt']);
    await second.getByRole('button', { name: 'Fjern betingelse 2' }).click();
    assert.equal(await editor().locator('fieldset.kuvert-sortrule-condition').count(), 1);

    await editor().getByLabel('Lægge brevet i en mappe').check();
    await editor().getByLabel('Mappe', { exact: true }).selectOption({ label: 'BBR' });
    await editor().getByLabel('Give besked om brevet').check();
    await editor().getByLabel('Mette Nielsen').check();
  });

  it('"Prøv reglen" shows which of the last letters the rule matches and where they would go', async () => {
    await editor().getByRole('button', { name: 'Prøv reglen' }).click();
    const result = editor().getByRole('heading', { name: 'Sådan ville reglen have virket' });
    await result.waitFor();
    assert.equal(await hasFocus(result), true);
    assert.match((await editor().locator('.kuvert-sortrule-preview-count').textContent()) ?? '', /^Reglen passer på 2 af de seneste \d+ breve\.$/);
    const rows = editor().locator('table.kuvert-sortrule-preview-list tbody tr');
    assert.equal(await rows.count(), 2);
    for (const title of BBR_LETTERS) {
      const row = rows.filter({ hasText: title });
      assert.match((await row.textContent()) ?? '', /Kommunen.*Indbakke → BBR.*Besked til 1/);
    }
    assert.equal(await rows.filter({ hasText: OTHER_LETTER }).count(), 0);
    assert.equal(await editor().locator('.kuvert-sortrule-preview .kuvert-sub', { hasText: 'Du har ændret reglen' }).count(), 0);
  });

  it('the session expires while she writes: the rule stays in the form, and is saved after she logs in again', async () => {
    await mette.clearCookies();
    await editor().getByRole('button', { name: 'Gem regel' }).click();
    const expired = editor().locator('.alert-error', { has: page.getByRole('heading', { name: 'Din session er udløbet' }) });
    await expired.waitFor();
    assert.equal(await hasFocus(expired), true);
    assert.equal(new URL(page.url()).pathname, section, 'still on the page');
    assert.equal(await editor().getByLabel('Navn').inputValue(), 'BBR');
    assert.equal(await editor().locator('fieldset.kuvert-sortrule-condition').first().getByLabel('Værdi').inputValue(), 'BBR-meddelelse');
    assert.equal(await editor().getByLabel('Mette Nielsen').isChecked(), true);
    assert.equal(await expired.getByRole('link', { name: 'Log ind igen (åbner en ny fane)' }).getAttribute('target'), '_blank');

    const again = await loginAs(mette, server, 'Mette Nielsen', { path: section });
    await again.close();
    await page.bringToFront();
    await editor().getByRole('button', { name: 'Gem regel' }).click();
    await statusSays(page, 'Reglen "BBR" er gemt.');
    assert.equal(await editor().count(), 0, 'the editor closes');
    const saved = rule('BBR');
    assert.equal((await saved.locator('.kuvert-sortrule-sentence').textContent())?.trim(), SENTENCE);
    assert.match((await saved.textContent()) ?? '', /Slået til.*Ændret .* af Mette Nielsen/);
  });

  it('the next BBR letter lands in the folder BBR, and Mette is notified of it (Ole is not)', async () => {
    await send(server, { label: NEXT_LETTER, messageCode: 'BBR' });
    await page.goto(`${server.url}/postkasse`);
    await heading(page);
    await page.locator('.kuvert-folders').getByRole('link', { name: /^BBR/ }).click();
    await page.locator('table.kuvert-messages').getByRole('link', { name: new RegExp(NEXT_LETTER) }).waitFor();
    assert.equal(await page.locator('table.kuvert-messages').getByRole('link', { name: new RegExp(BBR_LETTERS[0]!) }).count(), 0, 'the earlier letters are still in Indbakke');

    const notice = (await outbox(page, server, METTE, /1 nyt brev i BBR/)).first();
    const text = (await notice.textContent()) ?? '';
    assert.ok(!text.includes(NEXT_LETTER) && !text.includes('garagen'), `the notice does not give the title (${text})`);
    assert.equal(await (await outbox(page, server, OLE, /BBR/, false)).count(), 0, 'Ole is not named by the rule');
  });

  it('applies the rules to Indbakke: first the count, then the run, which can be undone', async () => {
    await page.goto(`${server.url}${section}`);
    await rule('BBR').waitFor();
    await page.getByRole('button', { name: 'Anvend reglerne på Indbakke' }).click();
    const confirm = page.getByRole('group', { name: '2 breve flyttes' });
    await confirm.waitFor();
    assert.match((await confirm.textContent()) ?? '', /prøvet på \d+ breve i Indbakke\. 2 af dem flyttes/);
    await confirm.getByRole('button', { name: 'Flyt 2 breve' }).click();
    const apply = page.locator('section.kuvert-sortrule-apply');
    await apply.locator('.kuvert-status-region .alert', { hasText: '2 breve er flyttet.' }).waitFor();
    const run = apply.locator('table.kuvert-sortrule-runs tbody tr').first();
    await run.getByText('Udført').waitFor();
    assert.match((await run.textContent()) ?? '', /2 breve.*af Mette Nielsen|af Mette Nielsen.*2 breve/);
    await run.getByRole('button', { name: /^Fortryd:/ }).click();
    await apply.locator('.kuvert-status-region .alert', { hasText: '2 breve er flyttet tilbage.' }).waitFor();
    await run.getByText(/^Fortrudt /).waitFor();
    assert.equal(await run.getByRole('button', { name: /^Fortryd:/ }).count(), 0, 'a run is undone once');
  });

  it('moves a rule with the keyboard, and deletes one after confirming', async () => {
    const organisationId = section.split('/')[2]!;
    const list = await call(page, server, 'GET', `/api/admin/organisations/${organisationId}/rules`);
    const lon = list.body.choices.folders.find((f: { name: string }) => f.name === 'Løn').id;
    const made = await call(page, server, 'POST', `/api/admin/organisations/${organisationId}/rules`, {
      name: 'Løn', enabled: true, stopHere: true, conditions: [{ field: 'attentionPerson', op: 'contains', value: 'løn' }], actions: [{ kind: 'file', folderId: lon }],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    await page.reload();
    await rule('Løn').waitFor();
    const names = () => page.locator('.kuvert-sortrule-list .kuvert-sortrule-name').allTextContents();
    assert.deepEqual(await names(), ['1. BBR', '2. Løn']);
    assert.equal(await page.getByRole('button', { name: 'Flyt op: BBR' }).isDisabled(), true);

    await page.getByRole('button', { name: 'Flyt op: Løn' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.kuvert-sortrule-list .kuvert-sortrule-name')?.textContent === '1. Løn');
    assert.deepEqual(await names(), ['1. Løn', '2. BBR']);
    assert.equal(await hasFocus(page.getByRole('button', { name: 'Flyt ned: Løn' })), true, 'the focus stays with the moved rule');
    assert.equal(await page.locator('p.sr-only[aria-live="polite"]').textContent(), 'Løn er nu regel nummer 1.');
    assert.match((await rule('Løn').textContent()) ?? '', /Stopper her/);
    const order = await call(page, server, 'GET', `/api/admin/organisations/${organisationId}/rules`);
    assert.deepEqual(order.body.rules.map((r: { name: string }) => r.name), ['Løn', 'BBR'], 'the order is saved');

    await page.getByRole('button', { name: 'Slet: Løn' }).click();
    const confirm = page.getByRole('group', { name: 'Slet reglen "Løn"?' });
    await confirm.getByRole('button', { name: 'Slet' }).click();
    await statusSays(page, 'Reglen "Løn" er slettet.');
    await rule('Løn').waitFor({ state: 'detached', timeout: 5_000 });
    assert.deepEqual(await names(), ['1. BBR']);
  });

  it('the page with a rule being tried is accessible at desktop size and at 320 px', async () => {
    await page.getByRole('button', { name: 'Redigér: BBR' }).click();
    await editor().getByRole('heading', { name: 'Redigér reglen "BBR"' }).waitFor();
    assert.equal(await editor().getByLabel('Værdi').inputValue(), 'BBR-meddelelse', 'the editor shows the saved rule');
    await editor().getByRole('button', { name: 'Prøv reglen' }).click();
    await editor().locator('.kuvert-sortrule-preview-count', { hasText: /Reglen passer på 3 af/ }).waitFor();
    assert.match((await editor().locator('tr', { hasText: NEXT_LETTER }).textContent()) ?? '', /Bliver i BBR/);
    await assertAccessible(page, 'the administration page Regler with the editor');
    await page.screenshot({ path: join(SHOTS, 'admin-rules.png'), fullPage: true });
    // the sentences in the portal's language
    await page.locator('header').getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation', { name: 'Administration pages' }).getByRole('link', { name: 'Rules' }).waitFor();
    assert.equal((await rule('BBR').locator('.kuvert-sortrule-sentence').textContent())?.trim(),
      'When the subscription group is BBR-meddelelse: file in the folder BBR and notify Mette Nielsen.');
    assert.equal(await editor().getByRole('button', { name: 'Try the rule' }).count(), 1);

    const phone = await browser.newContext(PHONE_WINDOW);
    try {
      const mobile = await loginAs(phone, server, 'Mette Nielsen', { path: section });
      await mobile.getByRole('button', { name: 'Redigér: BBR' }).click();
      await mobile.locator('form.kuvert-sortrule-editor').getByRole('button', { name: 'Prøv reglen' }).click();
      await mobile.locator('.kuvert-sortrule-preview-count').waitFor();
      await noSidewaysScrolling(mobile, 'the administration page Regler');
      await assertAccessible(mobile, 'the administration page Regler at 320 px');
      await mobile.screenshot({ path: join(SHOTS, 'admin-rules-mobile.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });
});
