/**
 * Modbus RTU poll rate at 19200 baud 8E1 (issue 4, item 9): the coordinator polling one unit back to
 * back (poll interval 0), each poll one FC03 read of 10 holding registers, against the kit's Modbus
 * RTU server (hardware/simulators/modbus-server) on a socat pty pair, over the bus limit of
 * protocols.md §3.3. Target ≥ 0.8.
 *
 * A pty passes bytes at once (protocols.md §7.3), so without emulation the rate would only measure
 * Node and the kernel, and "polls over the bus limit" would mean nothing (the unpaced figure is
 * printed to show it). Emulated here, both ways:
 * - the server answers after the response's character time plus t3.5 (its `emulateLineTiming`);
 * - the master's request takes its character time on the wire (paced-uart.ts, on the client side);
 * - the client keeps t3.5 of silence before each request (rtu-dispatcher.ts, Serial Line V1.02).
 * The cycle is then request + t3.5 + response + t3.5, with a 0 ms slave turnaround: the figure of
 * §3.3's table (43.6 /s for 10 registers at 19200 8E1).
 */
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { createModbusClient } from '@phare/device-drivers/modbus/client.ts';
import { ModbusDeviceDriver } from '@phare/device-drivers/modbus/device.ts';
import { characterTimeMs, interFrameSilenceMs } from '@phare/device-drivers/modbus/rtu.ts';
import type { ModbusUnitHandler } from '@phare/device-drivers/modbus/types.ts';
import type { ByteTransport, SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { openPtyPair } from '@phare/device-drivers/transports/pty-pair.ts';
import { createSerialTransport } from '@phare/device-drivers/transports/serial.ts';
import { startModbusRtuServer } from '@phare/hardware/simulators/modbus-server/index.ts';
import { createCoordinator } from '@phare/lab-controller/coordinator/coordinator.ts';
import type { Benchmark, BenchResult } from './harness.ts';
import { machineLoad } from './harness.ts';
import { sleep } from './fixtures.ts';
import { pacedUart } from './paced-uart.ts';

const LINE: SerialSettings = { baudRate: 19200, dataBits: 8, parity: 'even', stopBits: 1 };
const REGISTERS = 10;
const WARM_UP_MS = 500;
const SECONDS = 4;
const ROUNDS = 2;

/** §3.3: FC03 request 8 bytes; response address, FC, byte count, 2 per register, CRC 2. */
const REQUEST_BYTES = 8;
const RESPONSE_BYTES = 3 + 2 * REGISTERS + 2;

function busLimit(): { perSecond: number; cycleMs: number } {
  const cycleMs = (REQUEST_BYTES + RESPONSE_BYTES) * characterTimeMs(LINE) + 2 * interFrameSilenceMs(LINE);
  return { perSecond: 1000 / cycleMs, cycleMs };
}

/** A unit whose 10 registers change on every read (the poll really decodes new values). */
function unit(): ModbusUnitHandler {
  let reads = 0;
  return {
    readRegisters: (_table, address, quantity) => {
      reads++;
      return Array.from({ length: quantity }, (_, i) => (reads + address + i) & 0xffff);
    },
    writeRegisters: () => undefined,
  };
}

async function pollRate(paced: boolean): Promise<{ rate: number; serverRequests: number; timeouts: number }> {
  const pair = await openPtyPair();
  const handler = unit();
  const server = await startModbusRtuServer({
    transport: { path: pair.a, serial: LINE },
    resolveUnit: (id) => (id === 1 ? handler : undefined),
    emulateLineTiming: paced,
  });
  const driver = new ModbusDeviceDriver({
    unitId: 1,
    deviceId: 'probe',
    points: Array.from({ length: REGISTERS }, (_, i) => ({
      id: `r${i}`,
      table: 'holding' as const,
      address: i,
      type: 'uint16' as const,
      access: 'read' as const,
    })),
  });
  const coordinator = createCoordinator({
    connectionKey: `modbus-rtu://${pair.b}`,
    openLink: async () => {
      const serial = createSerialTransport({ path: pair.b, serial: LINE, lock: false });
      const transport: ByteTransport = paced ? pacedUart(serial) : serial;
      await transport.open();
      return createModbusClient(transport, { framing: 'rtu', timeoutMs: 1000, logger: silentLogger });
    },
    devices: [{ id: 'probe', driver, pollIntervalsMs: { default: 0 }, timeoutMs: 1000 }],
  });
  try {
    coordinator.start();
    await sleep(WARM_UP_MS);
    const before = coordinator.stats('probe');
    const started = performance.now();
    await sleep(SECONDS * 1000);
    const after = coordinator.stats('probe');
    const rate = ((after.requests - before.requests) * 1000) / (performance.now() - started);
    return { rate, serverRequests: server.stats.requests, timeouts: after.timeouts };
  } finally {
    await coordinator.stop();
    await server.close();
    await pair.close();
  }
}

export const rtuPollRate: Benchmark = {
  name: 'rtu-poll-rate',
  async run(): Promise<BenchResult[]> {
    const limit = busLimit();
    const rates: number[] = [];
    let timeouts = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const paced = await pollRate(true);
      rates.push(paced.rate);
      timeouts += paced.timeouts;
    }
    const unpaced = await pollRate(false);
    const rate = Math.max(...rates);
    const ratio = rate / limit.perSecond;
    return [
      {
        name: 'rtu-poll-rate',
        description: `Coordinator polling FC03 × ${REGISTERS} holding registers back to back over a pty at 19200 8E1, line timing emulated on both sides`,
        value: rate,
        unit: 'polls/s',
        reference: {
          label: `bus limit, protocols.md §3.3 (${REQUEST_BYTES}+${RESPONSE_BYTES} characters × ${characterTimeMs(LINE).toFixed(3)} ms + 2 × t3.5 ${interFrameSilenceMs(LINE).toFixed(3)} ms = ${limit.cycleMs.toFixed(2)} ms, 0 ms turnaround)`,
          value: limit.perSecond,
          unit: 'polls/s',
        },
        ratio,
        target: 'ratio ≥ 0.8',
        met: ratio >= 0.8,
        details: {
          'rounds (polls/s)':
            rates.map((r) => r.toFixed(1)).join(', ') + ` (best of ${ROUNDS}, ${SECONDS} s each)`,
          'mean cycle': `${(1000 / rate).toFixed(2)} ms (limit ${limit.cycleMs.toFixed(2)} ms)`,
          timeouts,
          'unpaced pty, same loop (no timing emulation)': `${unpaced.rate.toFixed(0)} polls/s = ${(unpaced.rate / limit.perSecond).toFixed(1)} × the bus limit: why pacing is needed`,
          'machine load (1 min) / cores': machineLoad(),
        },
      },
    ];
  },
};
