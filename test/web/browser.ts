import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ROOT, type ServerProcess } from '../helpers/process.ts';
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
