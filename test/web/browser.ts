import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { startMailSink, type MailSink } from '../helpers/mail-sink.ts';
import { ROOT, runCommand, startServer, type ServerProcess } from '../helpers/process.ts';
import { missing, which } from '../helpers/tools.ts';

/** Debian's chromium (or CHROMIUM_PATH), driven by playwright-core; the browser tests skip without it. */
export const CHROMIUM = which('chromium');
export const NO_CHROMIUM = missing('chromium');
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--lang=da-DK',
];
// screenshots are taken on every run (they are part of what is checked to render); they replace the
// committed ones in docs/screenshots only with UPDATE_SCREENSHOTS=1 (npm run screenshots)
export const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'kuvert-shots-'));
export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 320, height: 640 };
/** A browser window as the tests open one: Danish, Copenhagen's time; at desktop size or 320 px wide with touch. */
export const DESKTOP_WINDOW: BrowserContextOptions = { viewport: DESKTOP, locale: 'da-DK', timezoneId: 'Europe/Copenhagen' };
export const PHONE_WINDOW: BrowserContextOptions = { ...DESKTOP_WINDOW, viewport: MOBILE, isMobile: true, hasTouch: true };

export interface WebRig {
  /** a fresh folder of the test's own; the server keeps its data in `data` below it */
  dir: string;
  server: ServerProcess;
  /** the test mail sink the server mails through (none with `mail: false`) */
  sink: MailSink | undefined;
  browser: Browser;
  /** stops everything and removes `dir` (for `after`) */
  close(): Promise<void>;
}

/**
 * What a browser test starts with (for `before`): the web app built if stale, a Kuvert server with the
 * demo data in a fresh folder (`kuvert-<name>-…`) that mails through a test mail sink (unless
 * `mail: false`), and chromium.
 */
/** `env`: more settings of the served Kuvert (e.g. NOTIFY_INTERVAL_MINUTES). */
export async function startWebRig(name: string, options: { mail?: boolean; env?: Record<string, string> } = {}): Promise<WebRig> {
  const build = await runCommand(process.execPath, ['web/build-if-stale.mjs'], {}, { timeoutMs: 180_000 });
  assert.equal(build.code, 0, `building the web app failed:\n${build.stdout}\n${build.stderr}`);
  assert.ok(existsSync(join(ROOT, 'web', 'dist', 'index.html')), 'web/dist/index.html after the build');
  await mkdir(SHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), `kuvert-${name}-`));
  let sink: MailSink | undefined;
  let server: ServerProcess | undefined;
  try {
    if (options.mail !== false) sink = await startMailSink();
    server = await startServer({
      DATA_DIR: join(dir, 'data'), DEMO_DATA: 'true', JOB_POLL_MS: '50', ...(sink ? { SMTP_URL: sink.url, MAIL_DOMAIN: 'kuvert.test' } : {}), ...options.env,
    }, { timeoutMs: 90_000 });
    const browser = await chromium.launch({ executablePath: CHROMIUM!, args: CHROMIUM_FLAGS });
    const started = server;
    return {
      dir, server, sink, browser,
      async close() {
        await browser.close();
        await started.stop();
        await sink?.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.stop();
    await sink?.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The page's heading; a mailbox page says "Henter …" until it knows its folders, so that one is waited past. */
export async function heading(page: Page): Promise<string> {
  const h1 = page.locator('main h1').filter({ hasNotText: /^(Henter|Loading) …$/ });
  await h1.waitFor();
  return (await h1.textContent())?.trim() ?? '';
}

export async function noSidewaysScrolling(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 320 px on ${what} (overflow ${overflow} px)`);
}

/**
 * Logs in through the development provider's page by choosing a demo person; resolves once back in the
 * portal (by default anywhere outside the login pages). `shot` photographs the provider's page first.
 */
export async function loginAs(context: BrowserContext, server: ServerProcess, person: string, options: { path?: string; shot?: string; landed?: (url: URL) => boolean } = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}${options.path ?? '/'}`);
  await page.waitForURL(/\/dev-idp\//, { timeout: 15_000 });
  await page.getByRole('button', { name: new RegExp(person) }).first().waitFor();
  if (options.shot) await page.screenshot({ path: join(SHOTS, options.shot), fullPage: true });
  await page.getByRole('button', { name: new RegExp(person) }).first().click();
  await page.waitForURL(options.landed ?? ((url) => !url.pathname.startsWith('/dev-idp') && !url.pathname.startsWith('/auth')), { timeout: 15_000 });
  return page;
}

/** No serious or critical accessibility violations (axe-core). */
export async function assertAccessible(page: Page, what: string, exclude: string[] = []): Promise<void> {
  let builder = new AxeBuilder({ page });
  for (const selector of exclude) builder = builder.exclude(selector);
  const result = await builder.analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), [],
    `accessibility violations on ${what}`);
}
