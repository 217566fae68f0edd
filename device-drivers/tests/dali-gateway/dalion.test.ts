import { afterEach, describe, expect, it } from 'vitest';
import type { PointReading } from '@phare/device-drivers/contract.ts';
import { lamps, startGateway, type GatewayRig } from './fixture.ts';

// A small park: paths (group 0) with three bollards, a fountain (group 1) with two, one lone lamp.
const PARK = lamps([[0], [0], [0], [1], [1], []]);
const GROUPS = [0, 1];

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

describe('the same DALI gateway driver on the DALION simulator (profile bacmove/dalion-modbus-tcp, linear255)', () => {
  it('reads and writes levels through the linear 0–255 codec, merged into one request', async () => {
    rig = await startGateway('dalion', PARK, GROUPS);
    const levelIds = PARK.map((lamp) => `${lamp.id}.level`);
    // DALION has no status register: only levels, all in registers 0–5.
    expect(
      rig.driver
        .points()
        .filter((p) => p.access !== 'write')
        .map((p) => p.id),
    ).toEqual(levelIds);
    expect(rig.driver.planReads(levelIds).map((r) => r.key)).toEqual(['holding 0..5 unit 1']);

    const values = [10, 20, 30, 40, 50, 100];
    const report = await rig.driver.write(
      rig.client,
      levelIds.map((point, i) => ({ point, value: values[i]! })),
    );
    expect(report.outcomes.every((o) => o.ok)).toBe(true);
    const readings = await readAll(rig, levelIds);
    // 40 % is stored as 102/255 (40.0 %); 10 % as 26/255 (10.2 %): within half a raw step.
    levelIds.forEach((id, i) =>
      expect(Math.abs(Number(readings.get(id)?.value) - values[i]!)).toBeLessThan(0.2),
    );
    expect(await rig.framesWhenIdle()).toMatchObject({ short: 6, group: 0, broadcast: 0 });
  });

  it('sets a group with one frame and the whole line with one broadcast', async () => {
    rig = await startGateway('dalion', PARK, GROUPS);
    const first = await rig.driver.write(rig.client, [
      { point: 'lamp01.level', value: 40 },
      { point: 'lamp02.level', value: 40 },
      { point: 'lamp03.level', value: 40 },
      { point: 'lamp06.level', value: 40 },
    ]);
    expect(first.commands).toEqual([
      'DALI group 0 level 40 % (3 luminaires, 1 frame) via holding 64 unit 1',
      'DALI lamp06 (short address 5) level 40 % (1 frame) via holding 5 unit 1',
    ]);
    expect(await rig.framesWhenIdle()).toMatchObject({ group: 1, short: 1, broadcast: 0 });
    const gear = await rig.gearLevels();
    expect(gear.get(0)).toBeCloseTo(40, 0);
    expect(gear.get(3)).not.toBeCloseTo(40, 0);

    const second = await rig.driver.write(
      rig.client,
      PARK.map((lamp) => ({ point: `${lamp.id}.level`, value: 0 })),
    );
    expect(second.commands).toEqual([
      'DALI broadcast level 0 % (6 luminaires, 1 frame) via holding 80 unit 1',
    ]);
    expect(await rig.framesWhenIdle()).toMatchObject({ group: 1, short: 1, broadcast: 1 });
    expect([...(await rig.gearLevels()).values()].every((level) => level === 0)).toBe(true);
  });

  it('recalls scene 0 as register value 1 (sceneBase 1)', async () => {
    rig = await startGateway('dalion', PARK, GROUPS);
    const report = await rig.driver.write(rig.client, [{ point: 'group1.scene', value: 0 }]);
    expect(report.commands).toEqual(['DALI group 1 scene 0 (1 frame) via holding 82 unit 1']);
    expect(await rig.framesWhenIdle()).toMatchObject({ group: 1 });
    const registers = await rig.client.readRegisters(1, 'holding', 82, 1);
    expect(registers).toEqual([1]);
  });
});
