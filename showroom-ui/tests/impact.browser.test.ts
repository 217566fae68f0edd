/**
 * The impact view (/impact) in headless Chromium against the real stack (the demo's simulators,
 * the controller serving showroom-ui/dist): a visitor types a territory, reads what it would save
 * per year, and the figures on the page are the controller's own central values, with every
 * assumption listed with its source. Photographed under test-artifacts/ (screen and print).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import type { ApiResult, ProjectionRequestBody, ProjectionResult } from '@phare/lab-controller/api/wire.ts';
import { DEMO_SITE } from '@phare/lab-controller/controller/demo.ts';
import { loadSiteOrThrow } from '@phare/lab-controller/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '@phare/lab-controller/controller/simulators.ts';
import { startController, type Controller } from '@phare/lab-controller/controller/start-controller.ts';
import { euros, tonnesCO2e } from '../src/views/impact/impact-format.ts';
import { seriousAccessibilityViolations } from './axe-audit.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './headless-chromium.ts';
import { buildShowroomIfStale, uiDist, uiRoot } from './showroom-build.ts';

const artifacts = join(uiRoot, '..', 'test-artifacts');
const UI_WAIT_MS = 30_000;
/** Spaces as Intl writes them (narrow no-break in French) and as typed: compare without them. */
const compact = (text: string | null): string => (text ?? '').replace(/[\s\u00a0\u202f]/g, '');

