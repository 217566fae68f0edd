import { afterEach, describe, expect, it } from 'vitest';
import { NotSupported, OutOfRange } from '@phare/device-drivers/errors.ts';
import type { PointReading } from '@phare/device-drivers/contract.ts';
import { lamps, startGateway, type GatewayRig } from './fixture.ts';

// The demo street: lamps 1–5 in group 1, 6–10 in group 2, 11–12 in group 3 (hardware/sites/demo.yaml).
const STREET = lamps([[1], [1], [1], [1], [1], [2], [2], [2], [2], [2], [3], [3]]);
const GROUPS = [1, 2, 3];
const ids = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `lamp${String(from + i).padStart(2, '0')}.level`);

let rig: GatewayRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function readAll(gateway: GatewayRig, pointIds: string[]): Promise<Map<string, PointReading>> {
  const readings = new Map<string, PointReading>();
  for (const request of gateway.driver.planReads(pointIds)) {
    for (const reading of await gateway.driver.read(gateway.client, request))
      readings.set(reading.point, reading);
  }
  return readings;
}

/** The Intesis gateway refreshes Actual Level by polling its gear in the background: wait for it. */
async function levelsSettle(
  gateway: GatewayRig,
  expected: Record<string, number>,
): Promise<Map<string, PointReading>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const readings = await readAll(gateway, Object.keys(expected));
    const done = Object.entries(expected).every(
      ([id, value]) => Math.abs(Number(readings.get(id)?.value) - value) <= 1,
    );
    if (done || Date.now() > deadline) return readings;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('DALI gateway driver on the Intesis simulator (profile hms/intesis-dali-modbus)', () => {
  it('exposes level, status and failure points per luminaire, and group and broadcast commands', async () => {
    rig = await startGateway('intesis', STREET, GROUPS);
    const info = new Map(rig.driver.points().map((p) => [p.id, p]));
    expect(info.get('lamp03.level')).toMatchObject({
      access: 'readwrite',
      unit: '%',
      range: { min: 0, max: 100 },
    });
    expect(info.get('lamp03.status')).toMatchObject({ type: 'bitmap', access: 'read' });
    expect(info.get('lamp03.lampFailure')).toMatchObject({ type: 'boolean', access: 'read' });
    expect(info.get('lamp03.gearFailure')).toMatchObject({ type: 'boolean', access: 'read' });
    expect(info.get('group2.level')).toMatchObject({ access: 'write' });
    expect(info.get('group2.scene')).toMatchObject({ access: 'write', range: { min: 0, max: 15 } });
    expect(info.get('all.level')).toMatchObject({ access: 'write' });
    expect(info.get('all.scene')).toMatchObject({ access: 'write' });
  });

  it('merges reads across ballast blocks within maxGap: 12 luminaires in 6 requests', async () => {
    rig = await startGateway('intesis', STREET, GROUPS);
    const readable = rig.driver
      .points()
      .filter((p) => p.access !== 'write')
      .map((p) => p.id);
    const requests = rig.driver.planReads(readable);
    // Status (+5) and Actual Level (+6) of two neighbouring ballasts fit in 102 registers.
    expect(requests.map((r) => r.key)).toEqual([
      'holding 5..106 unit 1',
      'holding 205..306 unit 1',
      'holding 405..506 unit 1',
      'holding 605..706 unit 1',
      'holding 805..906 unit 1',
      'holding 1005..1106 unit 1',
    ]);
    const readings = await readAll(rig, readable);
    expect(readings.get('lamp12.gearFailure')?.value).toBe(false);
  });

  it('sets a whole group with one DALI group frame', async () => {
    rig = await startGateway('intesis', STREET, GROUPS);
    const before = await rig.gearLevels();
    const report = await rig.driver.write(
      rig.client,
      ids(1, 5).map((point) => ({ point, value: 40 })),
    );
    expect(report.outcomes.every((o) => o.ok)).toBe(true);
    expect(report.commands).toEqual([
      'DALI group 1 level 40 % (5 luminaires, 1 frame) via holding 6420 unit 1',
    ]);
    expect(await rig.framesWhenIdle()).toMatchObject({ group: 1, short: 0, broadcast: 0 });
    const readings = await levelsSettle(rig, Object.fromEntries(ids(1, 5).map((id) => [id, 40])));
    expect(readings.get('lamp03.level')?.value).toBeCloseTo(40, 0);
    const gear = await rig.gearLevels();
    expect(gear.get(0)).toBeCloseTo(40, 0);
    expect(gear.get(5)).toBe(before.get(5)); // lamp06, group 2, untouched
  });

  it('broadcasts once when every luminaire of the line gets the same level', async () => {
    rig = await startGateway('intesis', STREET, GROUPS);
    const report = await rig.driver.write(
      rig.client,
      ids(1, 12).map((point) => ({ point, value: 60 })),
    );
    expect(report.commands).toEqual([
      'DALI broadcast level 60 % (12 luminaires, 1 frame) via holding 6800 unit 1',
    ]);
    expect(await rig.framesWhenIdle()).toMatchObject({ broadcast: 1, group: 0, short: 0 });
    const gear = await rig.gearLevels();
    expect([...gear.values()].every((level) => Math.abs(level - 60) < 1)).toBe(true);
  });

  it('uses groups whose members all get the value and single commands for the rest', async () => {
    rig = await startGateway('intesis', STREET, GROUPS);
    const before = await rig.gearLevels();
    const writes = [
      ...ids(1, 5).map((point) => ({ point, value: 30 })),
      { point: 'lamp06.level', value: 30 },
      { point: 'lamp07.level', value: 70 },
    ];
    const report = await rig.driver.write(rig.client, writes);
    expect(report.outcomes.every((o) => o.ok)).toBe(true);
    expect(report.commands).toEqual([
      'DALI group 1 level 30 % (5 luminaires, 1 frame) via holding 6420 unit 1',
      'DALI lamp06 (short address 5) level 30 % (1 frame) via holding 515 unit 1',
      'DALI lamp07 (short address 6) level 70 % (1 frame) via holding 615 unit 1',
    ]);
    expect(await rig.framesWhenIdle()).toMatchObject({ group: 1, short: 2, broadcast: 0 });
    const gear = await rig.gearLevels();
    expect(gear.get(6)).toBeCloseTo(70, 0);
    expect(gear.get(7)).toBe(before.get(7)); // lamp08, in group 2 with lamp06 and lamp07, was not touched
  });

  it('never uses a group that holds a luminaire meant for another value', async () => {
    rig = await startGateway('intesis', STREET, GROUPS);
    const report = await rig.driver.write(rig.client, [
      ...ids(1, 4).map((point) => ({ point, value: 50 })),
      { point: 'lamp05.level', value: 20 },
    ]);
    expect(report.commands).toHaveLength(5);
    expect(await rig.framesWhenIdle()).toMatchObject({ group: 0, short: 5 });
    const gear = await rig.gearLevels();
    expect(gear.get(4)).toBeCloseTo(20, 0);
  });

  it('recalls a scene on a group and on the whole line with one frame each', async () => {
    rig = await startGateway('intesis', STREET, GROUPS);
    const report = await rig.driver.write(rig.client, [
      { point: 'group2.scene', value: 3 },
      { point: 'all.scene', value: 0 },
    ]);
    expect(report.outcomes.every((o) => o.ok)).toBe(true);
    expect(report.commands).toEqual([
      'DALI group 2 scene 3 (1 frame) via holding 6445 unit 1',
      'DALI broadcast scene 0 (1 frame) via holding 6805 unit 1',
    ]);
    expect(await rig.framesWhenIdle()).toMatchObject({ group: 1, broadcast: 1, short: 0 });
  });

  it('reports a lamp failure from the status bits', async () => {
    rig = await startGateway('intesis', STREET, GROUPS);
    await fetch(`${rig.sim.controlUrl}/gear/2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lampFailure: true }),
    });
    const deadline = Date.now() + 10_000;
    let readings = await readAll(rig, ['lamp03.lampFailure', 'lamp03.status', 'lamp04.lampFailure']);
    while (readings.get('lamp03.lampFailure')?.value !== true && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      readings = await readAll(rig, ['lamp03.lampFailure', 'lamp03.status', 'lamp04.lampFailure']);
    }
    expect(readings.get('lamp03.lampFailure')?.value).toBe(true);
    expect(Number(readings.get('lamp03.status')?.value) & 0b10).toBe(0b10);
    expect(readings.get('lamp04.lampFailure')?.value).toBe(false);
  });

  it('refuses levels outside 0–100 %, scenes outside 0–15 and writes to read-only points', async () => {
    rig = await startGateway('intesis', STREET, GROUPS);
    const report = await rig.driver.write(rig.client, [
      { point: 'lamp01.level', value: 120 },
      { point: 'group1.scene', value: 16 },
      { point: 'lamp01.status', value: 0 },
    ]);
    expect(report.outcomes.map((o) => o.error)).toEqual([
      expect.any(OutOfRange),
      expect.any(OutOfRange),
      expect.any(NotSupported),
    ]);
    expect(report.outcomes[0]?.error).toMatchObject({ device: 'intesis-gateway', point: 'lamp01.level' });
    expect(report.commands).toEqual([]);
    expect((await rig.framesWhenIdle()).commandFrames).toBe(0);
  });
});
