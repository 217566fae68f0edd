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
const SECONDS = 4;

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

      // Raw library loop: the same requests, back to back, one in flight.
      const raw = new ModbusRTU();
      await raw.connectTCP('127.0.0.1', { port: sim.modbusPort! });
      raw.setID(1);
      raw.setTimeout(1000);
      let rawRequests = 0;
      const rawEnd = performance.now() + SECONDS * 1000;
      while (performance.now() < rawEnd) {
        const range = ranges[rawRequests % ranges.length]!;
        await raw.readHoldingRegisters(range.address, range.quantity);
        rawRequests++;
      }
      await new Promise<void>((resolve) => raw.close(() => resolve()));
      const rawRate = rawRequests / SECONDS;

      // Coordinator: a 1 ms poll interval keeps it saturated, one request in flight per unit.
      const endpoint = parseEndpoint(`modbus-tcp://127.0.0.1:${sim.modbusPort}?unit=1`);
      const coordinator = createCoordinator({
        connectionKey: endpoint.connectionKey,
        openLink: () => openModbusLink(endpoint, { timeoutMs: 1000 }),
        devices: [{ id: 'street', driver, pollIntervalsMs: { default: 1 }, timeoutMs: 1000 }],
      });
      coordinator.start();
      await sleep(500); // connect and warm up
      const before = coordinator.stats('street').requests;
      const started = performance.now();
      await sleep(SECONDS * 1000);
      const coordinatorRate =
        ((coordinator.stats('street').requests - before) * 1000) / (performance.now() - started);
      await coordinator.stop();

      const ratio = coordinatorRate / rawRate;
      return [
        {
          name: 'modbus-poll-throughput',
          description: `Coordinator polling ${LUMINAIRES} luminaires (${plan.length} merged requests per sweep) on the simulated Intesis gateway, bus timing off`,
          value: coordinatorRate,
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

/** ReadRequest keys read like `holding 5..106 unit 1`: the benchmark replays exactly that range. */
function parseRange(key: string): { address: number; quantity: number } {
  const match = /(\d+)\.\.(\d+)/.exec(key);
  if (!match) throw new Error(`cannot read the register range from request key "${key}"`);
  const from = Number(match[1]);
  const to = Number(match[2]);
  return { address: from, quantity: to - from + 1 };
}
