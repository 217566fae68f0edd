/**
 * The suite against the shipped OPC-UA building simulator with its profile
 * (phare/building-sim-opcua: SignAndEncrypt, Basic256Sha256), loopback, temporary PKI folders.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startBuildingSimulator,
  type BuildingSimulator,
} from '@phare/hardware/simulators/building-opcua/index.ts';
import { runInterop } from '../../src/interop/index.ts';
import { check, profile } from './bench.ts';

let dir: string;
let sim: BuildingSimulator;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phare-interop-opcua-'));
  sim = await startBuildingSimulator({ port: 0, pkiDir: join(dir, 'server'), controlPort: 0 });
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('interop suite on the OPC-UA building simulator', () => {
  it('passes with its profile: nodes, EURange and units, subscription, writes restored, reboot survived', async () => {
    const setpointsBefore = ['Zone1', 'Zone2', 'Zone3', 'Zone4', 'Zone5'].map(
      (z) => sim.model.zone(z)!.setpointC,
    );
    const report = await runInterop({
      profile: profile('phare/building-sim-opcua.yaml'),
      endpoint: sim.endpointUrl,
      opcua: { pkiDir: join(dir, 'client'), trustUnknownServerCertificates: true },
      control: sim.controlUrl!,
      robustness: true,
      timingSamples: 3,
    });

    expect(report.checks.filter((c) => c.verdict === 'fail' && c.mandatory)).toEqual([]);
    expect(report.summary.passed).toBe(true);
    expect(report.device.reported?.['productName']).toBe('Phare building controller simulator');
    expect(check(report, 'protocol.analog.zone1.temperature').observed).toMatch(/EURange -10…50.*= Cel/);
    expect(check(report, 'protocol.subscription').verdict).toBe('pass');
    expect(check(report, 'write.roundtrip.zone1.setpoint').observed).toMatch(/restored/);
    expect(check(report, 'write.limits.zone1.setpoint').observed).toMatch(/driver calls (\d+) → \1/);
    expect(check(report, 'robustness.outage').verdict).toBe('pass');
    const setpointsAfter = ['Zone1', 'Zone2', 'Zone3', 'Zone4', 'Zone5'].map(
      (z) => sim.model.zone(z)!.setpointC,
    );
    expect(setpointsAfter).toEqual(setpointsBefore);
  }, 180_000);
});
