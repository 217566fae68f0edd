import { afterEach, describe, expect, it } from 'vitest';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { ChecksumMismatch, ProtocolException, Timeout } from '@phare/device-drivers/errors.ts';
import {
  Sdi12SensorDriver,
  openSerialSensorLink,
  type SerialSensorLink,
} from '@phare/device-drivers/serial-sensors/index.ts';
import {
  startRiverGaugeSimulator,
  type RiverGaugeSimulator,
} from '@phare/hardware/simulators/water/index.ts';

// Generous per-try window: a loaded 2-core machine, a pty and Node timers, not a real 15 ms wire.
const TIMING = { responseTimeoutMs: 300, lock: false } as const;

let sim: RiverGaugeSimulator | undefined;
let link: SerialSensorLink | undefined;

afterEach(async () => {
  await link?.close();
  await sim?.stop();
  link = undefined;
  sim = undefined;
});

async function gaugeOnPty(options: { measurementSeconds?: number } = {}) {
  sim = await startRiverGaugeSimulator({ line: { kind: 'pty' }, controlPort: 0, ...options });
  link = await openSerialSensorLink(parseEndpoint(`sdi12://${sim.line.driverPath}?address=0`), {
    ...TIMING,
    device: 'gauge',
  });
  return { sim, link, recorder: link.sdi12() };
}

async function control(path: string, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sim!.controlUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok).toBe(true);
  return response.json();
}

describe('SDI-12 recorder against the simulated river gauge on a pty', () => {
  it('finds the address with ?!, acknowledges a!, reads the identification aI!', async () => {
    const { recorder } = await gaugeOnPty();
    expect(await recorder.addressQuery()).toBe('0');
    await recorder.acknowledge('0');
    expect(await recorder.identify('0')).toMatchObject({
      sdiVersion: '13',
      vendor: 'PHARESIM',
      model: 'RIVER1',
      sensorVersion: '100',
    });
    expect(sim!.bus.log.slice(0, 3)).toEqual(['?!', '0!', '0I!']);
  });

  it('aM! waits for the service request after ttt seconds, then reads level and temperature with aD0!', async () => {
    const { recorder } = await gaugeOnPty();
    const m = await recorder.measure('0', { kind: 'M', index: 0, crc: false });
    expect(m).toMatchObject({ command: '0M!', readySeconds: 1, valueCount: 2, serviceRequest: true });
    expect(sim!.bus.counters.serviceRequests).toBe(1);
    const truth = sim!.river.snapshot();
    expect(m.values[0]!.value).toBeCloseTo(truth.levelM, 2);
    expect(m.values[0]!.text).toMatch(/^\+\d+\.\d{3}$/);
    expect(m.values[1]!.decimals).toBe(2);
    expect(sim!.bus.log).toEqual(['0M!', '0D0!']);
  });

  it('aM1! reads an additional measurement (discharge)', async () => {
    const { recorder } = await gaugeOnPty();
    const m = await recorder.measure('0', { kind: 'M', index: 1, crc: false });
    expect(m.valueCount).toBe(1);
    expect(m.values[0]!.value).toBeCloseTo(sim!.river.snapshot().dischargeM3s, 2);
  });

  it('aC! concurrent: no service request, data after ttt with aD0!', async () => {
    const { recorder } = await gaugeOnPty();
    const c = await recorder.measure('0', { kind: 'C', index: 0, crc: false });
    expect(c).toMatchObject({ command: '0C!', readySeconds: 1, valueCount: 2 });
    expect(c.serviceRequest).toBeUndefined();
    expect(sim!.bus.counters.serviceRequests).toBe(0);
    expect(sim!.bus.log).toEqual(['0C!', '0D0!']);
  });

  it('aR0! continuous returns the values at once', async () => {
    const { recorder } = await gaugeOnPty();
    const r = await recorder.measure('0', { kind: 'R', index: 0, crc: false });
    expect(r.values).toHaveLength(2);
    expect(sim!.bus.log).toEqual(['0R0!']);
  });

  it('accepts the CRC of aMC!, aCC! and aRC0! data', async () => {
    const { recorder } = await gaugeOnPty();
    for (const kind of ['M', 'C', 'R'] as const) {
      const result = await recorder.measure('0', { kind, index: 0, crc: true });
      expect(result.values).toHaveLength(2);
    }
    expect(sim!.bus.log).toEqual(['0MC!', '0D0!', '0CC!', '0D0!', '0RC0!']);
    expect(recorder.line.counters.checksumErrors).toBe(0);
  });

  it('rejects a wrong CRC with ChecksumMismatch, and a single bad CRC is cured by a retry', async () => {
    const { recorder } = await gaugeOnPty({ measurementSeconds: 0 });
    await control('/faults', 'POST', { fault: 'wrong-crc', count: 1 });
    const cured = await recorder.measure('0', { kind: 'R', index: 0, crc: true });
    expect(cured.values).toHaveLength(2);
    expect(recorder.line.counters.checksumErrors).toBe(1);

    await control('/faults', 'POST', { fault: 'wrong-crc' });
    const error = await recorder.measure('0', { kind: 'R', index: 0, crc: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChecksumMismatch);
    expect((error as Error).message).toMatch(/gauge: command 0RC0!: CRC ".{3}" does not match/);
  });

  it('a silent sensor is a Timeout after the standard tries, naming the command', async () => {
    sim = await startRiverGaugeSimulator({ line: { kind: 'pty' }, controlPort: 0 });
    link = await openSerialSensorLink(parseEndpoint(`sdi12://${sim.line.driverPath}?address=0`), {
      ...TIMING,
      responseTimeoutMs: 150,
      device: 'gauge',
    });
    await control('/faults', 'POST', { fault: 'silent' });
    const error = await link
      .sdi12()
      .identify('0')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Timeout);
    expect((error as Timeout).detail).toMatchObject({ command: '0I!', tries: 9 });
    expect(sim.bus.log.filter((c) => c === '0I!')).toHaveLength(9);
  });

  it('an answer from another address is a ProtocolException', async () => {
    const { recorder } = await gaugeOnPty();
    await control('/faults', 'POST', { fault: 'wrong-address' });
    const error = await recorder.acknowledge('0').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolException);
    expect((error as Error).message).toMatch(/answer from address "1" instead of "0"/);
  });

  it('garbage before an answer and a truncated answer are retried, then read correctly', async () => {
    const { recorder } = await gaugeOnPty();
    await control('/faults', 'POST', { fault: 'garbage', count: 1 });
    await control('/faults', 'POST', { fault: 'truncated', count: 1 });
    expect(await recorder.addressQuery()).toBe('0');
    expect(recorder.line.counters.tries).toBeGreaterThanOrEqual(2);
  });

  it('says in its notes that a pty cannot carry a break', async () => {
    const { link } = await gaugeOnPty();
    await link.sdi12().acknowledge('0');
    const driver = new Sdi12SensorDriver({ address: '0', points: [] });
    expect(driver.breakNote(link)).toMatch(/no break on this link \(.*Inappropriate ioctl/);
  });
});

