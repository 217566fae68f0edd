/**
 * (c) Write-to-browser latency: from an API write (sent by the page itself, so both ends use the
 * browser's clock) to the new level shown on the luminaire in the page, as the simulator reports it
 * back through the gateway, the coordinator, the recorder's bus and socket.io.
 * The street gateway runs with DALI bus timing on and fade time 0 (a jump), so what is measured is
 * the kit's path, not the lamp's fade. Target p95 < 150 ms (issue 2, item 12c).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildShowroomIfStale } from '../showroom-ui/tests/showroom-build.ts';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { startDaliGatewaySimulator } from '@phare/hardware/simulators/dali-gateway/index.ts';
import { DEMO_SITE } from '@phare/lab-controller/controller/demo.ts';
import { loadSiteOrThrow } from '@phare/lab-controller/controller/site-loading.ts';
import { startController } from '@phare/lab-controller/controller/start-controller.ts';
import type { Benchmark, BenchResult } from './harness.ts';
import { percentile } from './harness.ts';
import { sleep } from './fixtures.ts';

const WRITES = 40;

/** The page writes the level itself and watches the luminaire's data-level attribute change. */
function measureInPage(level: number): string {
  return `(async () => {
    const marker = document.querySelector('[data-luminaire="street.lamp03"]');
    const started = performance.now();
    const shown = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (Number(marker.getAttribute('data-level')) === ${level}) { observer.disconnect(); resolve(performance.now() - started); }
      });
      observer.observe(marker, { attributes: true, attributeFilter: ['data-level'] });
    });
    await fetch('/api/points/street.lamp03.level', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: ${level} }),
    });
    return Promise.race([shown, new Promise((r) => setTimeout(() => r(Infinity), 5000))]);
  })()`;
}

export const browserLatency: Benchmark = {
  name: 'write-to-browser-latency',
  async run(): Promise<BenchResult[]> {
    // Rebuilt when any UI source is newer than the build: a stale build would measure old code.
    await buildShowroomIfStale();
    const loaded = loadSiteOrThrow(DEMO_SITE);
    const street = loaded.site.devices.find((d) => d.id === 'street');
    if (!street?.dali) throw new Error('the demo site has no DALI street');
    const sim = await startDaliGatewaySimulator({
      model: 'intesis',
      transport: { kind: 'tcp', host: '127.0.0.1', port: 0 },
      luminaires: street.dali.luminaires.map((l) => ({ shortAddress: l.shortAddress, groups: l.groups })),
      fadeTimeX: 0,
    });
    const site = {
      ...loaded,
      site: {
        ...loaded.site,
        devices: [{ ...street, endpoint: parseEndpoint(`modbus-tcp://127.0.0.1:${sim.modbusPort}?unit=1`) }],
      },
    };
    const dataDir = mkdtempSync(join(tmpdir(), 'phare-bench-'));
    const controller = await startController({ site, port: 0, dataDir, logger: silentLogger });
    const profile = mkdtempSync(join(tmpdir(), 'phare-bench-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(controller.url);
      await page.waitForSelector('[data-luminaire="street.lamp03"][data-level]:not([data-level=""])', {
        timeout: 30_000,
      });
      await sleep(1000);
      const latencies: number[] = [];
      for (let i = 0; i < WRITES; i++) {
        const level = i % 2 === 0 ? 30 : 80;
        // Passed as text: the bundler that runs this file renames functions, which the page cannot resolve.
        const ms = (await page.evaluate(measureInPage(level))) as number;
        latencies.push(ms);
        await sleep(150);
      }
      latencies.sort((a, b) => a - b);
      const p95 = percentile(latencies, 95);
      return [
        {
          name: 'write-to-browser-latency',
          description:
            'API write of one luminaire level → new level shown in the page, read back from the simulated gateway',
          value: p95,
          unit: 'ms (p95)',
          target: 'p95 < 150 ms',
          met: p95 < 150,
          details: {
            p50: `${percentile(latencies, 50).toFixed(0)} ms`,
            max: `${latencies.at(-1)!.toFixed(0)} ms`,
            writes: WRITES,
          },
        },
      ];
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
      await controller.stop();
      await sim.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
