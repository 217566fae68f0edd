/**
 * The suite against a plain Modbus TCP device (the acme/heat-meter fixture on the simulators' Modbus
 * server, loopback, ephemeral port): what passes, what a missing register or a wrong unit id looks
 * like in the report, and the write safety rules proven from the device's own request log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runInterop } from '../../src/interop/index.ts';
import { acmeProfileFile, check, profile, startAcmeDevice, type AcmeDevice } from './bench.ts';

const acme = profile(acmeProfileFile);
let device: AcmeDevice | undefined;

afterEach(async () => {
  await device?.stop();
  device = undefined;
});

const endpoint = (port: number, unit = 1) => `modbus-tcp://127.0.0.1:${port}?unit=${unit}`;

describe('interop suite on a Modbus device', () => {
  it('passes a device that matches its profile, writing only within limits and restoring values', async () => {
    device = await startAcmeDevice();
    const report = await runInterop({ profile: acme, endpoint: endpoint(device.port), timingSamples: 3 });

    expect(report.checks.filter((c) => c.verdict === 'fail')).toEqual([]);
    expect(report.summary.passed).toBe(true);
    expect(check(report, 'protocol.forbidden-address').observed).toMatch(/0x02 ILLEGAL DATA ADDRESS/);
    // The device's own log: every value written lies within the limits (setpoint 15–30 °C is raw
    // 150–300, mode 0–2) or is the previous value restored; the registers end as they started.
    for (const write of device.writes) {
      if (write.address === 0)
        expect(write.values[0]! === 215 || (write.values[0]! >= 150 && write.values[0]! <= 300)).toBe(true);
      if (write.address === 1) expect(write.values[0]).toBeLessThanOrEqual(2);
    }
    expect(device.writes.length).toBe(4);
    expect(device.holding.get(0)).toBe(215);
    expect(device.holding.get(1)).toBe(1);
    const refusal = check(report, 'write.limits.setpoint');
    expect(refusal.verdict).toBe('pass');
    expect(refusal.observed).toMatch(/requests on the wire (\d+) → \1/);
  });

  it('fails only the point whose register is missing, explaining exception 02', async () => {
    device = await startAcmeDevice({ missing: [5] });
    const report = await runInterop({ profile: acme, endpoint: endpoint(device.port), timingSamples: 2 });

    const missing = check(report, 'read.value.status');
    expect(missing.verdict).toBe('fail');
    expect(missing.error?.detail?.['exceptionCode']).toBe(2);
    expect(missing.explanation.en).toMatch(
      /exception 02 \(ILLEGAL DATA ADDRESS\).*no register at this address/,
    );
    expect(missing.explanation.fr).toMatch(/n'a pas de registre à cette adresse/);
    expect(check(report, 'read.value.setpoint').verdict).toBe('pass');
    expect(check(report, 'read.value.energy').verdict).toBe('pass');
    expect(report.summary.passed).toBe(false);
  });

  it('stops at the connectivity group when the unit id is wrong (gateway answers 0x0B)', async () => {
    device = await startAcmeDevice();
    const started = Date.now();
    const report = await runInterop({ profile: acme, endpoint: endpoint(device.port, 7) });

    const first = check(report, 'connectivity.first-read');
    expect(first.verdict).toBe('fail');
    expect(first.explanation.en).toMatch(/exception 0B .*at this unit id: check \?unit=/);
    expect(check(report, 'read.value.setpoint').verdict).toBe('skip');
    expect(check(report, 'timing.default').verdict).toBe('skip');
    expect(device.writes).toEqual([]);
    expect(report.summary.passed).toBe(false);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('reports a refused connection instead of crashing when nothing listens', async () => {
    device = await startAcmeDevice();
    const port = device.port;
    await device.stop();
    device = undefined;
    const report = await runInterop({ profile: acme, endpoint: endpoint(port) });

    const open = check(report, 'connectivity.open');
    expect(open.verdict).toBe('fail');
    expect(open.error?.code).toBe('DISCONNECTED');
    expect(open.explanation.fr).toMatch(/connexion a été refusée/);
    expect(report.checks.filter((c) => c.verdict === 'pass')).toEqual([]);
  });

  it('stops at the first failure with --careful', async () => {
    device = await startAcmeDevice({ missing: [5] });
    const report = await runInterop({ profile: acme, endpoint: endpoint(device.port), careful: true });

    expect(report.summary.stoppedEarly).toBe(true);
    expect(report.checks.at(-1)!.id).toBe('read.value.status');
    expect(report.checks.some((c) => c.group === 'write')).toBe(false);
    expect(device.writes).toEqual([]);
  });

  it('runs only the group asked for, after connectivity', async () => {
    device = await startAcmeDevice();
    const report = await runInterop({ profile: acme, endpoint: endpoint(device.port), only: 'protocol' });
    expect(new Set(report.checks.map((c) => c.group))).toEqual(new Set(['connectivity', 'protocol']));
  });
});