describe('SDI-12 driver over a serial-tcp server (serial device server)', () => {
  it('maps profile points to measurement values and reads them through TCP', async () => {
    sim = await startRiverGaugeSimulator({ line: { kind: 'tcp', port: 0 }, address: '3' });
    link = await openSerialSensorLink(
      parseEndpoint(`serial-tcp://127.0.0.1:${sim.line.port}?protocol=sdi12&address=3`),
      TIMING,
    );
    const driver = new Sdi12SensorDriver({
      address: '3',
      deviceId: 'river',
      points: [
        { id: 'level', command: 'MC', valueIndex: 0, unit: 'm' },
        { id: 'temperature', command: 'MC', valueIndex: 1, unit: 'Cel' },
        { id: 'levelCm', command: 'R0', valueIndex: 0, scale: 100, unit: 'cm' },
      ],
    });
    const plan = driver.planReads(['level', 'temperature', 'levelCm']);
    expect(plan.map((r) => [r.key, r.points])).toEqual([
      ['3MC! (sdi12 address 3)', ['level', 'temperature']],
      ['3R0! (sdi12 address 3)', ['levelCm']],
    ]);
    const [m, r] = [await driver.readDetailed(link, plan[0]!), await driver.read(link, plan[1]!)];
    expect(m.map((x) => x.point)).toEqual(['level', 'temperature']);
    expect(m[0]!.value).toBe(m[0]!.raw!.value);
    expect(m[0]!.raw!.text).toMatch(/^\+\d\.\d{3}$/);
    expect(r[0]!.value).toBeCloseTo((m[0]!.value as number) * 100, 0);
    expect(driver.breakNote(link)).toMatch(/no break on this link/);
    const report = await driver.write(link, [{ point: 'level', value: 1 }]);
    expect(report.outcomes[0]).toMatchObject({ ok: false });
  });
});
