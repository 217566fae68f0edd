/**
 * (b) Time to set 64 luminaires to one level, in DALI command-frame times. The coordinator hands the
 * 64 writes to the DALI gateway driver in one call; the driver sends one broadcast (or group) write
 * instead of 64 singles (protocols.md §1.2: one frame ≈ 30 ms instead of 64 ≈ 2 s).
 * Measured from the coordinator write call until the last DALI command frame has gone out (the bus
 * counts a frame when it starts; one frame time is added for it to finish), on the simulator's bus timing; the 64-singles figure is printed for contrast.
 * Target ≤ 2 frame times (issue 2, item 12b).
 */
import { commandFrameTimeMs } from '@phare/device-drivers/dali/timing.ts';
import { DaliGatewayDriver } from '@phare/device-drivers/dali/gateway-adapter.ts';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { openModbusLink } from '@phare/device-drivers/modbus/link.ts';
import { startDaliGatewaySimulator } from '@phare/hardware/simulators/dali-gateway/index.ts';
import { createCoordinator } from '@phare/lab-controller/coordinator/coordinator.ts';
import type { Benchmark, BenchResult } from './harness.ts';
import { percentile } from './harness.ts';
import { intesisMap, luminaires, sleep } from './fixtures.ts';

const TRIALS = 7;

export const daliBroadcast: Benchmark = {
  name: 'dali-64-luminaires',
  async run(): Promise<BenchResult[]> {
    const lamps = luminaires(64);
    const sim = await startDaliGatewaySimulator({
      model: 'intesis',
      transport: { kind: 'tcp', host: '127.0.0.1', port: 0 },
      luminaires: lamps.map((l) => ({ shortAddress: l.shortAddress, groups: l.groups })),
      busTiming: true,
    });
    const driver = new DaliGatewayDriver({
      unitId: 1,
      line: 0,
      map: intesisMap(),
      luminaires: lamps,
      groups: [...new Set(lamps.flatMap((l) => l.groups))],
      maxGap: 100,
    });
    const endpoint = parseEndpoint(`modbus-tcp://127.0.0.1:${sim.modbusPort}?unit=1`);
    // Polling far apart: this benchmark measures the write, not the poll traffic.
    const coordinator = createCoordinator({
      connectionKey: endpoint.connectionKey,
      openLink: () => openModbusLink(endpoint, { timeoutMs: 3000 }),
      devices: [{ id: 'street', driver, pollIntervalsMs: { default: 60_000 }, timeoutMs: 3000 }],
    });
    coordinator.start();
    const frameMs = commandFrameTimeMs();
    /**
     * Waits until `count` more command frames have gone on the bus. The bus counts a frame when it
     * starts, so callers add one frame time for the last frame to finish.
     */
    const framesSent = async (before: number, count: number): Promise<void> => {
      const deadline = performance.now() + 10_000;
      while (sim.line.bus.snapshot().commandFrames - before < count && performance.now() < deadline)
        await sleep(1);
    };
    try {
      await sleep(300);
      const together: number[] = [];
      let frames = 0;
      for (let trial = 0; trial < TRIALS; trial++) {
        const level = trial % 2 === 0 ? 40 : 70;
        await sim.line.bus.whenDrained();
        const before = sim.line.bus.snapshot().commandFrames;
        const started = performance.now();
        await coordinator.write(
          'street',
          lamps.map((l) => ({ point: `${l.id}.level`, value: level })),
        );
        await framesSent(before, 1);
        together.push((performance.now() - started + frameMs) / frameMs);
        frames = sim.line.bus.snapshot().commandFrames - before;
      }

      // Contrast: the same 64 levels written one call each, as a naive controller would.
      await sim.line.bus.whenDrained();
      const beforeSingles = sim.line.bus.snapshot().commandFrames;
      const startedSingles = performance.now();
      for (const l of lamps) await coordinator.write('street', [{ point: `${l.id}.level`, value: 55 }]);
      await framesSent(beforeSingles, lamps.length);
      const singlesFrames = (performance.now() - startedSingles + frameMs) / frameMs;

      together.sort((a, b) => a - b);
      const median = percentile(together, 50);
      return [
        {
          name: 'dali-64-luminaires',
          description:
            'Set 64 luminaires to one level: coordinator write call → last DALI command frame on the bus',
          value: median,
          unit: 'DALI frame times (median)',
          reference: {
            label: '64 single writes, one per call',
            value: singlesFrames,
            unit: 'DALI frame times',
          },
          target: '≤ 2 frame times',
          met: median <= 2,
          details: {
            'command frames on the bus': frames,
            'one command frame': `${frameMs.toFixed(1)} ms`,
            'worst trial': `${together.at(-1)!.toFixed(2)} frame times`,
          },
        },
      ];
    } finally {
      await coordinator.stop();
      await sim.stop();
    }
  },
};
