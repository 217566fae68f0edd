/**
 * The scenario view in real headless Chromium against the real stack (the demo's simulators on
 * ephemeral ports sharing a SimulationClock with the controller's engine, the controller serving
 * showroom-ui/dist): launch a showcase, watch its narration and an expect turn passed (symbol and
 * word, not colour alone), abort another run and watch its `finally` steps complete; then replay a
 * recorded run. Screenshots go to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { DEMO_SITE } from '@phare/lab-controller/controller/demo.ts';
import { loadSiteOrThrow } from '@phare/lab-controller/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '@phare/lab-controller/controller/simulators.ts';
import { startController, type Controller } from '@phare/lab-controller/controller/start-controller.ts';
import { SimulationClock } from '@phare/lab-controller/scenario/simulation-clock.ts';
import { seriousAccessibilityViolations } from './axe-audit.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './headless-chromium.ts';
import { buildShowroomIfStale, uiDist, uiRoot } from './showroom-build.ts';

const artifacts = join(uiRoot, '..', 'test-artifacts');
/** Generous: two cores shared with other test files, DALI fades, polling. */
const UI_WAIT_MS = 45_000;

describe('scenario view in headless Chromium', { timeout: 180_000 }, () => {
  let dataDir: string;
  let sims: RunningSimulators;
  let controller: Controller;
  let chrome: HeadlessChromium;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await buildShowroomIfStale();
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'phare-scenarios-view-'));
    const clock = new SimulationClock();
    sims = await startSimulators(loadSiteOrThrow(DEMO_SITE), { ephemeralPorts: true, clock });
    controller = await startController({
      site: sims.site,
      port: 0,
      dataDir,
      uiDistDir: uiDist,
      logger: silentLogger,
      recorderFlushMs: 100,
      clock,
      simulatorControl: Object.fromEntries(
        sims.endpoints.flatMap((e) => (e.controlUrl ? [[e.device, e.controlUrl]] : [])),
      ),
    });
    chrome = await launchHeadlessChromium({ width: 1280, height: 900 });
    page = await chrome.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${controller.url}/scenarios`);
    await page.locator('.app[data-route="scenarios"][data-link="online"]').waitFor({ timeout: UI_WAIT_MS });
  }, 180_000);

  afterAll(async () => {
    await chrome?.close();
    await controller?.stop();
    await sims?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('launches lamp-failure: narration shows and its expects turn passed with a symbol and a word', async () => {
    const launch = page.locator('[data-launch="lamp-failure"]');
    await expect.poll(() => launch.isEnabled(), { timeout: UI_WAIT_MS }).toBe(true);
    await launch.click();
    const panel = page.locator('[data-run][data-outcome]');
    await panel.waitFor({ timeout: UI_WAIT_MS });
    await expect
      .poll(() => page.locator('[data-run-narration]').textContent(), { timeout: UI_WAIT_MS })
      .toMatch(/rue de la Gare/);
    const expectStep = page.locator('[data-step="failure-reported"]');
    await expect
      .poll(() => expectStep.getAttribute('data-step-state'), { timeout: UI_WAIT_MS })
      .toBe('passed');
    await expect(expectStep.locator('.symbol').textContent()).resolves.toBe('✓');
    await expect(expectStep.locator('.state').textContent()).resolves.toBe('Réussie');
    await expect
      .poll(() => page.locator('[data-run-outcome]').getAttribute('data-run-outcome'), {
        timeout: UI_WAIT_MS,
      })
      .toBe('passed');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'scenarios-passed-1280x900.png'), fullPage: true });
  });

  it('aborts night-dimming: the stop button restores the safe state and finally is shown complete', async () => {
    // The kiosk, open on another screen, tells the same story from the same run's `say` events.
    const kiosk = await chrome.context.newPage();
    await kiosk.goto(`${controller.url}/kiosk`);
    await kiosk.locator('.app[data-link="online"]').waitFor({ timeout: UI_WAIT_MS });
    const launch = page.locator('[data-launch="night-dimming"]');
    await expect.poll(() => launch.isEnabled(), { timeout: UI_WAIT_MS }).toBe(true);
    await launch.click();
    await expect
      .poll(() => page.locator('[data-step="street-at-night-level"]').getAttribute('data-step-state'), {
        timeout: UI_WAIT_MS,
      })
      .toBe('passed');
    try {
      await expect
        .poll(() => kiosk.locator('[data-narration-text]').textContent(), { timeout: UI_WAIT_MS })
        .toMatch(/rue de la Gare|passant/);
      await kiosk.screenshot({ path: join(artifacts, 'scenarios-kiosk-narration-1280x900.png') });
    } finally {
      await kiosk.close();
    }
    await page.locator('[data-abort]').click();
    await expect
      .poll(() => page.locator('[data-run-outcome]').getAttribute('data-run-outcome'), {
        timeout: UI_WAIT_MS,
      })
      .toBe('aborted');
    await expect
      .poll(() => page.locator('[data-finally]').getAttribute('data-finally'), { timeout: UI_WAIT_MS })
      .toBe('done');
    await expect(page.locator('[data-finally]').textContent()).resolves.toMatch(
      /Remise en état sûr terminée/,
    );
    // The finally step itself ran: the whole street was set back to its night level.
    await expect(page.locator('[data-step="finally[0]"]').getAttribute('data-step-state')).resolves.toBe(
      'done',
    );
    await page.screenshot({ path: join(artifacts, 'scenarios-aborted-1280x900.png'), fullPage: true });
  });

  it('replays the recorded lamp-failure run on the twin without writing to any device', async () => {
    const auditBefore = (await (await fetch(`${controller.url}/api/audit?limit=1000`)).json()) as {
      data: unknown[];
    };
    await page.locator('[data-nav="replay"]').click();
    const pick = page.locator('[data-replay-pick]');
    await pick.waitFor({ timeout: UI_WAIT_MS });
    const value = await pick.locator('option', { hasText: 'Panne de lampe' }).getAttribute('value');
    await pick.selectOption(value!);
    await page.locator('[data-replay-run]').waitFor({ timeout: UI_WAIT_MS });
    await page.locator('[data-replay-speed]').selectOption('20');
    await page.locator('[data-replay-play]').click();
    await expect
      .poll(() => page.locator('[data-replay-step="failure-reported"]').getAttribute('data-state'), {
        timeout: UI_WAIT_MS,
      })
      .toBe('ok');
    await expect(page.locator('[data-replay-narration]').textContent()).resolves.not.toBe('');
    await expect(
      page.locator('[data-replay-point="street.lamp07.lampFailure"] td').textContent(),
    ).resolves.toMatch(/^(oui|non)$/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'replay-1280x900.png'), fullPage: true });
    const auditAfter = (await (await fetch(`${controller.url}/api/audit?limit=1000`)).json()) as {
      data: unknown[];
    };
    expect(auditAfter.data.length).toBe(auditBefore.data.length);
    expect(pageErrors).toEqual([]);
  });
});
