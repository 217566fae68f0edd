import { afterEach, describe, expect, it } from 'vitest';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import type { ModbusClient } from '@phare/device-drivers/modbus/client-contract.ts';
import { ModbusDeviceDriver } from '@phare/device-drivers/modbus/device.ts';
import { openModbusLink } from '@phare/device-drivers/modbus/link.ts';
import type { ModbusPointDef } from '@phare/device-drivers/modbus/point-def.ts';
import { profilePoints } from '@phare/hardware/simulators/water/modbus/profile-points.ts';
import {
  startBuildingMeterSimulator,
  startLevelineSimulator,
  startQualityProbeSimulator,
  type BuildingMeterSimulator,
  type LevelineSimulator,
  type QualityProbeSimulator,
} from '@phare/hardware/simulators/water/index.ts';
import { createManualClock } from '@phare/hardware/simulators/clock.ts';
import { postControl } from './profile-data.ts';

let sim: QualityProbeSimulator | LevelineSimulator | BuildingMeterSimulator | undefined;
let client: ModbusClient | undefined;

afterEach(async () => {
  await client?.close();
  await sim?.stop();
  client = undefined;
  sim = undefined;
});

async function readAll(points: ModbusPointDef[]): Promise<Record<string, unknown>> {
  const driver = new ModbusDeviceDriver({ unitId: 1, points });
  const out: Record<string, unknown> = {};
  for (const request of driver.planReads(points.map((p) => p.id)))
    for (const reading of await driver.read(client!, request)) out[reading.point] = reading.value;
  return out;
}

const flipped = (points: ModbusPointDef[]): ModbusPointDef[] =>
  points.map((p) => (p.wordOrder ? { ...p, wordOrder: p.wordOrder === 'big' ? 'little' : 'big' } : p));

describe('Modbus RTU water instruments served from their profiles', () => {
  it("decodes the quality probe's low-word-first floats, and the other word order is visibly wrong", async () => {
    const probe = await startQualityProbeSimulator({ line: { kind: 'pty' } });
    sim = probe;
    client = await openModbusLink(
      parseEndpoint(`modbus-rtu://${probe.line.driverPath}?baud=19200&parity=even&unit=1`),
      {
        lock: false,
      },
    );
    const points = profilePoints('phare/water-quality-probe');
    const truth = probe.values();
    const right = await readAll(points);
    expect(right['temperature'] as number).toBeCloseTo(truth.temperature, 1);
    expect(right['conductivity'] as number).toBeCloseTo(truth.conductivity, 0);
    expect(right['turbidity'] as number).toBeCloseTo(truth.turbidity, 1);
    const wrong = await readAll(flipped(points));
    for (const id of ['temperature', 'conductivity', 'turbidity'])
      expect(Math.abs((wrong[id] as number) - (right[id] as number))).toBeGreaterThan(
        0.5 * Math.abs(right[id] as number),
      );
  });

  it('decodes the Aquaread LeveLine map (high word first) over RTU through a serial-tcp server', async () => {
    const leveline = await startLevelineSimulator({ line: { kind: 'tcp', port: 0 } });
    sim = leveline;
    client = await openModbusLink(
      parseEndpoint(`modbus-rtu-tcp://127.0.0.1:${leveline.line.port}?baud=9600&parity=none&unit=1`),
    );
    const points = profilePoints('aquaread/leveline-ctd');
    const truth = leveline.values();
    const right = await readAll(points);
    expect(right).toEqual(truth);
    // Pressure ≈ 11 000 (mbar × 10) fits the low word: read low word first it becomes ×65536 too large.
    const wrong = await readAll(flipped(points));
    expect(wrong['pressure']).toBeCloseTo((truth['pressure']! * 10 * 65536) / 10, -3);
    expect(wrong['temperature']).toBe(truth['temperature']);
  });

  it('the building meter shows a leak as a night flow that never drops to zero', async () => {
    const night = Date.UTC(2026, 10, 28, 2, 0, 0);
    const clock = createManualClock(night);
    const meter = await startBuildingMeterSimulator({ line: { kind: 'pty' }, clock, controlPort: 0 });
    sim = meter;
    client = await openModbusLink(
      parseEndpoint(`modbus-rtu://${meter.line.driverPath}?baud=9600&parity=even&unit=1`),
      {
        lock: false,
      },
    );
    const points = profilePoints('phare/building-water-meter');
    const dry = await readAll(points);
    expect(dry['flow']).toBe(0);
    await postControl(meter.controlUrl, '/leak', { litresPerHour: 120 });
    clock.advance(3_600_000);
    const leaking = await readAll(points);
    expect(leaking['flow'] as number).toBeCloseTo(0.12, 5);
    // The totaliser counts whole litres: 120 L in the hour, give or take the litre being filled.
    expect((leaking['volume'] as number) - (dry['volume'] as number)).toBeCloseTo(0.12, 2);
  });
});
