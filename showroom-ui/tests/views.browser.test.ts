/**
 * The showroom's views (twin panels and layers, GeoJSON export, staff console, kiosk, replay) in
 * real headless Chromium against the real stack: the demo site's DALI gateway simulators on
 * ephemeral ports, the controller serving showroom-ui/dist, a temporary data folder. Views are
 * reached by the page's own links (client-side routes, no reload); each is audited with axe-core
 * and photographed at tablet (1280×800) and 4K (3840×2160) sizes under test-artifacts/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import type {
  GeoJsonFeatureCollection,
  PointSnapshot,
  SiteView,
  Workstream,
} from '@phare/lab-controller/api/wire.ts';
import { DEMO_SITE } from '@phare/lab-controller/controller/demo.ts';
import { loadSiteOrThrow } from '@phare/lab-controller/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '@phare/lab-controller/controller/simulators.ts';
import { startController, type Controller } from '@phare/lab-controller/controller/start-controller.ts';
import { workstreams } from '../src/lib/managers/layers.svelte.ts';
import { zoneLayer } from '../src/views/twin/layers.ts';
import { seriousAccessibilityViolations } from './axe-audit.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './headless-chromium.ts';
import { buildShowroomIfStale, uiDist, uiRoot } from './showroom-build.ts';

const artifacts = join(uiRoot, '..', 'test-artifacts');
/** Generous: two cores shared with other test files, DALI fades, reconnection backoff. */
const UI_WAIT_MS = 30_000;

interface GearState {
  shortAddress: number;
  levelPercent: number;
}

/**
 * Length of one degree of latitude and longitude at latitude φ on the WGS84 ellipsoid (the usual
 * series, e.g. en.wikipedia.org/wiki/Latitude "Length of a degree"): an independent check of the
 * controller's tangent-plane conversion.
 */
function metresPerDegree(latDeg: number): { lat: number; lon: number } {
  const phi = (latDeg * Math.PI) / 180;
  return {
    lat: 111_132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi),
    lon: 111_412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi) + 0.118 * Math.cos(5 * phi),
  };
}

