/**
 * The suite against the shipped DALI gateway simulators with their shipped profiles (Intesis and
 * DALION on Modbus TCP, loopback), then faults injected through the simulators' control API:
 * exceptions where values are expected, a gateway slower than the profile's timeout, and an outage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  startDaliGatewaySimulator,
  type DaliGatewaySimulator,
  type GatewayModel,
} from '@phare/hardware/simulators/dali-gateway/index.ts';
import { runInterop } from '../../src/interop/index.ts';
import { check, profile } from './bench.ts';

const LUMINAIRES = [
  { shortAddress: 0, groups: [1] },
  { shortAddress: 1, groups: [1] },
  { shortAddress: 2, groups: [2] },
];
const PROFILES: Record<GatewayModel, string> = {
  intesis: 'hms/intesis-dali-modbus.yaml',
  dalion: 'bacmove/dalion-modbus-tcp.yaml',
};

let sim: DaliGatewaySimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function start(model: GatewayModel, luminaires = LUMINAIRES): Promise<DaliGatewaySimulator> {
  // Fade time 0: levels settle at once, so the test waits for the gateway, not for the fade.
  sim = await startDaliGatewaySimulator({
    model,
    transport: { kind: 'tcp', port: 0 },
    luminaires,
    fadeTimeX: 0,
    controlPort: 0,
  });
  return sim;
}

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${sim!.controlUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

describe('interop suite on the shipped DALI gateways', () => {
  for (const model of ['intesis', 'dalion'] as const) {
    it(`passes the ${model} simulator with its profile, groups, broadcast and an outage included`, async () => {
      const gateway = await start(model);
      const report = await runInterop({
        profile: profile(PROFILES[model]),
        endpoint: `modbus-tcp://127.0.0.1:${gateway.modbusPort}?unit=1`,
        dali: { luminaires: LUMINAIRES },
        control: gateway.controlUrl!,
        robustness: true,
        timingSamples: 3,
      });

      expect(report.checks.filter((c) => c.verdict === 'fail')).toEqual([]);
      expect(report.summary.passed).toBe(true);
      for (const id of ['dali.group1', 'dali.group2', 'dali.all', 'robustness.outage'])
        expect(check(report, id).verdict).toBe('pass');
      // Intesis maps the QUERY STATUS register, DALION does not.
      expect(check(report, 'dali.lamp-failure').verdict).toBe(model === 'intesis' ? 'pass' : 'skip');
      // Every lamp is back where it was (full output after power-on for Intesis, off for DALION).
      const levels = gateway.line.snapshot().gear.map((g) => Math.round(g.levelPercent));
      expect(new Set(levels).size).toBe(1);
    }, 120_000);
  }

  it('fails the reads with a plain explanation when the gateway answers exceptions', async () => {
    const gateway = await start('intesis', [{ shortAddress: 0, groups: [] }]);
    await control('/exceptions', { code: 4, count: 1000 });
    const report = await runInterop({
      profile: profile(PROFILES.intesis),
      endpoint: `modbus-tcp://127.0.0.1:${gateway.modbusPort}?unit=1`,
      dali: { luminaires: [{ shortAddress: 0, groups: [] }] },
      only: 'read',
    });

    const read = check(report, 'read.value.lamp00.level');
    expect(read.verdict).toBe('fail');
    expect(read.explanation.en).toMatch(/exception 04 \(SERVER DEVICE FAILURE\) instead of a value/);
    expect(read.explanation.fr).toMatch(/panne interne/);
    expect(report.summary.passed).toBe(false);
  }, 60_000);

  it('fails the first read with a timeout explanation when the gateway is slower than the profile timeout, without hanging', async () => {
    const gateway = await start('intesis', [{ shortAddress: 0, groups: [] }]);
    await control('/gateway', { delayMs: 1500 });
    const started = Date.now();
    const report = await runInterop({
      profile: profile(PROFILES.intesis),
      endpoint: `modbus-tcp://127.0.0.1:${gateway.modbusPort}?unit=1`,
      dali: { luminaires: [{ shortAddress: 0, groups: [] }] },
      only: ['read', 'timing'],
      timingSamples: 2,
    });

    const first = check(report, 'connectivity.first-read');
    expect(first.verdict).toBe('fail');
    expect(first.error?.code).toBe('TIMEOUT');
    expect(first.explanation.en).toMatch(/No answer within the profile's timeout \(1000 ms\)/);
    // A silent unit ends the run early: the other groups are skipped, not timed out one by one.
    expect(check(report, 'timing.default').verdict).toBe('skip');
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it('reports a slow but answering gateway in the timing group', async () => {
    const gateway = await start('intesis', [{ shortAddress: 0, groups: [] }]);
    const slow = profile(PROFILES.intesis);
    // The profile promises a 20 ms poll interval; the gateway answers in about 60 ms.
    slow.connection.pollIntervalMs = 20;
    await control('/gateway', { delayMs: 60 });
    const report = await runInterop({
      profile: slow,
      endpoint: `modbus-tcp://127.0.0.1:${gateway.modbusPort}?unit=1`,
      dali: { luminaires: [{ shortAddress: 0, groups: [] }] },
      only: 'timing',
      timingSamples: 3,
    });
    const timing = check(report, 'timing.default');
    expect(timing.verdict).toBe('fail');
    expect(timing.explanation.en).toMatch(/longer than its interval of 20 ms/);
    expect(report.timing[0]!.samplesMs.length).toBe(3);
  }, 60_000);
});
