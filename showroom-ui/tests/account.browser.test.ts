/**
 * Signing in and out of the showroom in real headless Chromium, against a controller that has an
 * account (so anonymous pages are visitors) and drives the demo's street DALI gateway simulator.
 * Signed out, the console's write controls are disabled with an explanation; signed in as staff
 * they are enabled and a write goes through (the showroom sends its CSRF token).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { Accounts } from '@phare/lab-controller/auth/accounts.ts';
import { DEMO_SITE } from '@phare/lab-controller/controller/demo.ts';
import { loadSiteOrThrow } from '@phare/lab-controller/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '@phare/lab-controller/controller/simulators.ts';
import { startController, type Controller } from '@phare/lab-controller/controller/start-controller.ts';
import { openDatabase } from '@phare/lab-controller/storage/database.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './headless-chromium.ts';
import { buildShowroomIfStale, uiDist } from './showroom-build.ts';

/** Generous: two cores shared with other test files. */
const UI_WAIT_MS = 30_000;
const PASSWORD = 'stella-password';

describe('signing in to the showroom', { timeout: 120_000 }, () => {
  let dataDir: string;
  let sims: RunningSimulators;
  let controller: Controller;
  let chrome: HeadlessChromium;
  let page: Page;
  const pageErrors: string[] = [];

  const control = () => page.locator('form[data-control="street.lamp03.level"]');
  const writeButtonDisabled = () =>
    control()
      .locator('button[type="submit"]')
      .evaluate((button) => button.matches(':disabled'));

  beforeAll(async () => {
    await buildShowroomIfStale();
    dataDir = mkdtempSync(join(tmpdir(), 'phare-account-test-'));
    const db = openDatabase(dataDir);
    await Accounts.inDatabase(db).add('stella', 'staff', PASSWORD);
    db.close();
    // The demo site reduced to its street gateway: one simulator, quick to start.
    const demo = loadSiteOrThrow(DEMO_SITE);
    const street = {
      ...demo,
      site: {
        ...demo.site,
        devices: demo.site.devices.filter((d) => d.id === 'street'),
        vigilance: [],
        interlocks: [],
      },
    };
    sims = await startSimulators(street, { ephemeralPorts: true });
    controller = await startController({
      site: sims.site,
      port: 0,
      dataDir,
      uiDistDir: uiDist,
      logger: silentLogger,
    });
    chrome = await launchHeadlessChromium({ width: 1280, height: 800 });
    page = await chrome.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${controller.url}/console`);
    await page.locator('.app[data-link="online"]').waitFor({ timeout: UI_WAIT_MS });
  }, 180_000);

  afterAll(async () => {
    await chrome?.close();
    await controller?.stop();
    await sims?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a visitor the console controls disabled, with who may use them', async () => {
    await page.locator('[data-account][data-role="visitor"]').waitFor({ timeout: UI_WAIT_MS });
    await control().waitFor({ timeout: UI_WAIT_MS });
    await expect(writeButtonDisabled()).resolves.toBe(true);
    await expect(page.locator('[data-role-gate-reason]').textContent()).resolves.toMatch(
      /Connectez-vous avec un compte administrateur ou personnel/,
    );
    await expect(page.locator('[data-local-bench]').count()).resolves.toBe(0);
  });

  it('signs in through the form: the header names the account and the controls work', async () => {
    await page.locator('[data-sign-in]').click();
    const form = page.locator('[data-sign-in-form]');
    await form.locator('input[name="username"]').fill('stella');
    await form.locator('input[name="password"]').fill('not-the-password');
    await form.locator('button[type="submit"]').click();
    await expect
      .poll(() => page.locator('[data-sign-in-error]').textContent(), { timeout: UI_WAIT_MS })
      .toMatch(/Connexion refusée/);

    await form.locator('input[name="password"]').fill(PASSWORD);
    await form.locator('button[type="submit"]').click();
    await page.locator('[data-signed-in]').waitFor({ timeout: UI_WAIT_MS });
    await expect(page.locator('[data-signed-in]').textContent()).resolves.toMatch(/stella \(personnel\)/);
    await expect.poll(writeButtonDisabled, { timeout: UI_WAIT_MS }).toBe(false);
    await expect(page.locator('[data-role-gate-reason]').count()).resolves.toBe(0);

    const cookie = (await chrome.context.cookies()).find((c) => c.name === 'phare_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    await expect(page.evaluate(() => document.cookie)).resolves.not.toContain('phare_session');

    // A write with the session's CSRF token goes through to the gateway.
    await control().locator('input[type="number"]').fill('40');
    await control().locator('button[type="submit"]').click();
    await control().locator('[data-control-applied]').waitFor({ timeout: UI_WAIT_MS });
  });

  it('signs out: the controls are disabled again', async () => {
    await page.locator('[data-sign-out]').click();
    await page.locator('[data-sign-in]').waitFor({ timeout: UI_WAIT_MS });
    await expect.poll(writeButtonDisabled, { timeout: UI_WAIT_MS }).toBe(true);
    const cookie = (await chrome.context.cookies()).find((c) => c.name === 'phare_session');
    expect(cookie).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it("does not offer a visitor the twin's sliders or the scenario launches", async () => {
    await page.locator('[data-nav="twin"]').click();
    const groups = page.locator('[data-role-gate]').filter({ has: page.locator('input[type="range"]') });
    await groups.first().waitFor({ timeout: UI_WAIT_MS });
    await expect(groups.first().getAttribute('data-allowed')).resolves.toBe('false');
    await expect(
      groups
        .first()
        .locator('fieldset')
        .evaluate((f) => (f as HTMLFieldSetElement).disabled),
    ).resolves.toBe(true);
    await page.locator('[data-nav="scenarios"]').click();
    const launch = page.locator('[data-launch]').first();
    await launch.waitFor({ timeout: UI_WAIT_MS });
    // A disabled fieldset disables the buttons inside it.
    await expect(launch.evaluate((b) => (b as HTMLButtonElement).matches(':disabled'))).resolves.toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
