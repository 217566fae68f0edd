/**
 * The twin's building and water layers, and the alarm banner, in real headless Chromium against the
 * real stack: every simulator of the demo site (the OPC-UA school, the SDI-12 river gauge on a pty…)
 * on ephemeral ports, the controller serving showroom-ui/dist, a temporary data folder. What the
 * page shows is compared with the controller's live points and the simulators' own state.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import type { PointSnapshot, SiteView, Workstream } from '@phare/lab-controller/api/wire.ts';
import { DEMO_SITE } from '@phare/lab-controller/controller/demo.ts';
import { loadSiteOrThrow } from '@phare/lab-controller/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '@phare/lab-controller/controller/simulators.ts';
import { startController, type Controller } from '@phare/lab-controller/controller/start-controller.ts';
import { zoneBand, zoneFill } from '../src/views/twin/building/zone-temperature.ts';
import { seriousAccessibilityViolations } from './axe-audit.ts';
import { launchHeadlessChromium, type HeadlessChromium } from './headless-chromium.ts';
import { buildShowroomIfStale, uiDist, uiRoot } from './showroom-build.ts';

const artifacts = join(uiRoot, '..', 'test-artifacts');
/** Generous: two cores shared with other test files, an OPC-UA server, SDI-12 at 1200 baud. */
const UI_WAIT_MS = 45_000;

