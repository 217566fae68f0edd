/**
 * What Modbus writes cost on the DALI line behind the gateway, counted in frames (protocols.md §1.2,
 * ARCHITECTURE.md §6: "one bus frame instead of 64"). Writes go through modbus-serial over TCP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { percentToArc } from '@phare/device-drivers/dali/index.ts';
import { createScaledClock } from '@phare/hardware/simulators/clock.ts';
import {
  startDaliGatewaySimulator,
  type DaliGatewaySimulator,
  type DaliGatewaySimulatorOptions,
} from '@phare/hardware/simulators/dali-gateway/index.ts';
import { closeClient, exceptionOf, tcpClient, waitFor, type Client } from './wire.ts';

const sixtyFour = Array.from({ length: 64 }, (_, a) => ({ shortAddress: a, groups: [a % 2] }));

describe('DALI frames behind the Intesis gateway', () => {
  let sim: DaliGatewaySimulator | undefined;
  let client: Client | undefined;

  async function start(options: Partial<DaliGatewaySimulatorOptions>): Promise<Client> {
    sim = await startDaliGatewaySimulator({
      model: 'intesis',
      transport: { kind: 'tcp', port: 0 },
      luminaires: sixtyFour,
      fadeTimeX: 0,
      ...options,
    });
    client = await tcpClient(sim.modbusPort!);
    return client;
  }

  afterEach(async () => {
    if (client) await closeClient(client);
    await sim?.stop();
    client = undefined;
    sim = undefined;
  });

  it('queues 64 single writes as 64 frames that go out after the writes were answered', async () => {
    // Half-speed DALI time: 64 frames take about 4 s, far longer than 64 loopback writes.
    const c = await start({ clock: createScaledClock({ speed: 0.5 }) });
    for (let a = 0; a < 64; a++) await c.writeRegister(100 * a + 15, 40);
    const afterWrites = sim!.line.bus.snapshot();
    expect(afterWrites.frames.short + afterWrites.queueLength).toBe(64);
    expect(afterWrites.queueLength).toBeGreaterThan(0);
    await sim!.line.bus.whenDrained();
    const done = sim!.line.bus.snapshot();
    expect(done.frames.short).toBe(64);
    expect(done.commandFrames).toBe(64);
    const now = sim!.line.clock.now();
    expect(sim!.line.gear.every((g) => g.levelAt(now) === percentToArc(40))).toBe(true);
  });

  it('sets all 64 gear with one broadcast frame', async () => {
    const c = await start({});
    await c.writeRegister(6800, 30); // Broadcast Arc Power Level (manual p.20)
    await sim!.line.bus.whenDrained();
    const counters = sim!.line.bus.snapshot();
    expect(counters.frames.broadcast).toBe(1);
    expect(counters.commandFrames).toBe(1);
    const now = sim!.line.clock.now();
    expect(sim!.line.gear.every((g) => g.levelAt(now) === percentToArc(30))).toBe(true);
  });

  it('sets a group with one frame and sends store-scene as two send-twice commands', async () => {
    const c = await start({});
    await c.writeRegister(6420, 70); // group 1 level
    await c.writeRegister(6426, 4); // group 1: store current level as scene 4
    await sim!.line.bus.whenDrained();
    const counters = sim!.line.bus.snapshot();
    expect(counters.frames.group).toBe(1 + 4);
    await waitFor(
      () => sim!.line.gearAt(1)!.scenes[4],
      (v) => v === percentToArc(70),
    );
    expect(sim!.line.gearAt(0)!.scenes[4]).toBe(255);
  });

  it('answers exception 0x06 SERVER DEVICE BUSY when the command queue is full, and queues nothing of that write', async () => {
    // DALI time at 1 % speed: a slot lasts over 3 s, so the queue does not drain during the test.
    const c = await start({ clock: createScaledClock({ speed: 0.01 }), queueCapacity: 8 });
    for (let a = 0; a < 8; a++) await c.writeRegister(100 * a + 15, 10);
    // A 9th fits only if the first frame already left the queue (no poll query was on the wire).
    let accepted = 8;
    let code: number | undefined;
    for (let a = 8; a < 10 && code === undefined; a++) {
      code = await exceptionOf(c.writeRegister(100 * a + 15, 10)).catch(() => {
        accepted++;
        return undefined;
      });
    }
    expect(code).toBe(0x06);
    const counters = sim!.line.bus.snapshot();
    expect(counters.frames.short + counters.queueLength).toBe(accepted);
    expect(counters.queueLength).toBe(8);
  });

  it('makes frames instant and reads live from the model when bus timing is off', async () => {
    const c = await start({ busTiming: false });
    for (let a = 0; a < 64; a++) await c.writeRegister(100 * a + 15, 40);
    const counters = sim!.line.bus.snapshot();
    expect(counters).toMatchObject({ queueLength: 0, commandFrames: 64, frames: { short: 64, query: 0 } });
    expect(counters.busyMs).toBeGreaterThan(64 * 29);
    expect((await c.readHoldingRegisters(6306, 1)).data[0]).toBe(40);
  });
});
