/**
 * The learning space in real headless Chromium against the real stack (the street's DALI gateway
 * simulator on an ephemeral port, the controller serving showroom-ui/dist, a local bench without
 * accounts): an apprentice types her name, opens "DALI : adresses, groupes et scènes", has the
 * untouched lab checked (it fails, explained in French), sets the north side with one group
 * command from the lesson page, has it checked again (it passes), and the trainer sees it on the
 * class view. Screenshots go to test-artifacts/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { DEMO_SITE } from '@phare/lab-controller/controller/demo.ts';
import { loadSiteOrThrow } from '@phare/lab-controller/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '@phare/lab-controller/controller/simulators.ts';
import { startController, type Controller } from '@phare/lab-controller/controller/start-controller.ts';
import type { LoadedSiteInput } from '@phare/lab-controller/registry/site-input.ts';
import { seriousAccessibilityViolations } from './axe-audit.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './headless-chromium.ts';
import { buildShowroomIfStale, uiDist, uiRoot } from './showroom-build.ts';

const artifacts = join(uiRoot, '..', 'test-artifacts');
/** Generous: two cores shared with other test files, DALI fades, polling. */
const UI_WAIT_MS = 45_000;

/** A luminaire marker's live level, as the mini-twin draws it; NaN until known. */
async function levelOf(marker: Locator): Promise<number> {
  const text = await marker.getAttribute('data-level');
  return text === null || text === '' ? Number.NaN : Number(text);
}

/** The demo site with only the street's DALI gateway: what module 03 uses. */
function streetOnly(loaded: LoadedSiteInput): LoadedSiteInput {
  return {
    ...loaded,
    site: { ...loaded.site, devices: loaded.site.devices.filter((d) => d.id === 'street'), vigilance: [] },
  };
}