describe('building and water layers in headless Chromium', { timeout: 180_000 }, () => {
  let dataDir: string;
  let sims: RunningSimulators;
  let controller: Controller;
  let chrome: HeadlessChromium;
  let page: Page;
  let site: SiteView;
  const pageErrors: string[] = [];

  const controlOf = (device: string): string => {
    const url = sims.endpoints.find((endpoint) => endpoint.device === device)?.controlUrl;
    if (!url) throw new Error(`no control API for the ${device} simulator`);
    return url;
  };

  async function post(url: string, body: unknown): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.ok).toBe(true);
  }

  async function point(id: string): Promise<PointSnapshot> {
    const answer = (await (await fetch(`${controller.url}/api/points/${id}`)).json()) as {
      ok: boolean;
      data: PointSnapshot;
    };
    expect(answer.ok).toBe(true);
    return answer.data;
  }

  async function goTo(route: 'twin' | 'console'): Promise<void> {
    await page.locator(`[data-nav="${route}"]`).click();
    await page.locator(`.app[data-route="${route}"]`).waitFor({ timeout: UI_WAIT_MS });
  }

  const zone = (id: string) => page.locator(`[data-building-zone="${id}"]`);

  beforeAll(async () => {
    await buildShowroomIfStale();
    mkdirSync(artifacts, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'phare-building-water-ui-'));
    sims = await startSimulators(loadSiteOrThrow(DEMO_SITE), { ephemeralPorts: true, dataDir });
    controller = await startController({
      site: sims.site,
      port: 0,
      dataDir,
      uiDistDir: uiDist,
      logger: silentLogger,
    });
    site = ((await (await fetch(`${controller.url}/api/site`)).json()) as { data: SiteView }).data;
    // A cold morning: the school's zones heat, the comparison has something to compare.
    await post(`${controlOf('school')}/weather`, { outdoorC: 2, solarWm2: 0 });
    // The OPC-UA session (certificates, then subscriptions) takes a while on a loaded machine. The
    // page opens once the school's points are live: an OPC-UA value keeps its source timestamp,
    // and a setpoint set before the page's snapshot would be older than the snapshot's placeholder.
    const school = site.devices.find((d) => d.id === 'school')!;
    const ids = school.building!.zones.flatMap((z) => [z.points.temperature!, z.points.setpoint!]);
    const live = async (id: string): Promise<boolean> => {
      const answer = (await (await fetch(`${controller.url}/api/points/${id}`)).json()) as {
        data?: PointSnapshot;
      };
      return answer.data?.state.quality === 'good';
    };
    const deadline = Date.now() + 150_000;
    while (!(await Promise.all(ids.map(live))).every(Boolean)) {
      if (Date.now() > deadline) throw new Error(`school points not live after 150 s: ${ids.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    chrome = await launchHeadlessChromium({ width: 1280, height: 800 });
    page = await chrome.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(controller.url);
    await page.locator('.app[data-link="online"]').waitFor({ timeout: UI_WAIT_MS });
  }, 180_000);

  afterAll(async () => {
    if (sims) await post(`${controlOf('river')}/rain`, { mmPerHour: 0 }).catch(() => undefined);
    await chrome?.close();
    await controller?.stop();
    await sims?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('draws every school zone with its shape, coloured and labelled from live OPC-UA values', async () => {
    const school = site.devices.find((d) => d.id === 'school')!;
    const zones = school.building!.zones;
    expect(zones.length).toBeGreaterThanOrEqual(4);
    for (const z of zones) {
      const shape = zone(z.id);
      await expect
        .poll(() => shape.getAttribute('data-temperature'), { timeout: UI_WAIT_MS })
        .toMatch(/^-?\d/);
      await expect.poll(() => shape.getAttribute('data-setpoint'), { timeout: UI_WAIT_MS }).toMatch(/^\d/);
      // One snapshot of the zone as drawn (values move with the thermal model between reads).
      const drawn = await shape.evaluate((el) => ({
        temperature: Number(el.getAttribute('data-temperature')),
        setpoint: Number(el.getAttribute('data-setpoint')),
        band: el.getAttribute('data-band'),
        fill: getComputedStyle(el.querySelector('polygon.shape')!).fill,
        reading: el.nextElementSibling!.querySelector('[data-zone-reading]')!.textContent,
      }));
      const { temperature, setpoint } = drawn;
      // What the page shows is what the controller read from the simulator over OPC-UA.
      const live = await point(z.points.temperature!);
      expect(live.state.quality).toBe('good');
      expect(Math.abs((live.state.value as number) - temperature)).toBeLessThan(0.5);
      expect((await point(z.points.setpoint!)).state.value).toBe(setpoint);
      // The fill follows the diverging scale, and the band reads in words and a symbol too.
      expect(drawn.band).toBe(zoneBand(temperature, setpoint));
      const expected = zoneFill(temperature, setpoint);
      const rgb = [1, 3, 5].map((i) => parseInt(expected.slice(i, i + 2), 16)).join(', ');
      expect(drawn.fill).toBe(`rgb(${rgb})`);
      const symbol = { below: '▼', at: '=', above: '▲', unknown: '?' }[zoneBand(temperature, setpoint)];
      expect(drawn.reading).toMatch(
        new RegExp(`^-?\\d+(,\\d)? °C / ${String(setpoint).replace('.', ',')} °C ${symbol}$`),
      );
      await expect(shape.getAttribute('aria-label')).resolves.toContain('consigne');
      // Drawn from the site's outline, in plan metres (y flipped).
      const points = (await shape.locator('polygon.shape').getAttribute('points'))!.split(' ');
      expect(points).toEqual(z.polygon.map(([x, y]) => `${x},${site.plan.height - y}`));
    }
    await expect(page.locator('[data-zone-legend] li').count()).resolves.toBe(3);
  });

  it('changes a setpoint from the zone panel: the write succeeds, reaches the simulator and the label follows', async () => {
    const shape = zone('zone1');
    // Keyboard: a zone is a button like a marker.
    await shape.focus();
    await page.keyboard.press('Enter');
    const panel = page.locator('[data-zone-panel="zone1"]');
    await panel.waitFor({ timeout: UI_WAIT_MS });
    await expect(shape.getAttribute('aria-pressed')).resolves.toBe('true');
    const before = Number(await shape.getAttribute('data-setpoint'));
    const target = before >= 23.5 ? before - 0.5 : before + 0.5;
    await panel.locator(target > before ? '[data-setpoint-up]' : '[data-setpoint-down]').click();
    await panel.locator('[data-setpoint-applied]').waitFor({ timeout: UI_WAIT_MS });
    await expect
      .poll(
        async () => {
          const state = (await (await fetch(`${controlOf('school')}/state`)).json()) as {
            zones: { id: string; setpointC: number }[];
          };
          return state.zones.find((z) => z.id === 'Zone1')?.setpointC;
        },
        { timeout: UI_WAIT_MS },
      )
      .toBe(target);
    await expect
      .poll(() => shape.getAttribute('data-setpoint'), { timeout: UI_WAIT_MS })
      .toBe(String(target));
    await expect(
      page.locator('[data-zone-texts="zone1"] [data-zone-reading]').textContent(),
    ).resolves.toContain(` / ${String(target).replace('.', ',')} °C`);
    // Every write is audited.
    const audit = (await (await fetch(`${controller.url}/api/audit?point=school.zone1.setpoint`)).json()) as {
      data: { ok: boolean; newValue: unknown }[];
    };
    expect(audit.data[0]).toMatchObject({ ok: true, newValue: target });

    // Out of the profile's limits: the controller refuses, the panel says why.
    const field = panel.locator('[data-setpoint-control] input[type="number"]');
    await field.fill('40');
    await field.press('Enter');
    await expect(
      panel.locator('[data-setpoint-error]').textContent({ timeout: UI_WAIT_MS }),
    ).resolves.toMatch(/Écriture refusée : valeur hors des limites autorisées/);
  });

  it("shows the building's heating, today's meter energy and the before/after renovation comparison", async () => {
    const panel = page.locator('[data-zone-panel="zone1"]');
    const summary = panel.locator('[data-building-summary="school"]');
    await expect
      .poll(() => summary.locator('[data-building-figure="outdoor"]').textContent(), { timeout: UI_WAIT_MS })
      .toBe('2 °C');
    await expect
      .poll(() => summary.locator('[data-building-figure="today"]').getAttribute('data-raw'), {
        timeout: UI_WAIT_MS,
      })
      .toMatch(/^\d/);
    const comparison = summary.locator('[data-comparison="ready"]');
    await comparison.waitFor({ timeout: UI_WAIT_MS });
    const api = (await (await fetch(`${controller.url}/api/building/comparison`)).json()) as {
      data: { before: { electricKw: number }; after: { electricKw: number }; outdoorC: number };
    };
    expect(api.data.outdoorC).toBe(2);
    const shown = async (side: string) =>
      Number(
        await comparison
          .locator(`[data-comparison-side="${side}"] [data-electric-kw]`)
          .getAttribute('data-electric-kw'),
      );
    expect(await shown('before')).toBeGreaterThan(await shown('after'));
    await expect(comparison.textContent()).resolves.toMatch(
      /Avant rénovation.*Après rénovation.*Économie : \d+ %/s,
    );
    await page.screenshot({ path: join(artifacts, 'showroom-building-zone-1280x800.png') });
  });

  it('walks the river up through vigilance when it rains, with the alarm on every view', async () => {
    const gauge = page.locator('[data-river-gauge="river"]');
    await expect.poll(() => gauge.getAttribute('data-level'), { timeout: UI_WAIT_MS }).toMatch(/^\d/);
    await expect(gauge.getAttribute('data-vigilance')).resolves.toBe('green');
    await expect(gauge.getAttribute('aria-label')).resolves.toMatch(/Vigilance verte.*jaune 0,8 m/);
    await post(`${controlOf('river')}/rain`, { mmPerHour: 500 });
    await expect
      .poll(() => gauge.getAttribute('data-vigilance'), { timeout: 150_000, interval: 1000 })
      .not.toBe('green');
    // Stop the rain: the river recedes slowly (hysteresis keeps the level), no new alarm is raised.
    await post(`${controlOf('river')}/rain`, { mmPerHour: 0 });
    expect(Number(await gauge.getAttribute('data-level'))).toBeGreaterThanOrEqual(0.8);
    await expect(
      page.locator('[data-river-vigilance]').getAttribute('data-river-vigilance'),
    ).resolves.not.toBe('green');
    const banner = page.locator('[data-banner-alarm="vigilance:river.level"]');
    await banner.waitFor({ timeout: UI_WAIT_MS });
    await expect(banner.textContent()).resolves.toMatch(/Vigilance (jaune|orange|rouge).*Vigilance crue/s);
    await expect(page.locator('[role="alert"][data-alarm-banner]').count()).resolves.toBe(1);

    // The river's panel: level and vigilance in words, and the chart of the last hours.
    await gauge.click();
    const details = page.locator('[data-water-details="river"]');
    await details.waitFor({ timeout: UI_WAIT_MS });
    await expect(details.locator('[data-vigilance-word]').textContent()).resolves.toMatch(
      /Vigilance (jaune|orange|rouge)/,
    );
    const chart = details.locator('[data-river-chart="river.level"]');
    await expect.poll(() => chart.getAttribute('data-chart-samples'), { timeout: UI_WAIT_MS }).not.toBe('0');
    await expect(chart.locator('[role="img"]').getAttribute('aria-label')).resolves.toMatch(
      /Seuils de vigilance : jaune 0,8 m, orange 1,3 m, rouge 1,8 m/,
    );
    await page.screenshot({ path: join(artifacts, 'showroom-river-vigilance-1280x800.png') });

    // Another view shows the same alarm; acknowledged on the console, it turns quiet.
    await goTo('console');
    const onConsole = page.locator('[data-banner-alarm="vigilance:river.level"]');
    await onConsole.waitFor({ timeout: UI_WAIT_MS });
    await expect(onConsole.getAttribute('data-acked')).resolves.toBe('false');
    await page
      .locator('[data-alarm="vigilance:river.level"]')
      .getByRole('button', { name: 'Acquitter' })
      .click();
    await expect.poll(() => onConsole.getAttribute('data-acked'), { timeout: UI_WAIT_MS }).toBe('true');
    await expect(onConsole.textContent()).resolves.toContain('acquittée');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await goTo('twin');
    await expect(
      page.locator('[data-banner-alarm="vigilance:river.level"]').getAttribute('data-acked'),
    ).resolves.toBe('true');
  });

  it('shows and hides the building and water layers with the toggles, combined', async () => {
    const toggle = (w: Workstream) => page.locator(`[data-layer="${w}"]`);
    const count = (selector: string) => page.locator(selector).count();
    const zones = site.devices.find((d) => d.id === 'school')!.building!.zones.length;
    await expect(count('[data-building-zone]')).resolves.toBe(zones);
    await toggle('building').click();
    await expect(count('[data-building-zone]')).resolves.toBe(0);
    // The river gauge serves water and climate: it stays while either is shown.
    await expect(count('[data-river-gauge]')).resolves.toBe(1);
    await toggle('water').click();
    await expect(count('[data-river-gauge]')).resolves.toBe(1);
    await expect(count('[data-quality-card]')).resolves.toBe(0);
    await toggle('climate').click();
    await expect(count('[data-river-gauge]')).resolves.toBe(0);
    await expect(count('[data-basin-fill]')).resolves.toBe(0);
    await toggle('building').click();
    await expect(count('[data-building-zone]')).resolves.toBe(zones);
    await expect(count('[data-water-meter]')).resolves.toBe(1);
    await toggle('water').click();
    await toggle('climate').click();
    for (const selector of [
      '[data-river-gauge]',
      '[data-basin-fill]',
      '[data-quality-card]',
      '[data-water-meter]',
    ])
      await expect(count(selector)).resolves.toBe(1);
  });

  it('passes the accessibility audit on the twin with both layers on, at tablet and 4K sizes', async () => {
    for (const w of ['building', 'water'] as const)
      await expect(page.locator(`[data-layer="${w}"]`).getAttribute('aria-pressed')).resolves.toBe('true');
    await zone('zone2').click();
    await page.locator('[data-zone-panel="zone2"]').waitFor({ timeout: UI_WAIT_MS });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'showroom-building-water-1280x800.png') });
    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.waitForTimeout(300);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'showroom-building-water-3840x2160.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    // The kiosk shows the alarm too, large.
    await page.evaluate(() => {
      history.pushState({}, '', '/kiosk?slide=3600');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.locator('[data-kiosk]').waitFor({ timeout: UI_WAIT_MS });
    await page
      .locator('.alarm-slot.large [data-banner-alarm="vigilance:river.level"]')
      .waitFor({ timeout: UI_WAIT_MS });
    await page.screenshot({ path: join(artifacts, 'showroom-kiosk-alarm-1280x800.png') });
    expect(pageErrors).toEqual([]);
  });
});
