/**
 * Reports kept by the controller (issue 8): `phare interop` keeps a copy in the data folder, and
 * the controller lists and serves it over HTTP, refusing any file name it did not list.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import type { ReportListing } from '../../src/interop/index.ts';
import { registerInterop } from '../../src/cli/commands/interop.ts';
import { startController, type Controller } from '../../src/controller/start-controller.ts';
import { acmeProfileFile, startAcmeDevice, type AcmeDevice } from './bench.ts';

const fixtures = fileURLToPath(new URL('../config/fixtures/', import.meta.url));

let device: AcmeDevice;
let dataDir: string;
let controller: Controller;
let listing: ReportListing;

beforeAll(async () => {
  device = await startAcmeDevice({ missing: [5] });
  dataDir = mkdtempSync(join(tmpdir(), 'phare-kept-reports-'));
  vi.stubEnv('PHARE_DATA_DIR', dataDir);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const program = new Command('phare').exitOverride();
  registerInterop(program, { logger: silentLogger });
  await program.parseAsync([
    'node',
    'phare',
    'interop',
    '--profile',
    acmeProfileFile,
    '--endpoint',
    `modbus-tcp://127.0.0.1:${device.port}?unit=1`,
    '--samples',
    '2',
  ]);
  vi.restoreAllMocks();
  process.exitCode = undefined;
  // A stray file in the folder is not a report and must never be served.
  writeFileSync(join(dataDir, 'interop-reports', 'notes.html'), '<p>not a report</p>');
  controller = await startController({
    sitePath: join(fixtures, 'sites', 'good.yaml'),
    profilesDir: join(fixtures, 'profiles'),
    port: 0,
    dataDir,
    logger: silentLogger,
    uiDistDir: join(dataDir, 'no-ui'),
  });
  const answer = (await (await fetch(`${controller.url}/api/interop/reports`)).json()) as {
    data: ReportListing[];
  };
  listing = answer.data[0]!;
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await controller?.stop();
  await device?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('interop reports kept by the controller', () => {
  it('lists the run that phare interop kept, with its verdict and counts', () => {
    expect(listing.profile).toBe('acme/heat-meter');
    expect(listing.passed).toBe(false);
    expect(listing.counts.fail).toBeGreaterThan(0);
    expect(listing.files.html).toMatch(/^acme_heat-meter-\d{8}T\d{6}Z\.html$/);
    expect(listing.files.junit).toMatch(/\.junit\.xml$/);
  });

  it('serves the HTML report self-contained, with nothing allowed to load or run in it', async () => {
    const response = await fetch(`${controller.url}/api/interop/reports/${listing.files.html}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(await response.text()).toContain('acme/heat-meter');
    const junit = await fetch(`${controller.url}/api/interop/reports/${listing.files.junit}`);
    expect(junit.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await junit.text()).toMatch(/<testsuites/);
  });

  it('answers 404 for names it did not list, traversal included', async () => {
    for (const name of ['notes.html', '..%2F..%2Fphare.sqlite', '..%2Fphare.sqlite.json', 'x.exe']) {
      const response = await fetch(`${controller.url}/api/interop/reports/${name}`);
      expect(response.status, name).toBe(404);
      expect(((await response.json()) as { ok: boolean }).ok).toBe(false);
    }
  });
});