describe('learning space in headless Chromium', { timeout: 240_000 }, () => {
  let dataDir: string;
  let sims: RunningSimulators;
  let controller: Controller;
  let chrome: HeadlessChromium;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await buildShowroomIfStale();
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'phare-learn-view-'));
    sims = await startSimulators(streetOnly(loadSiteOrThrow(DEMO_SITE)), { ephemeralPorts: true });
    controller = await startController({
      site: sims.site,
      port: 0,
      dataDir,
      uiDistDir: uiDist,
      logger: silentLogger,
      recorderFlushMs: 100,
    });
    chrome = await launchHeadlessChromium({ width: 1400, height: 900 });
    page = await chrome.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 240_000);

  afterAll(async () => {
    await chrome?.close();
    await controller?.stop();
    await sims?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('walks module 03 from a failed check to a passed one, and the trainer sees it', async () => {
    // The trainer starts the lesson from the module's starting state (every luminaire at 100 %).
    const reset = await fetch(`${controller.url}/api/learn/modules/dali/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);

    await page.goto(`${controller.url}/apprendre`);
    await page
      .locator('.app[data-route="learn"][data-link="online"]')
      .waitFor({ timeout: UI_WAIT_MS })
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\npage errors: ${pageErrors.join('\n') || 'none'}`);
      });
    await page.getByLabel('Votre prénom').fill('Camille');
    await page.getByRole('button', { name: 'Utiliser ce prénom' }).click();
    await expect.poll(() => page.locator('[data-learner]').getAttribute('data-learner')).toBe('Camille');

    const card = page.locator('[data-module="dali"]');
    await expect(card.getAttribute('data-passed')).resolves.toBe('0');
    await card.getByRole('link', { name: /DALI : adresses, groupes et scènes/ }).click();
    await page.locator('[data-module-page="dali"]').waitFor({ timeout: UI_WAIT_MS });
    expect(new URL(page.url()).pathname).toBe('/apprendre/dali');
    await expect(page.getByRole('heading', { level: 3, name: 'Commander un groupe' }).count()).resolves.toBe(
      1,
    );

    // The mini-twin shows the street's luminaires live.
    const lamp01 = page.locator('[data-mini-twin] [data-luminaire="street.lamp01"]');
    await expect.poll(() => levelOf(lamp01), { timeout: UI_WAIT_MS }).toBeGreaterThan(98);
    await expect(page.locator('[data-mini-twin] [data-luminaire]').count()).resolves.toBe(12);

    const exercise = page.locator('[data-exercise="groupe-nord"]');
    await exercise.getByRole('button', { name: /Indice suivant/ }).click();
    await exercise.locator('[data-hint="1"]').waitFor();
    await exercise.getByRole('button', { name: /Indice suivant/ }).click();
    await expect(exercise.locator('[data-hint="2"]').textContent()).resolves.toContain(
      'street.group1.level 40',
    );

    const verdict = exercise.locator('[data-verdict]');
    await expect(verdict.getAttribute('role')).resolves.toBe('status');
    await exercise.getByRole('button', { name: 'Vérifier mon travail' }).click();
    await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: UI_WAIT_MS }).toBe('failed');
    await expect(verdict.textContent()).resolves.toMatch(/✗\s*Pas encore/);
    await expect(verdict.locator('[data-condition="missing"]').first().textContent()).resolves.toContain(
      "Le côté nord n'est pas à 40 % : lamp01 100 %",
    );
    await expect(verdict.textContent()).resolves.toContain('signée Camille');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'learn-dali-failed-1400x900.png'), fullPage: true });

    // One group command from the lesson page, signed by the apprentice, keyboard only.
    const control = page.locator('[data-lesson-control="street.group1.level"]');
    await control.getByLabel('street.group1.level').fill('40');
    await control.getByLabel('street.group1.level').press('Enter');
    await expect
      .poll(() => control.locator('[data-outcome]').getAttribute('data-outcome'), { timeout: UI_WAIT_MS })
      .toBe('applied');
    await expect
      .poll(async () => Math.abs((await levelOf(lamp01)) - 40), { timeout: UI_WAIT_MS })
      .toBeLessThan(2);

    // The fade takes 2 s and the gateway polls its gear: check again until the lab has settled.
    const checkButton = exercise.getByRole('button', { name: 'Vérifier mon travail' });
    const deadline = Date.now() + UI_WAIT_MS;
    let outcome: string | null = null;
    while (outcome !== 'passed' && Date.now() < deadline) {
      await checkButton.click();
      await expect.poll(() => checkButton.isEnabled(), { timeout: UI_WAIT_MS }).toBe(true);
      outcome = await verdict.getAttribute('data-verdict');
      if (outcome !== 'passed') await page.waitForTimeout(1000);
    }
    expect(outcome, (await verdict.textContent()) ?? '').toBe('passed');
    await expect(verdict.textContent()).resolves.toMatch(/✓\s*Réussi : 3 condition\(s\) sur 3/);
    await expect(exercise.locator('[data-progress]').first().getAttribute('data-progress')).resolves.toBe(
      'passed',
    );
    await page.screenshot({ path: join(artifacts, 'learn-dali-passed-1400x900.png'), fullPage: true });

    // The reservation control: reserve, see who holds the gateway, release.
    await page.getByRole('button', { name: 'Réserver les appareils' }).click();
    await expect
      .poll(() => page.locator('[data-reserved-device="street"]').getAttribute('data-holder'))
      .toBe('Camille');
    await expect(page.locator('[data-reserved-device="street"]').textContent()).resolves.toContain(
      'réservé par apprenti Camille',
    );
    await page.getByRole('button', { name: 'Libérer les appareils' }).click();
    await expect
      .poll(() => page.locator('[data-reserved-device="street"]').getAttribute('data-holder'))
      .toBe('');

    // The trainer's view (everyone at a local bench may open it).
    await page.getByRole('link', { name: 'Vue formateur' }).click();
    await page.locator('[data-class-view]').waitFor({ timeout: UI_WAIT_MS });
    const cell = page.locator('[data-apprentice="Camille"] [data-cell="dali/groupe-nord"]');
    await expect.poll(() => cell.getAttribute('data-progress'), { timeout: UI_WAIT_MS }).toBe('passed');
    await expect(cell.textContent()).resolves.toMatch(/✓\s*réussi/);
    await expect(
      page
        .locator('[data-apprentice="Camille"] [data-cell="dali/scene-soiree"]')
        .getAttribute('data-progress'),
    ).resolves.toBe('untried');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'learn-class-1400x900.png'), fullPage: true });

    await page.locator('[data-reset="dali"]').click();
    await expect
      .poll(() => page.locator('[data-reset-message]').textContent(), { timeout: UI_WAIT_MS })
      .toContain("Laboratoire remis à l'état de départ");

    expect(pageErrors).toEqual([]);
  });
});
