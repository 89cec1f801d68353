import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, installed by .ci/run; playwright-core never downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';

export const hasChromium = (): boolean => existsSync(CHROMIUM);

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile that may talk to 127.0.0.1 only: every other request
 * (the queue dashboard's web fonts, any background fetch) is aborted before it leaves.
 */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'oisync-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
  });
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' ? route.continue() : route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Wait until the text of `selector` matches, reloading the page between looks when asked
 * (for changes the page does not poll for). Polls; no fixed sleep decides the outcome.
 */
export async function waitForText(page: Page, selector: string, pattern: RegExp, opts: { reload?: boolean; timeoutMs?: number } = {}): Promise<string> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let last = '';
  for (;;) {
    try {
      last = (await page.locator(selector).first().textContent({ timeout: 1_000 })) ?? '';
      if (pattern.test(last)) return last;
    } catch {
      // navigating (the page reloads itself when a run ends): look again
    }
    if (Date.now() > deadline) throw new Error(`"${selector}" never matched ${pattern}; last text: ${last.slice(0, 500)}`);
    if (opts.reload) await page.reload().catch(() => undefined);
    else await page.waitForTimeout(200);
  }
}
