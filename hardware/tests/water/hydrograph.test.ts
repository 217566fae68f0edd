import { afterEach, describe, expect, it } from 'vitest';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import {
  Sdi12SensorDriver,
  openSerialSensorLink,
  type SerialSensorLink,
} from '@phare/device-drivers/serial-sensors/index.ts';
import { createManualClock } from '@phare/hardware/simulators/clock.ts';
import {
  RetentionBasin,
  startRiverGaugeSimulator,
  type RiverGaugeSimulator,
} from '@phare/hardware/simulators/water/index.ts';
import { postControl } from './profile-data.ts';

let sim: RiverGaugeSimulator | undefined;
let link: SerialSensorLink | undefined;

afterEach(async () => {
  await link?.close();
  await sim?.stop();
  link = undefined;
  sim = undefined;
});

describe('river hydrograph under rain', () => {
  it('rain raises the river level read over SDI-12, and the river falls back after the storm', async () => {
    const clock = createManualClock(Date.UTC(2026, 10, 28, 12));
    sim = await startRiverGaugeSimulator({ line: { kind: 'pty' }, clock, controlPort: 0 });
    link = await openSerialSensorLink(parseEndpoint(`sdi12://${sim.line.driverPath}?address=0`), {
      responseTimeoutMs: 300,
      lock: false,
    });
    const driver = new Sdi12SensorDriver({
      address: '0',
      points: [{ id: 'level', command: 'R0', valueIndex: 0, unit: 'm' }],
    });
    const [request] = driver.planReads(['level']);
    const level = async () => (await driver.read(link!, request!))[0]!.value as number;

    const dry = await level();
    await postControl(sim.controlUrl, '/rain', { mmPerHour: 20 });
    clock.advance(2 * 3_600_000);
    const during = await level();
    clock.advance(1 * 3_600_000);
    const later = await level();
    expect(during).toBeGreaterThan(dry + 0.1);
    expect(later).toBeGreaterThan(during);

    await postControl(sim.controlUrl, '/rain', { mmPerHour: 0 });
    clock.advance(12 * 3_600_000);
    const after = await level();
    expect(after).toBeLessThan(later);
    // A linear reservoir drains exponentially: after four time constants little storm flow is left.
    expect(after - dry).toBeLessThan((later - dry) / 4);
  });

  it('a storm fills the retention basin, its orifice empties it afterwards', () => {
    const clock = createManualClock(0);
    const basin = new RetentionBasin(clock);
    const start = basin.snapshot().levelM;
    basin.setRain(30);
    clock.advance(3_600_000);
    const full = basin.snapshot().levelM;
    basin.setRain(0);
    clock.advance(6 * 3_600_000);
    expect(full).toBeGreaterThan(start + 0.5);
    expect(basin.snapshot().levelM).toBeLessThan(full);
  });
});
