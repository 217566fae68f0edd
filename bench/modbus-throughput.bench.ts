/**
 * (a) Coordinator polling throughput against the simulated Intesis gateway (bus timing off, so the
 * DALI side is instant), over a raw modbus-serial client loop sending the same requests to the same
 * server. The ratio shows what the coordinator's scheduling, decoding and bookkeeping cost.
 * Target ≥ 0.8 (issue 2, item 12a).
 */
import ModbusRTU from 'modbus-serial';
import { DaliGatewayDriver } from '@phare/device-drivers/dali/gateway-adapter.ts';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { openModbusLink } from '@phare/device-drivers/modbus/link.ts';
import { startDaliGatewaySimulator } from '@phare/hardware/simulators/dali-gateway/index.ts';
import { createCoordinator } from '@phare/lab-controller/coordinator/coordinator.ts';
import type { Benchmark, BenchResult } from './harness.ts';
import { intesisMap, luminaires, sleep } from './fixtures.ts';

const LUMINAIRES = 16;
const SECONDS = 2;
const ROUNDS = 3;

export const modbusThroughput: Benchmark = {
  name: 'modbus-poll-throughput',
  async run(): Promise<BenchResult[]> {
    const lamps = luminaires(LUMINAIRES);
    const sim = await startDaliGatewaySimulator({
      model: 'intesis',
      transport: { kind: 'tcp', host: '127.0.0.1', port: 0 },
      luminaires: lamps.map((l) => ({ shortAddress: l.shortAddress, groups: l.groups })),
      busTiming: false,
    });
    try {
      const driver = new DaliGatewayDriver({
        unitId: 1,
        line: 0,
        map: intesisMap(),
        luminaires: lamps,
        groups: [0, 1],
        maxGap: 100,
      });
      const readable = driver
        .points()
        .filter((p) => p.access !== 'write')
        .map((p) => p.id);
      const plan = driver.planReads(readable);
      const ranges = plan.map((r) => parseRange(r.key));

      // Rounds alternate raw and coordinator so that load from elsewhere on the machine hits both alike.
      const rawRates: number[] = [];
      const coordinatorRates: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        rawRates.push(await rawLoopRate(sim.modbusPort!, ranges));
        coordinatorRates.push(await coordinatorRate(sim.modbusPort!, driver));
      }
      const rawRate = median(rawRates);
      const medianCoordinatorRate = median(coordinatorRates);
      const ratio = medianCoordinatorRate / rawRate;
      return [
        {
          name: 'modbus-poll-throughput',
          description: `Coordinator polling ${LUMINAIRES} luminaires (${plan.length} merged requests per sweep) on the simulated Intesis gateway, bus timing off`,
          value: medianCoordinatorRate,
          unit: 'requests/s',
          reference: {
            label: 'raw modbus-serial client loop, same requests, same server',
            value: rawRate,
            unit: 'requests/s',
          },
          ratio,
          target: 'ratio ≥ 0.8',
          met: ratio >= 0.8,
          details: {
            'requests per sweep': plan.length,
          },
        },
      ];
    } finally {
      await sim.stop();
    }
  },
};

/** Raw library loop: the same requests, back to back, one in flight. */
async function rawLoopRate(port: number, ranges: { address: number; quantity: number }[]): Promise<number> {
  const raw = new ModbusRTU();
  await raw.connectTCP('127.0.0.1', { port });
  raw.setID(1);
  raw.setTimeout(1000);
  let requests = 0;
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    const range = ranges[requests % ranges.length]!;
    await raw.readHoldingRegisters(range.address, range.quantity);
    requests++;
  }
  await new Promise<void>((resolve) => raw.close(() => resolve()));
  return requests / SECONDS;
}

/** The coordinator with poll interval 0 (back to back), one request in flight per unit. */
async function coordinatorRate(port: number, driver: DaliGatewayDriver): Promise<number> {
  const endpoint = parseEndpoint(`modbus-tcp://127.0.0.1:${port}?unit=1`);
  const coordinator = createCoordinator({
    connectionKey: endpoint.connectionKey,
    openLink: () => openModbusLink(endpoint, { timeoutMs: 1000 }),
    devices: [{ id: 'street', driver, pollIntervalsMs: { default: 0 }, timeoutMs: 1000 }],
  });
  coordinator.start();
  await sleep(300); // connect and warm up
  const before = coordinator.stats('street').requests;
  const started = performance.now();
  await sleep(SECONDS * 1000);
  const rate = ((coordinator.stats('street').requests - before) * 1000) / (performance.now() - started);
  await coordinator.stop();
  return rate;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** ReadRequest keys read like `holding 5..106 unit 1`: the benchmark replays exactly that range. */
function parseRange(key: string): { address: number; quantity: number } {
  const match = /(\d+)\.\.(\d+)/.exec(key);
  if (!match) throw new Error(`cannot read the register range from request key "${key}"`);
  const from = Number(match[1]);
  const to = Number(match[2]);
  return { address: from, quantity: to - from + 1 };
}
