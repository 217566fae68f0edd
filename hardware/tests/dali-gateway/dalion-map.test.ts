/**
 * The simulated BACmove DALION over Modbus TCP (protocols.md §2.3): 4 channels × 128 holding registers,
 * levels linear 0–255 in percent of light output, edge-triggered scene recall.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentToArc } from '@phare/device-drivers/dali/index.ts';
import {
  startDaliGatewaySimulator,
  type DaliGatewaySimulator,
} from '@phare/hardware/simulators/dali-gateway/index.ts';
import { closeClient, exceptionOf, getJson, mbpoll, tcpClient, type Client } from './wire.ts';

interface StateGear {
  shortAddress: number;
  levelPercent: number;
  arc: number;
}

describe('DALION gateway over Modbus TCP', () => {
  let sim: DaliGatewaySimulator;
  let client: Client;

  beforeAll(async () => {
    sim = await startDaliGatewaySimulator({
      model: 'dalion',
      transport: { kind: 'tcp', port: 0 },
      line: 1, // channel 2: registers 128–255
      luminaires: [
        { shortAddress: 0, groups: [0], ratedPowerW: 25 },
        { shortAddress: 1, groups: [0], ratedPowerW: 25 },
        { shortAddress: 2, groups: [3], ratedPowerW: 25 },
      ],
      fadeTimeX: 0,
      controlPort: 0,
    });
    client = await tcpClient(sim.modbusPort!);
  });

  afterAll(async () => {
    await closeClient(client);
    await sim.stop();
  });

  async function gearState(): Promise<StateGear[]> {
    await sim.line.bus.whenDrained();
    return ((await getJson(`${sim.controlUrl}/state`)).body as { gear: StateGear[] }).gear;
  }

  it('encodes levels linearly: 255 is 100 % and 128 is about 50 % of light output', async () => {
    const write = await mbpoll(sim.modbusPort!, { ref: 128, write: [255] });
    expect(write.ok, write.output).toBe(true);
    await client.writeRegister(129, 128);
    const [lamp0, lamp1] = await gearState();
    expect(lamp0).toMatchObject({ arc: 254, levelPercent: 100 });
    expect(lamp1!.arc).toBe(percentToArc((128 * 100) / 255));
    expect(lamp1!.levelPercent).toBeGreaterThan(48);
    expect(lamp1!.levelPercent).toBeLessThan(52);
    expect((await client.readHoldingRegisters(128, 2)).data).toEqual([255, 128]);
  });

  it('sets a group with one frame from the group level register', async () => {
    const before = sim.line.bus.snapshot().frames.group;
    await client.writeRegister(128 + 64 + 0, 0); // group 0 level: off
    const [lamp0, lamp1, lamp2] = await gearState();
    expect([lamp0!.arc, lamp1!.arc]).toEqual([0, 0]);
    expect(lamp2!.arc).toBe(254);
    expect(sim.line.bus.snapshot().frames.group - before).toBe(1);
  });

  it('recalls a scene once when the scene register changes (edge-triggered), 1–16 meaning scenes 0–15', async () => {
    sim.line.gearAt(2)!.scenes[4] = 100;
    const scene = 128 + 81 + 3; // scene recall, group 3
    const before = sim.line.bus.snapshot().frames.group;
    await client.writeRegister(scene, 5);
    await client.writeRegister(scene, 5);
    expect((await gearState())[2]!.arc).toBe(100);
    expect(sim.line.bus.snapshot().frames.group - before).toBe(1);
    await client.writeRegister(scene, 0);
    await client.writeRegister(scene, 17); // above 16: ignored
    expect(sim.line.bus.snapshot().frames.group - before).toBe(1);
  });

  it('sends nothing for channels without simulated gear, and keeps their registers', async () => {
    const before = sim.line.bus.snapshot().commandFrames;
    await client.writeRegister(0, 200); // channel 1, lamp 0
    expect(sim.line.bus.snapshot().commandFrames).toBe(before);
    expect((await client.readHoldingRegisters(0, 1)).data).toEqual([200]);
  });

  it('refuses registers beyond 511 with 0x02, values above 255 with 0x03 and input registers with 0x01', async () => {
    expect(await exceptionOf(client.readHoldingRegisters(511, 2))).toBe(0x02);
    expect(await exceptionOf(client.writeRegister(512, 1))).toBe(0x02);
    expect(await exceptionOf(client.writeRegister(128, 256))).toBe(0x03);
    expect(await exceptionOf(client.readInputRegisters(0, 1))).toBe(0x01);
    expect((await client.readHoldingRegisters(387, 125)).data).toHaveLength(125);
  });
});
