/**
 * The simulated Intesis gateway read and written by mbpoll exactly as the Intesis manual addresses it
 * (holding registers, first address 0; protocols.md §2.1), with DALI bus timing on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arcToPercent, percentToArc } from '@phare/device-drivers/dali/index.ts';
import {
  startDaliGatewaySimulator,
  type DaliGatewaySimulator,
} from '@phare/hardware/simulators/dali-gateway/index.ts';
import { closeClient, exceptionOf, mbpoll, postJson, tcpClient, waitFor, type Client } from './wire.ts';

const expectedPercent = (percent: number) => Math.round(arcToPercent(percentToArc(percent)));

describe('Intesis gateway over Modbus TCP', () => {
  let sim: DaliGatewaySimulator;
  let port: number;
  let client: Client;

  beforeAll(async () => {
    sim = await startDaliGatewaySimulator({
      model: 'intesis',
      transport: { kind: 'tcp', port: 0 },
      luminaires: [
        { shortAddress: 0, groups: [1] },
        { shortAddress: 1, groups: [1] },
        { shortAddress: 2, groups: [2] },
        { shortAddress: 3, groups: [2] },
      ],
      fadeTimeX: 2, // 1 s fades keep the suite short
      controlPort: 0,
    });
    port = sim.modbusPort!;
    client = await tcpClient(port);
  });

  afterAll(async () => {
    await closeClient(client);
    await sim.stop();
  });

  const actualLevel = async (shortAddress: number) =>
    (await mbpoll(port, { ref: 100 * shortAddress + 6 })).values.get(100 * shortAddress + 6);

  it('reports the actual level of short address 1 at register 106 once the fade of a write to 115 completes', async () => {
    const write = await mbpoll(port, { ref: 115, write: [50] });
    expect(write.ok, write.output).toBe(true);
    const level = await waitFor(
      () => actualLevel(1),
      (v) => v === expectedPercent(50),
    );
    expect(level).toBe(expectedPercent(50));
    const status = (await mbpoll(port, { ref: 105 })).values.get(105)!;
    expect(status & 0b0100).toBe(0b0100); // b2 lamp arc power on
    expect(status & 0b1_0000).toBe(0); // b4 fade running: over
  });

  it('shows the fade running in status bit 4 while the level moves', async () => {
    await mbpoll(port, { ref: 115, write: [10] });
    const status = await waitFor(
      async () => (await mbpoll(port, { ref: 105 })).values.get(105) ?? 0,
      (s) => (s & 0b1_0000) !== 0,
    );
    expect(status & 0b1_0000).toBe(0b1_0000);
  });

  it('sets every member of a group with one group frame', async () => {
    const before = sim.line.bus.snapshot().frames.group;
    // Group 2 Arc Power Level: 6400 + 20·2 (manual p.17).
    const write = await mbpoll(port, { ref: 6440, write: [20] });
    expect(write.ok, write.output).toBe(true);
    for (const shortAddress of [2, 3]) {
      expect(
        await waitFor(
          () => actualLevel(shortAddress),
          (v) => v === expectedPercent(20),
        ),
      ).toBe(expectedPercent(20));
    }
    expect(sim.line.bus.snapshot().frames.group - before).toBe(1);
    expect(sim.line.gearAt(0)!.levelAt(sim.line.clock.now())).not.toBe(percentToArc(20));
  });

  it('recalls a scene stored from the current level with GO TO SCENE', async () => {
    // Broadcast 100 %, then store it as scene 3 for group 1 (6420 + 6), then dim, then Go to Scene 3 (6420 + 5).
    await client.writeRegister(6420, 100);
    await waitFor(
      () => actualLevel(0),
      (v) => v === 100,
    );
    await waitFor(
      () => actualLevel(1),
      (v) => v === 100,
    );
    await client.writeRegister(6426, 3);
    await client.writeRegister(6420, 5);
    await waitFor(
      () => actualLevel(0),
      (v) => v === expectedPercent(5),
    );
    await client.writeRegister(6425, 3);
    for (const shortAddress of [0, 1]) {
      expect(
        await waitFor(
          () => actualLevel(shortAddress),
          (v) => v === 100,
        ),
      ).toBe(100);
    }
    expect((await client.readHoldingRegisters(6425, 1)).data[0]).toBe(3);
  });

  it('flags a lamp failure in status bit 1 and in the failure bitmap of signal +0', async () => {
    const fault = await postJson(`${sim.controlUrl}/gear/2`, { lampFailure: true });
    expect(fault.status).toBe(200);
    const status = await waitFor(
      async () => (await mbpoll(port, { ref: 205 })).values.get(205) ?? 0,
      (s) => (s & 0b10) !== 0,
    );
    expect(status & 0b10).toBe(0b10);
    expect(status & 0b100).toBe(0); // no arc power with a failed lamp
    const bitmap = (await mbpoll(port, { ref: 0 })).values.get(0)!;
    expect(bitmap).toBe(1 << 2);
    expect(await actualLevel(2)).toBe(0);
    await postJson(`${sim.controlUrl}/gear/2`, { lampFailure: false });
    await waitFor(
      async () => (await mbpoll(port, { ref: 0 })).values.get(0),
      (v) => v === 0,
    );
  });

  it('answers exception 0x0B for the block of an absent gear and of a short address without gear', async () => {
    await postJson(`${sim.controlUrl}/gear/3`, { present: false });
    const code = await waitFor(
      () => exceptionOf(client.readHoldingRegisters(306, 1)).catch(() => undefined),
      (c) => c === 0x0b,
    );
    expect(code).toBe(0x0b);
    expect(await exceptionOf(client.writeRegister(315, 40))).toBe(0x0b);
    expect(await exceptionOf(client.readHoldingRegisters(906, 1))).toBe(0x0b);
    const failed = await mbpoll(port, { ref: 306 });
    expect(failed.ok).toBe(false);
    expect(failed.output).toMatch(/failed to respond/i);
    await postJson(`${sim.controlUrl}/gear/3`, { present: true });
    await waitFor(
      () => actualLevel(3),
      (v) => v !== undefined,
    );
  });

  it('re-reads the configuration of every gear when "Update All ECG Status" (+4) is triggered', async () => {
    // Another controller on the line lowers MAX LEVEL of gear 0; the gateway's cache does not know yet.
    sim.line.gearAt(0)!.maxLevel = 200;
    expect((await client.readHoldingRegisters(10, 1)).data).toEqual([100]);
    await client.writeRegister(4, 1);
    await waitFor(
      async () => (await client.readHoldingRegisters(4, 1)).data[0],
      (v) => v === 0,
    );
    expect((await client.readHoldingRegisters(10, 1)).data).toEqual([Math.round(arcToPercent(200))]);
    sim.line.gearAt(0)!.maxLevel = 254;
    await client.writeRegister(4, 1);
    await waitFor(
      async () => (await client.readHoldingRegisters(4, 1)).data[0],
      (v) => v === 0,
    );
  });

  it('reads unmapped addresses up to 20000 as 0 and refuses addresses beyond with exception 0x02', async () => {
    expect((await client.readHoldingRegisters(19990, 11)).data).toEqual(new Array(11).fill(0));
    expect(await exceptionOf(client.readHoldingRegisters(19995, 10))).toBe(0x02);
    expect(await exceptionOf(client.readHoldingRegisters(20001, 1))).toBe(0x02);
  });

  it('refuses out-of-range values with exception 0x03 and read-only signals with 0x02', async () => {
    expect(await exceptionOf(client.writeRegister(115, 101))).toBe(0x03);
    expect(await exceptionOf(client.writeRegister(115, 0xffff))).toBe(0x03); // −1 as signed 16-bit
    expect(await exceptionOf(client.writeRegister(106, 10))).toBe(0x02);
  });

  it('serves the same map to FC04 input register reads', async () => {
    const holding = (await client.readHoldingRegisters(107, 1)).data;
    const input = (await client.readInputRegisters(107, 1)).data;
    expect(input).toEqual(holding);
    expect(input[0]).toBe(6); // LED (device type 6)
  });
});
