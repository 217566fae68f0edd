/**
 * The interop view (/interop) in headless Chromium: a report the suite wrote after a real run
 * against a Modbus TCP device on loopback is listed with its verdict in words, and its HTML report
 * opens from the link. The page passes axe.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { startController, type Controller } from '@phare/lab-controller/controller/start-controller.ts';
import { interopReportsDir, runInterop, writeReports } from '@phare/lab-controller/interop/index.ts';
import { acmeProfileFile, profile, startAcmeDevice } from '../../lab-controller/tests/interop/bench.ts';
import { seriousAccessibilityViolations } from './axe-audit.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './headless-chromium.ts';
import { buildShowroomIfStale, uiDist } from './showroom-build.ts';

const fixtures = fileURLToPath(new URL('../../lab-controller/tests/config/fixtures/', import.meta.url));
const UI_WAIT_MS = 30_000;

describe('interop view in headless Chromium', { timeout: 120_000 }, () => {
  let dataDir: string;
  let controller: Controller;
  let chrome: HeadlessChromium;
  let page: Page;
  let reportId: string;

  beforeAll(async () => {
    await buildShowroomIfStale();
    dataDir = mkdtempSync(join(tmpdir(), 'phare-interop-ui-'));
    const device = await startAcmeDevice({ missing: [5] });
    try {
      const report = await runInterop({
        profile: profile(acmeProfileFile),
        profileFile: acmeProfileFile,
        endpoint: `modbus-tcp://127.0.0.1:${device.port}?unit=1`,
        robustness: false,
        careful: false,
        timingSamples: 2,
        logger: silentLogger,
      });
      reportId = report.id;
      await writeReports(report, interopReportsDir(dataDir));
    } finally {
      await device.stop();
    }
    controller = await startController({
      sitePath: join(fixtures, 'sites', 'good.yaml'),
      profilesDir: join(fixtures, 'profiles'),
      port: 0,
      dataDir,
      uiDistDir: uiDist,
      logger: silentLogger,
    });
    chrome = await launchHeadlessChromium({ width: 1280, height: 800 });
    page = await chrome.context.newPage();
    await page.goto(`${controller.url}/interop`);
    await page.locator('[data-interop="ready"]').waitFor({ timeout: UI_WAIT_MS });
  }, 180_000);

  afterAll(async () => {
    await chrome?.close();
    await controller?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the kept report with its verdict in words, not colour alone', async () => {
    const row = page.locator(`[data-interop-report="${reportId}"]`);
    await expect(row.getAttribute('data-passed')).resolves.toBe('false');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('acme/heat-meter');
    expect(text).toContain('Non conforme');
    expect(text).toMatch(/\d+ réussies, [1-9]\d* échouées/);
  });

  it('opens the printable HTML report from its link', async () => {
    const link = page.locator(`[data-interop-report="${reportId}"] a[target="_blank"]`);
    const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await popup.waitForLoadState();
    expect(await popup.locator('body').textContent()).toContain('acme/heat-meter');
    await popup.close();
  });

  it('passes axe with no serious violation', async () => {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