describe('impact view in headless Chromium', { timeout: 120_000 }, () => {
  let dataDir: string;
  let sims: RunningSimulators;
  let controller: Controller;
  let chrome: HeadlessChromium;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await buildShowroomIfStale();
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'phare-impact-ui-'));
    sims = await startSimulators(loadSiteOrThrow(DEMO_SITE), { ephemeralPorts: true });
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
    await page.goto(`${controller.url}/impact`);
    await page.locator('[data-impact]').waitFor({ timeout: UI_WAIT_MS });
  }, 180_000);

  afterAll(async () => {
    await chrome?.close();
    await controller?.stop();
    await sims?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Types into a labelled field and waits for the projection the page asks for with that value. */
  async function typeAndWait(
    label: string,
    text: string,
    sent: (body: ProjectionRequestBody) => boolean,
  ): Promise<{ body: ProjectionRequestBody; result: ProjectionResult }> {
    const answered = page.waitForResponse(
      (response) =>
        response.url().endsWith('/api/impact/projection') &&
        sent(response.request().postDataJSON() as ProjectionRequestBody),
      { timeout: UI_WAIT_MS },
    );
    await page.getByLabel(label, { exact: true }).fill(text);
    const response = await answered;
    const envelope = (await response.json()) as ApiResult<ProjectionResult>;
    if (!envelope.ok) throw new Error(`projection refused: ${envelope.error.message}`);
    return { body: response.request().postDataJSON() as ProjectionRequestBody, result: envelope.data };
  }

  it('shows for 1 200 luminaires of 100 W the annual savings the controller computes, with sources', async () => {
    // The first projection (the page's defaults) is on screen before the visitor types.
    await page.locator('[data-results]').waitFor({ timeout: UI_WAIT_MS });
    await typeAndWait("Puissance d'un luminaire", '60', (b) => b.lighting?.luminaireWattageW === 60);
    await typeAndWait('Nombre de luminaires', '1 200', (b) => b.lighting?.luminaireCount === 1200);
    const { body, result } = await typeAndWait(
      "Puissance d'un luminaire",
      '100',
      (b) => b.lighting?.luminaireWattageW === 100,
    );
    expect(body.lighting).toMatchObject({ luminaireCount: 1200, luminaireWattageW: 100 });

    // The figures on the page are the API's central values, formatted for a visitor.
    const eur = page.locator('[data-figure="saved-eur"]');
    const co2 = page.locator('[data-figure="saved-co2"]');
    await expect
      .poll(() => eur.getAttribute('data-raw'), { timeout: UI_WAIT_MS })
      .toBe(String(result.annual.eur.central));
    expect(Number(await co2.getAttribute('data-raw'))).toBe(result.annual.kgCO2e.central);
    expect(compact(await eur.locator('.value').textContent())).toBe(
      compact(euros(result.annual.eur.central, 'fr').value),
    );
    expect(compact(await co2.locator('.value').textContent())).toBe(
      compact(tonnesCO2e(result.annual.kgCO2e.central, 'fr').value),
    );
    await expect(co2.locator('.unit').textContent()).resolves.toBe('t CO2e');
    // The range is written in words, not only shown by a colour.
    await expect(eur.locator('[data-range]').textContent()).resolves.toMatch(
      /^entre .* et .* selon les hypothèses$/,
    );

    // Every assumption is listed, those from the factors file with their source and year.
    const items = page.locator('[data-assumption]');
    await expect(items.count()).resolves.toBe(result.assumptions.length);
    const price = page.locator('[data-assumption="factors.electricityPrice"]');
    await expect(price.textContent()).resolves.toMatch(/Prix de l'électricité.*0,22.*AMORCE.*2024/s);
    await expect(
      page.locator('[data-assumption="input.lighting.luminaireCount"]').textContent(),
    ).resolves.toMatch(/Nombre de luminaires.*1[\s\u202f]?200.*votre saisie/su);

    // The footprint, the net and the lifetime chart are on the page too.
    expect(Number(await page.locator('[data-figure="footprint-co2"]').getAttribute('data-raw'))).toBe(
      result.footprint.kgCO2e.central,
    );
    expect(Number(await page.locator('[data-figure="net-eur"]').getAttribute('data-raw'))).toBe(
      result.net.eur.central,
    );
    await expect(page.locator('[data-chart="eur"] circle').count()).resolves.toBe(result.horizonYears + 1);
  });

  it('names a refused field next to it, in French', async () => {
    await page.getByLabel('Nombre de luminaires', { exact: true }).fill('0');
    const error = page.locator('[data-field-error="luminaires"]');
    await error.waitFor({ timeout: UI_WAIT_MS });
    await expect(error.textContent()).resolves.toMatch(/Nombre de luminaires.*au moins 1 luminaire/);
    await expect(page.locator('#impact-luminaires').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('Nombre de luminaires', { exact: true }).fill('1 200');
    await expect.poll(() => error.count(), { timeout: UI_WAIT_MS }).toBe(0);
  });

  it('reads clearly for a mayor: on screen, at 4K and printed on one A4 page', async () => {
    // A cost gives the payback time its number.
    await typeAndWait(
      'Coût du projet par luminaire (facultatif)',
      '150',
      (b) => b.investment?.perLuminaireEur === 150,
    );
    await expect(page.locator('[data-figure="payback"] .value').textContent()).resolves.toMatch(
      /\d+(,\d)? ans|Jamais/,
    );
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'showroom-impact-1280x800.png'), fullPage: true });
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(artifacts, 'showroom-impact-3840x2160.png') });
    await page.setViewportSize({ width: 1280, height: 800 });

    // The print layout at the width of an A4 page (210 mm at 96 px/in, less 10 mm margins).
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 718, height: 1047 });
    await expect(page.locator('.controls').isVisible()).resolves.toBe(false);
    await page.screenshot({ path: join(artifacts, 'showroom-impact-print.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    // Back to no emulation: page.pdf() then prints with the print style sheet, as the browser does.
    await page.emulateMedia({ media: null });
    const pdf = await page.pdf({ format: 'A4', printBackground: false, preferCSSPageSize: true });
    writeFileSync(join(artifacts, 'showroom-impact.pdf'), pdf);
    // One page: a PDF lists each page as a /Type /Page object.
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  });

  it('has the impact slide in the kiosk loop with the same central figures', async () => {
    const kiosk = await chrome.context.newPage();
    try {
      await kiosk.goto(`${controller.url}/kiosk?slide=4`);
      await expect
        .poll(() => kiosk.locator('[data-kiosk]').getAttribute('data-workstream'), { timeout: 60_000 })
        .toBe('impact');
      const eur = kiosk.locator('[data-counter="impact-eur"]');
      await eur.waitFor({ timeout: UI_WAIT_MS });
      expect(Number(await eur.getAttribute('data-raw'))).toBeGreaterThan(0);
      await kiosk.screenshot({ path: join(artifacts, 'showroom-kiosk-impact-1280x800.png') });
    } finally {
      await kiosk.close();
    }
  });
});
