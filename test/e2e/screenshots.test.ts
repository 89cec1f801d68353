import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/cli/runtime.js';
import type { OperatorServer } from '../../src/http/server.js';
import { FAKE_ADMIN_TOKEN } from '../helpers/config.js';
import { conflictingRename, deactivateInOkta, unassignInOkta } from '../helpers/scenarios.js';
import { Stack } from '../helpers/stack.js';
import { hasChromium, launchBrowser, waitForText, type Browser } from './browser.js';

/**
 * The status page of a migration in progress — a finished run, a dry run, a run held by the
 * safety brake with a failed record, open flags — rendered in Chromium and captured. Each
 * capture is checked for its panels; with OISYNC_SCREENSHOTS_DIR set (e.g. docs/screenshots)
 * the PNGs the README links to are rewritten:
 *
 *   OISYNC_SCREENSHOTS_DIR=docs/screenshots npx vitest run test/e2e/screenshots.test.ts
 */
describe.skipIf(!hasChromium())('status page screenshots', { timeout: 120_000 }, () => {
  const keep = process.env['OISYNC_SCREENSHOTS_DIR'];
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'oisync-shots-'));
  let stack: Stack;
  let rt: Runtime;
  let server: OperatorServer;
  let url: string;
  let browser: Browser;
  let heldRun: string;

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    stack = await Stack.start({ safety: 'safety:\n  maxDestructive: { count: 0, percent: 0 }' });
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    await stack.sync(rt);
    await stack.sync(rt, { dryRun: true });
    // an IDaaS admin edited an account by hand: a reconcile (report only) shows it as drift
    const zoe = stack.idaasUser('zoe.muller@acme.example');
    stack.idaas.edit.updateUser(zoe?.id ?? '', { displayName: 'Zoe Mueller (IDaaS)' });
    await stack.reconcile(rt, { dryRun: true });
    conflictingRename(stack, 'bjorn.andersson@acme.example', 'b.andersson@acme.example');
    deactivateInOkta(stack, 'dmitri.ivanov@acme.example');
    unassignInOkta(stack, 'grace.hopper@acme.example');
    unassignInOkta(stack, 'jose.garcia@acme.example');
    heldRun = (await stack.sync(rt)).id;
    server = await stack.server(rt);
    url = `${await server.listen('127.0.0.1', 0)}/`;
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rt?.close(1000);
    await stack?.close();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  });

  const shot = async (name: string): Promise<string> => {
    const file = join(dir, name);
    await browser.page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
    return file;
  };

  it('the login page', async () => {
    await browser.page.goto(url);
    await waitForText(browser.page, 'h2', /Sign in/);
    await shot('login.png');
  });

  it('the status page of a migration with a failure, a held plan and flags', async () => {
    const { page } = browser;
    await page.fill('#token', FAKE_ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(page, '#runs', new RegExp(heldRun));
    expect(await page.locator('#runs tbody tr').count()).toBe(4);
    expect(await page.locator('#failures').textContent()).toContain('IDaaS said: uniqueness: userName "b.andersson@acme.example" is already used');
    expect(await page.locator('#held').textContent()).toContain('dmitri.ivanov@acme.example');
    expect(await page.locator('#flags tbody tr').count()).toBe(2);
    await page.locator('#failures details summary').first().click();
    await shot('status.png');
  });

  it('the queue dashboard', async () => {
    const { page } = browser;
    await page.goto(`${url}admin/queues/queue/push?status=failed`);
    // The failed job with the reason the worker gave it.
    await waitForText(page, 'body', /SCIM_CONFLICT: IDaaS already holds a conflicting resource/);
    await shot('queues.png');
  });
});
