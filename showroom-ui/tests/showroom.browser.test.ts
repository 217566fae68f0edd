/**
 * The showroom in real headless Chromium, against the real stack: the demo site's DALI gateway
 * simulators on ephemeral ports, the controller serving showroom-ui/dist, a temporary data folder.
 * Everything the page shows is read back from the DOM and compared with what the simulators report.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import type { SiteView } from '@phare/lab-controller/api/wire.ts';
import { DEMO_SITE } from '@phare/lab-controller/controller/demo.ts';
import { loadSiteOrThrow } from '@phare/lab-controller/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '@phare/lab-controller/controller/simulators.ts';
import { startController, type Controller } from '@phare/lab-controller/controller/start-controller.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './headless-chromium.ts';
import { buildShowroomIfStale, uiDist, uiRoot } from './showroom-build.ts';

const artifacts = join(uiRoot, '..', 'test-artifacts');
/** Generous: two cores shared with other test files, DALI fades, reconnection backoff. */
const UI_WAIT_MS = 30_000;

interface GearState {
  shortAddress: number;
  levelPercent: number;
}

describe('showroom twin in headless Chromium', { timeout: 90_000 }, () => {
  let dataDir: string;
  let sims: RunningSimulators;
  let controller: Controller;
  let controllerPort: number;
  let chrome: HeadlessChromium;
  let page: Page;
  let site: SiteView;
  const pageErrors: string[] = [];

  const startControllerOn = (port: number) =>
    startController({ site: sims.site, port, dataDir, uiDistDir: uiDist, logger: silentLogger });

  async function simulatorGear(device: string): Promise<GearState[]> {
    const control = sims.endpoints.find((endpoint) => endpoint.device === device)?.controlUrl;
    if (!control) throw new Error(`no control API for the ${device} simulator`);
    const state = (await (await fetch(`${control}/state`)).json()) as { gear: GearState[] };
    return state.gear;
  }

  async function injectLampFailure(device: string, shortAddress: number, failed: boolean): Promise<void> {
    const control = sims.endpoints.find((endpoint) => endpoint.device === device)?.controlUrl;
    const response = await fetch(`${control}/gear/${shortAddress}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lampFailure: failed }),
    });
    expect(response.ok).toBe(true);
  }

  const luminaire = (key: string) => page.locator(`[data-luminaire="${key}"]`);

  beforeAll(async () => {
    await buildShowroomIfStale();
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'phare-showroom-test-'));
    sims = await startSimulators(loadSiteOrThrow(DEMO_SITE), { ephemeralPorts: true });
    controller = await startControllerOn(0);
    controllerPort = controller.port;
    const answer = (await (await fetch(`${controller.url}/api/site`)).json()) as { ok: true; data: SiteView };
    site = answer.data;
    chrome = await launchHeadlessChromium({ width: 1280, height: 800 });
    page = await chrome.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(controller.url);
  }, 180_000);

  afterAll(async () => {
    await chrome?.close();
    await controller?.stop();
    await sims?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('draws every luminaire of the site on the plan, live, in French by default', async () => {
    const expected = site.devices.flatMap((device) =>
      (device.luminaires ?? []).map((l) => `${device.id}.${l.id}`),
    );
    await page.locator('[data-link="online"]').first().waitFor({ timeout: UI_WAIT_MS });
    await expect
      .poll(() => page.locator('[data-luminaire]').count(), { timeout: UI_WAIT_MS })
      .toBe(expected.length);
    for (const key of expected)
      await expect(luminaire(key).getAttribute('data-stale')).resolves.toBe('false');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect(page.locator('h1').textContent()).resolves.toContain('jumeau numérique');
    expect(await page.locator('svg.plan').getAttribute('viewBox')).toMatch(
      /^-?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+$/,
    );
  });

  it('opens a luminaire from the keyboard and shows its points with quality and age', async () => {
    await luminaire('street.lamp03').focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('[data-panel="street.lamp03"]');
    await panel.waitFor({ timeout: UI_WAIT_MS });
    await expect(panel.locator('h2').textContent()).resolves.toBe('Luminaire lamp03');
    const levelRow = panel.locator('[data-point-row="street.lamp03.level"]');
    await expect(levelRow.textContent()).resolves.toMatch(
      /Niveau d'éclairement.*%.*qualité bonne.*en direct/s,
    );
    await expect(panel.locator('input[type="range"]').getAttribute('aria-valuetext')).resolves.toMatch(/%$/);
    await panel.getByRole('button', { name: 'Fermer le détail du luminaire' }).click();
    await expect.poll(() => panel.count()).toBe(0);
  });

  it('switches to English and remembers the choice for the next visit', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('h1').textContent()).resolves.toContain('territorial digital twin');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const nextVisit = await chrome.context.newPage();
    try {
      await nextVisit.goto(controller.url);
      await nextVisit.locator('[data-luminaire]').first().waitFor({ timeout: UI_WAIT_MS });
      await expect(nextVisit.locator('h1').textContent()).resolves.toContain('territorial digital twin');
      await nextVisit.getByRole('button', { name: 'Français' }).click();
    } finally {
      await nextVisit.close();
    }
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(page.locator('h1').textContent()).resolves.toContain('jumeau numérique');
  });

  it('moves group 1 to 20 % and shows on each luminaire of the group the level the simulator reports', async () => {
    const street = site.devices.find((device) => device.id === 'street');
    const group1 = street?.groups?.find((group) => group.number === 1);
    expect(group1?.members.length).toBeGreaterThan(0);
    const members = street!.luminaires!.filter((l) => group1!.members.includes(l.id));
    const others = street!.luminaires!.filter((l) => !group1!.members.includes(l.id));

    // Keyboard, as a visitor without a mouse would: Home (0 %), then 20 steps of 1 %.
    const slider = page.locator(`input[data-point="${group1!.levelPoint}"]`);
    await slider.focus();
    await page.keyboard.press('Home');
    for (let step = 0; step < 20; step += 1) await page.keyboard.press('ArrowRight');
    await expect(slider.inputValue()).resolves.toBe('20');

    await expect
      .poll(
        async () => {
          const gear = await simulatorGear('street');
          return members.every(
            (l) =>
              Math.abs((gear.find((g) => g.shortAddress === l.shortAddress)?.levelPercent ?? -1) - 20) < 0.5,
          );
        },
        { timeout: UI_WAIT_MS },
      )
      .toBe(true);
    const gear = await simulatorGear('street');
    for (const l of members) {
      const reported = gear.find((g) => g.shortAddress === l.shortAddress)!.levelPercent;
      await expect
        .poll(async () => Number(await luminaire(`street.${l.id}`).getAttribute('data-level')), {
          timeout: UI_WAIT_MS,
        })
        .toBeCloseTo(reported, 0);
    }
    for (const l of others) {
      const reported = gear.find((g) => g.shortAddress === l.shortAddress)!.levelPercent;
      expect(reported).toBeGreaterThan(20);
      expect(Number(await luminaire(`street.${l.id}`).getAttribute('data-level'))).toBeCloseTo(reported, 0);
    }
    await expect(page.locator('[data-write-error]').count()).resolves.toBe(0);
  });

  it('marks a luminaire whose lamp failed with a symbol and words, not colour alone', async () => {
    const lamp08 = site.devices.find((d) => d.id === 'street')!.luminaires!.find((l) => l.id === 'lamp08')!;
    await injectLampFailure('street', lamp08.shortAddress, true);
    await expect
      .poll(() => luminaire('street.lamp08').getAttribute('data-status'), { timeout: UI_WAIT_MS })
      .toBe('lamp-failure');
    await expect(luminaire('street.lamp08').getAttribute('aria-label')).resolves.toContain('Défaut lampe');
    await expect(luminaire('street.lamp08').locator('.symbol-lamp-failure').count()).resolves.toBe(1);
    await page.screenshot({ path: join(artifacts, 'showroom-twin-1280x800.png') });
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.screenshot({ path: join(artifacts, 'showroom-twin-3840x2160.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    await injectLampFailure('street', lamp08.shortAddress, false);
    await expect
      .poll(() => luminaire('street.lamp08').getAttribute('data-status'), { timeout: UI_WAIT_MS })
      .toBe('ok');
  });

  it('shows a gateway that stops answering as offline, and its refused write in French', async () => {
    const restartPark = await sims.stopOne('park');
    try {
      await expect
        .poll(() => luminaire('park.bollard1').getAttribute('data-status'), { timeout: UI_WAIT_MS })
        .toBe('offline');
      await expect(luminaire('park.bollard1').getAttribute('aria-label')).resolves.toContain('Hors ligne');
      const slider = page.locator('input[data-point="park.group0.level"]');
      await slider.focus();
      await page.keyboard.press('ArrowRight');
      const refusal = page.locator('[data-write-error]');
      await refusal.first().waitFor({ timeout: UI_WAIT_MS });
      // The reason from the error code, in French, then the controller's own words.
      await expect(refusal.first().textContent()).resolves.toMatch(
        /^Écriture refusée : l'appareil (est déconnecté|ne répond pas \(délai dépassé\)) \(.*park.*\)$/,
      );
      await page.screenshot({ path: join(artifacts, 'showroom-twin-gateway-offline.png') });
    } finally {
      await restartPark();
    }
    await expect
      .poll(() => luminaire('park.bollard1').getAttribute('data-status'), { timeout: UI_WAIT_MS })
      .toBe('ok');
  });

  it('greys values with their age and shows the banner while the controller is down, then resyncs without reloading', async () => {
    await page.evaluate(() => {
      (window as unknown as { phareMarker: string }).phareMarker = 'same page';
    });
    await controller.stop();

    const banner = page.locator('[data-banner="lost"]');
    await banner.waitFor({ timeout: UI_WAIT_MS });
    await expect(banner.textContent()).resolves.toContain('Connexion perdue — nouvelle tentative…');
    await expect
      .poll(() => page.locator('[data-luminaire][data-stale="false"]').count(), { timeout: UI_WAIT_MS })
      .toBe(0);
    await expect(luminaire('street.lamp01').getAttribute('aria-label')).resolves.toMatch(
      /mesuré (à l'instant|il y a \d+ s)/,
    );
    await page.screenshot({ path: join(artifacts, 'showroom-twin-disconnected.png') });

    controller = await startControllerOn(controllerPort);
    await page.locator('.app[data-link="online"]').waitFor({ timeout: UI_WAIT_MS });
    await expect(banner.count()).resolves.toBe(0);
    expect(Number(await page.locator('.app').getAttribute('data-snapshots'))).toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => page.locator('[data-luminaire][data-stale="true"]').count(), { timeout: UI_WAIT_MS })
      .toBe(0);
    // The simulators kept their state: the fresh snapshot still shows group 1 at 20 %.
    expect(Number(await luminaire('street.lamp01').getAttribute('data-level'))).toBeCloseTo(20, 0);
    await expect(
      page.evaluate(() => (window as unknown as { phareMarker?: string }).phareMarker),
    ).resolves.toBe('same page');
    expect(pageErrors).toEqual([]);
  });
});