describe('showroom views in headless Chromium', { timeout: 120_000 }, () => {
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

  async function api<T>(path: string): Promise<T> {
    const answer = (await (await fetch(`${controller.url}${path}`)).json()) as { ok: boolean; data: T };
    expect(answer.ok).toBe(true);
    return answer.data;
  }

  /** Screenshots at tablet and 4K sizes, then back to the tablet size. */
  async function photograph(name: string): Promise<void> {
    await page.screenshot({ path: join(artifacts, `showroom-${name}-1280x800.png`) });
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(artifacts, `showroom-${name}-3840x2160.png`) });
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  async function goTo(route: 'twin' | 'console' | 'kiosk' | 'replay'): Promise<void> {
    await page.locator(`[data-nav="${route}"]`).click();
    await page.locator(`.app[data-route="${route}"]`).waitFor({ timeout: UI_WAIT_MS });
  }

  beforeAll(async () => {
    await buildShowroomIfStale();
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'phare-views-test-'));
    sims = await startSimulators(loadSiteOrThrow(DEMO_SITE), { ephemeralPorts: true });
    controller = await startControllerOn(0);
    controllerPort = controller.port;
    site = await api<SiteView>('/api/site');
    chrome = await launchHeadlessChromium({ width: 1280, height: 800 });
    page = await chrome.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(controller.url);
    await page.locator('.app[data-link="online"]').waitFor({ timeout: UI_WAIT_MS });
    await page.evaluate(() => {
      (window as unknown as { phareMarker: string }).phareMarker = 'same page';
    });
  }, 180_000);

  afterAll(async () => {
    await chrome?.close();
    await controller?.stop();
    await sims?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens any device from the plan with its statistics, points and a live history chart', async () => {
    await page.locator('[data-device-marker="street"]').click();
    const panel = page.locator('[data-device-panel="street"]');
    await panel.waitFor({ timeout: UI_WAIT_MS });
    await expect(panel.locator('h2').textContent()).resolves.toBe('Passerelle DALI de la rue de la Gare');
    await expect(panel.locator('[data-stat="rate"]').textContent()).resolves.toMatch(/\d.* req\/s/);
    await expect(panel.locator('[data-stat="errors"]').textContent()).resolves.toMatch(
      /\d+ sur \d+ requêtes/,
    );
    await expect(panel.locator('[data-point-row]').count()).resolves.toBeGreaterThan(12);
    const chart = panel.locator('[data-chart]');
    await expect.poll(() => chart.getAttribute('data-chart-samples'), { timeout: UI_WAIT_MS }).not.toBe('0');
    await expect(chart.locator('canvas').count()).resolves.toBe(1);

    // A luminaire's panel charts its level; a new level reaches the chart live from the socket.
    await page.locator('[data-luminaire="street.lamp03"]').click();
    const lampChart = page.locator('[data-panel="street.lamp03"] [data-chart="street.lamp03.level"]');
    await expect
      .poll(() => lampChart.getAttribute('data-chart-samples'), { timeout: UI_WAIT_MS })
      .not.toBe('0');
    const before = Number(await lampChart.getAttribute('data-chart-samples'));
    const slider = page.locator('[data-panel="street.lamp03"] input[type="range"]');
    await slider.focus();
    await page.keyboard.press('Home');
    await expect
      .poll(async () => Number(await lampChart.getAttribute('data-chart-samples')), { timeout: UI_WAIT_MS })
      .toBeGreaterThan(before);
    await expect
      .poll(() => lampChart.locator('[role="img"]').getAttribute('aria-label'), { timeout: UI_WAIT_MS })
      .toMatch(/de 0 % à 100 %, dernière valeur 0 %/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await photograph('twin-panel');
  });

  it('toggles workstream layers, which combine, and keeps the base plan', async () => {
    const counts = (w: Workstream) =>
      site.devices.filter((d) => d.workstreams.includes(w)).length +
      site.plan.zones.filter((z) => zoneLayer(z) === w).length;
    for (const w of workstreams)
      await expect(page.locator(`[data-layer="${w}"]`).textContent()).resolves.toContain(`(${counts(w)})`);
    const baseZones = site.plan.zones.filter((z) => zoneLayer(z) === null).length;
    const markersWithout = (hidden: Workstream[]) =>
      site.devices.filter((d) => d.workstreams.some((w) => !hidden.includes(w))).length;

    const lighting = page.locator('[data-layer="lighting"]');
    await expect(lighting.getAttribute('aria-pressed')).resolves.toBe('true');
    await lighting.click();
    await expect(lighting.getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(page.locator('[data-luminaire]').count()).resolves.toBe(0);
    await expect(page.locator('[data-device-marker]').count()).resolves.toBe(markersWithout(['lighting']));
    // Layers combine: hiding every layer leaves the base plan (roads, parks) only.
    for (const w of workstreams.filter((w) => w !== 'lighting'))
      await page.locator(`[data-layer="${w}"]`).click();
    await expect(page.locator('[data-device-marker]').count()).resolves.toBe(0);
    await expect(page.locator('[data-zone]').count()).resolves.toBe(baseZones);
    for (const w of workstreams) await page.locator(`[data-layer="${w}"]`).click();
    await expect(page.locator('[data-luminaire]').count()).resolves.toBe(16);
    await expect(page.locator('[data-device-marker]').count()).resolves.toBe(site.devices.length);
    await expect(page.locator('[data-zone]').count()).resolves.toBe(site.plan.zones.length);
  });

  it('exports the twin as valid GeoJSON around the site anchor, and offers it for download', async () => {
    const response = await fetch(`${controller.url}/api/site.geojson`);
    expect(response.headers.get('content-type')).toContain('application/geo+json');
    const geo = (await response.json()) as GeoJsonFeatureCollection;
    const { lat, lon, bearing } = site.plan.anchor;
    expect(bearing).toBe(0);
    expect(geo.type).toBe('FeatureCollection');
    const luminaires = site.devices.flatMap((d) => (d.luminaires ?? []).map((l) => ({ d, l })));
    expect(geo.features).toHaveLength(site.plan.zones.length + site.devices.length + luminaires.length);
    for (const feature of geo.features) {
      const positions =
        feature.geometry.type === 'Point'
          ? [feature.geometry.coordinates]
          : feature.geometry.coordinates.flat();
      for (const [x, y] of positions) {
        // [lon, lat]: within 0.01° (about 1 km) of the anchor, and not swapped.
        expect(Math.abs(x - lon)).toBeLessThan(0.01);
        expect(Math.abs(y - lat)).toBeLessThan(0.01);
      }
      if (feature.geometry.type === 'Polygon') {
        const ring = feature.geometry.coordinates[0]!;
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring.at(-1)).toEqual(ring[0]);
      }
    }
    // lamp01 sits 10 m east and 44 m north of the origin (hardware/sites/demo.yaml).
    const lamp01 = geo.features.find((f) => f.id === 'luminaire:street.lamp01')!;
    const perDegree = metresPerDegree(lat);
    expect(lamp01.geometry.type).toBe('Point');
    const [lampLon, lampLat] = lamp01.geometry.coordinates as [number, number];
    expect(lampLon).toBeCloseTo(lon + 10 / perDegree.lon, 6);
    expect(lampLat).toBeCloseTo(lat + 44 / perDegree.lat, 6);
    expect(lamp01.properties).toMatchObject({ device: 'street', ratedPowerW: 60, workstreams: ['lighting'] });
    const road = geo.features.find((f) => f.id === 'zone:road')!;
    expect(road.properties['name_fr']).toBe('Rue de la Gare');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-geojson-export]').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${site.id}.geojson`);
    const downloaded = JSON.parse(readFileSync(await download.path(), 'utf8')) as GeoJsonFeatureCollection;
    expect(downloaded.features.map((f) => f.id)).toEqual(geo.features.map((f) => f.id));
  });

  it('shows every device in the console, and a staff write reaches the simulator and the audit log', async () => {
    await goTo('console');
    for (const device of site.devices) {
      await expect
        .poll(() => page.locator(`[data-health-row="${device.id}"]`).getAttribute('data-device-status'), {
          timeout: UI_WAIT_MS,
        })
        .toBe('online');
    }
    await expect(page.locator('[data-health-row="street"]').textContent()).resolves.toMatch(
      /En ligne.*req\/s/s,
    );
    const detail = await api<{ health: { id: string }; points: PointSnapshot[] }>('/api/devices/street');
    expect(detail.health.id).toBe('street');
    expect(detail.points.every((p) => p.meta.device === 'street')).toBe(true);

    const control = page.locator('[data-control="street.lamp05.level"]');
    await expect(control.locator('[data-limits]').textContent()).resolves.toMatch(/0 à 100 %/);
    await control.locator('input[type="number"]').fill('37');
    await control.locator('input[type="number"]').press('Enter');
    await control.locator('[data-control-applied]').waitFor({ timeout: UI_WAIT_MS });
    await expect
      .poll(async () => (await simulatorGear('street')).find((g) => g.shortAddress === 4)?.levelPercent, {
        timeout: UI_WAIT_MS,
      })
      .toBeCloseTo(37, 0);
    await page
      .locator('[data-audit-point="street.lamp05.level"][data-audit-ok="true"]')
      .first()
      .waitFor({ timeout: UI_WAIT_MS });

    // Out of the profile limits: the controller refuses and the console shows its reason.
    await control.locator('input[type="number"]').fill('150');
    await control.getByRole('button', { name: 'Écrire' }).click();
    await expect(control.locator('[data-write-error]').textContent({ timeout: UI_WAIT_MS })).resolves.toMatch(
      /^Écriture refusée : valeur hors des limites autorisées \(.+\)$/,
    );
    await page.locator('[data-audit-ok="false"]').first().waitFor({ timeout: UI_WAIT_MS });
    await page.locator('[data-audit-filter="result"]').selectOption('refused');
    await expect.poll(() => page.locator('[data-audit-ok="true"]').count(), { timeout: UI_WAIT_MS }).toBe(0);
    await expect(page.locator('[data-audit-ok="false"]').count()).resolves.toBeGreaterThan(0);
    await page.locator('[data-audit-filter="result"]').selectOption('');
    await page.locator('[data-audit-filter="point"]').selectOption('park.');
    await expect.poll(() => page.locator('[data-audit-empty]').count(), { timeout: UI_WAIT_MS }).toBe(1);
    await page.locator('[data-audit-filter="point"]').selectOption('');

    // An alarm raised on the controller's bus reaches the console live; staff acknowledge it.
    const raise = (active: boolean) =>
      controller.bus.emit('alarm', {
        key: 'test:street.lamp05',
        active,
        point: 'street.lamp05.level',
        severity: 'critical',
        message: 'Luminaire lamp05 : défaut signalé',
        label: { fr: 'Luminaire lamp05 : défaut signalé', en: 'Luminaire lamp05: fault reported' },
        source: 'test',
        ts: Date.now(),
      });
    raise(true);
    const alarm = page.locator('[data-alarm="test:street.lamp05"]');
    await alarm.waitFor({ timeout: UI_WAIT_MS });
    await expect(alarm.textContent()).resolves.toMatch(/Critique.*Luminaire lamp05 : défaut signalé/s);
    await alarm.getByRole('button', { name: 'Acquitter' }).click();
    await alarm.locator('[data-alarm-acked]').waitFor({ timeout: UI_WAIT_MS });
    await page.locator('[data-audit-row]').first().waitFor({ timeout: UI_WAIT_MS });
    await photograph('console');
    raise(false);
    await expect.poll(() => alarm.count(), { timeout: UI_WAIT_MS }).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('switches the console to English and back, without reloading', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('#health-title').textContent()).resolves.toBe('Device health');
    await expect(page.locator('[data-nav="kiosk"]').textContent()).resolves.toBe('Kiosk');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(page.locator('#health-title').textContent()).resolves.toBe('État des appareils');
  });

  it('says on the replay view that scenario runs are not recorded yet', async () => {
    await goTo('replay');
    const replay = page.locator('[data-replay]');
    await replay.waitFor({ timeout: UI_WAIT_MS });
    if ((await replay.getAttribute('data-replay')) === 'unavailable')
      await expect(page.locator('[data-replay-placeholder]').textContent()).resolves.toContain('pas encore');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await photograph('replay');
  });

  it('runs the kiosk with live counters and the scenario narration', async () => {
    // The kiosk has no links: reach it the way a visitor's browser history would.
    await page.evaluate(() => {
      // One slide per hour: the lighting slide stays while this test reads its counters.
      history.pushState({}, '', '/kiosk?slide=3600');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.locator('[data-kiosk]').waitFor({ timeout: UI_WAIT_MS });
    await expect(page.locator('[data-nav]').count()).resolves.toBe(0);
    await expect(page.locator('button, input, select').count()).resolves.toBe(0);

    const points = await api<PointSnapshot[]>('/api/points');
    const level = (id: string) => points.find((p) => p.meta.id === id)?.state.value as number;
    const expectedWatts = site.devices
      .flatMap((d) => d.luminaires ?? [])
      .reduce((sum, l) => sum + (level(l.points['level']!) / 100) * (l.ratedPowerW ?? 0), 0);
    await expect
      .poll(async () => Number(await page.locator('[data-counter="power"]').getAttribute('data-raw')), {
        timeout: UI_WAIT_MS,
      })
      .toBeCloseTo(expectedWatts, 0);
    await expect
      .poll(async () => Number(await page.locator('[data-counter="energy"]').getAttribute('data-raw')), {
        timeout: UI_WAIT_MS,
      })
      .toBeGreaterThan(0);
    await expect(page.locator('[data-narration-empty]').count()).resolves.toBe(1);

    controller.bus.emit('scenario', {
      run: 'run-test',
      kind: 'run-started',
      ts: Date.now(),
      detail: { scenario: 'lighting/night-dimming' },
    });
    controller.bus.emit('scenario', {
      run: 'run-test',
      kind: 'say',
      ts: Date.now(),
      detail: {
        fr: 'La nuit tombe : la rue passe à 30 %, le square reste éclairé.',
        en: 'Night falls: the street dims to 30 %, the square stays lit.',
      },
    });
    await expect
      .poll(() => page.locator('[data-narration-text]').textContent(), { timeout: UI_WAIT_MS })
      .toContain('La nuit tombe');
    await expect(page.locator('.kiosk h1').textContent()).resolves.toBe('Démonstrateur simulé');

    // A kiosk browser starts on the deep link; the loop moves on to the next workstream.
    const loop = await chrome.context.newPage();
    try {
      await loop.goto(`${controller.url}/kiosk?slide=2`);
      await expect
        .poll(() => loop.locator('[data-kiosk]').getAttribute('data-workstream'), { timeout: UI_WAIT_MS })
        .toBe('lighting');
      await expect
        .poll(() => loop.locator('[data-kiosk]').getAttribute('data-workstream'), { timeout: UI_WAIT_MS })
        .not.toBe('lighting');
      await expect(loop.locator('.loop [aria-current="step"]').count()).resolves.toBe(1);
      await loop.screenshot({ path: join(artifacts, 'showroom-kiosk-next-slide-1280x800.png') });
    } finally {
      await loop.close();
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await photograph('kiosk');
  });

  it('keeps the kiosk running through a controller restart: stale with age, then fresh, never reloaded', async () => {
    const snapshotsBefore = Number(await page.locator('.app').getAttribute('data-snapshots'));
    await controller.stop();
    const power = page.locator('[data-counter="power"]');
    await expect.poll(() => power.getAttribute('data-stale'), { timeout: UI_WAIT_MS }).toBe('true');
    await expect(power.locator('[data-counter-age]').textContent()).resolves.toMatch(
      /Valeur reçue (à l'instant|il y a \d+ s)/,
    );
    await page.screenshot({ path: join(artifacts, 'showroom-kiosk-disconnected-1280x800.png') });

    controller = await startControllerOn(controllerPort);
    await expect.poll(() => power.getAttribute('data-stale'), { timeout: UI_WAIT_MS }).toBe('false');
    expect(Number(await page.locator('.app').getAttribute('data-snapshots'))).toBeGreaterThan(
      snapshotsBefore,
    );
    await expect(page.locator('[data-kiosk]').count()).resolves.toBe(1);
    await expect(
      page.evaluate(() => (window as unknown as { phareMarker?: string }).phareMarker),
    ).resolves.toBe('same page');
    expect(pageErrors).toEqual([]);
  });
});
