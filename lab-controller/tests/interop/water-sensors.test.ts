/**
 * The suite against the shipped water sensor simulators on ptys (Modbus RTU LeveLine-CTD, SDI-12
 * river gauge), and against copies of the LeveLine profile that are wrong about the device: a scale
 * ten times too large, the other word order for 32-bit values, another unit id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  startLevelineSimulator,
  startRiverGaugeSimulator,
  type LevelineSimulator,
  type RiverGaugeSimulator,
} from '@phare/hardware/simulators/water/index.ts';
import { runInterop } from '../../src/interop/index.ts';
import { check, profile, withPoints } from './bench.ts';

const leveline = profile('aquaread/leveline-ctd.yaml');
let sim: LevelineSimulator | RiverGaugeSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function levelineEndpoint(unit = 1): Promise<string> {
  const started = await startLevelineSimulator({ line: { kind: 'pty' }, controlPort: 0 });
  sim = started;
  return `modbus-rtu://${started.line.driverPath}?baud=9600&parity=none&unit=${unit}`;
}

describe('interop suite on water sensors', () => {
  it('passes the LeveLine-CTD simulator on Modbus RTU with its profile, outage included', async () => {
    const endpoint = await levelineEndpoint();
    const report = await runInterop({
      profile: leveline,
      endpoint,
      serialLock: false,
      control: sim!.controlUrl!,
      robustness: true,
      timingSamples: 3,
    });
    expect(report.checks.filter((c) => c.verdict === 'fail')).toEqual([]);
    expect(report.summary.passed).toBe(true);
    expect(check(report, 'robustness.outage').observed).toMatch(/during the outage: TIMEOUT/);
  }, 60_000);

  it('passes the SDI-12 river gauge with the Campbell CS451 profile, identification and CRC included', async () => {
    const gauge = await startRiverGaugeSimulator({ line: { kind: 'pty' } });
    sim = gauge;
    const report = await runInterop({
      profile: profile('campbell/cs451.yaml'),
      endpoint: `sdi12://${gauge.line.driverPath}?address=0`,
      serialLock: false,
      timingSamples: 1,
    });
    expect(report.checks.filter((c) => c.verdict === 'fail')).toEqual([]);
    expect(report.device.reported).toMatchObject({ vendor: 'PHARESIM', model: 'RIVER1' });
    expect(check(report, 'protocol.sdi12.crc.M').observed).toMatch(/^0MC! → 2 value/);
  }, 60_000);

  it('fails the range check of a point whose scale is ten times too large, naming the likely cause', async () => {
    const endpoint = await levelineEndpoint();
    const wrong = withPoints(leveline, { pressure: { scale: 1 } });
    const report = await runInterop({ profile: wrong, endpoint, serialLock: false, only: 'read' });

    const range = check(report, 'read.range.pressure');
    expect(range.verdict).toBe('fail');
    expect(range.explanation.en).toMatch(/scale factor/);
    expect(range.explanation.fr).toMatch(/facteur d'échelle/);
    expect(check(report, 'read.range.temperature').verdict).toBe('pass');
  }, 60_000);

  it('fails the range checks of 32-bit values read with the other word order', async () => {
    const endpoint = await levelineEndpoint();
    const wrong = withPoints(leveline, {
      pressure: { wordOrder: 'little' },
      conductivity: { wordOrder: 'little' },
    });
    const report = await runInterop({ profile: wrong, endpoint, serialLock: false, only: 'read' });

    for (const id of ['read.range.pressure', 'read.range.conductivity']) {
      expect(check(report, id).verdict).toBe('fail');
      expect(check(report, id).explanation.en).toMatch(/word order of a 32-bit value/);
    }
    expect(check(report, 'read.range.conductivity20').verdict).toBe('pass');
  }, 60_000);

  it('fails connectivity with a timeout explanation when the unit id is wrong on RTU', async () => {
    const endpoint = await levelineEndpoint(9);
    const report = await runInterop({ profile: leveline, endpoint, serialLock: false });

    const first = check(report, 'connectivity.first-read');
    expect(first.verdict).toBe('fail');
    expect(first.error?.code).toBe('TIMEOUT');
    expect(first.explanation.en).toMatch(/unit id, serial baud rate or parity/);
    expect(check(report, 'read.value.pressure').verdict).toBe('skip');
  }, 60_000);
});
