/**
 * Chaos (issue 9 §4): faults on the wire rather than in the device, while a show runs on an
 * in-process controller. The street DALI gateway is reached through a TCP proxy of the test
 * (support/tcp-proxy.ts), which cuts the connection or holds the answers back past the request
 * timeout; the basin sensor sends garbage on its serial line (the simulator's control API).
 * After each: the other devices kept being driven, the twin showed the fault then the recovery,
 * the show ended in its `finally`, and the recorder holds every sample the bus carried.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceHealth } from '../../src/api/wire.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import { eventually, removeDir, tempDir } from '../support/harness.ts';
import {
  portOf,
  startChaosController,
  startChaosSimulators,
  viaPort,
  type ChaosSimulators,
} from './support/chaos-rig.ts';
import type { ChaosDevice } from './support/chaos-site.ts';
import { runThroughFault } from './support/fault-case.ts';
import { ChaosShow } from './support/show.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';
import { capturingLogger, ControllerWatch } from './support/watch.ts';

const DEVICES: ChaosDevice[] = ['street', 'park', 'basin', 'river-quality'];

let dir: string;
let bench: ChaosSimulators;
let proxy: TcpProxy;
let controller: Controller;
let watch: ControllerWatch;
let show: ChaosShow;
const log = capturingLogger();

beforeAll(async () => {
  dir = tempDir('phare-chaos-links-');
  bench = await startChaosSimulators(dir, DEVICES);
  proxy = await startTcpProxy(portOf(bench.endpoints.street.uri));
  controller = await startChaosController(bench, join(dir, 'data'), {
    logger: log,
    overrides: {
      street: { ...bench.endpoints.street, uri: viaPort(bench.endpoints.street.uri, proxy.port) },
    },
  });
  watch = new ControllerWatch(controller);
  show = new ChaosShow(
    controller,
    join(import.meta.dirname, 'fixtures', 'link-show.yaml'),
    bench.controlUrl('street'),
  );
  await watch.waitAllOnline(DEVICES, 60_000);
}, 90_000);

afterAll(async () => {
  show?.close();
  watch?.close();
  await controller?.stop();
  await proxy?.close();
  await bench?.stop();
  removeDir(dir);
});

const others = (device: ChaosDevice) => DEVICES.filter((d) => d !== device);

async function street(): Promise<DeviceHealth> {
  return (await watch.devices()).find((d) => d.id === 'street')!;
}

async function controlCall(device: ChaosDevice, method: string, path: string, body?: unknown): Promise<void> {
  const answer = await fetch(`${bench.controlUrl(device)}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(answer.status).toBe(200);
}

describe('faults on the wire during a show', () => {
  it('survives the TCP connection to the DALI gateway being cut, and reconnects by itself', async () => {
    const acceptedBefore = proxy.accepted;
    const report = await runThroughFault(watch, show, {
      device: 'street',
      others: others('street'),
      inject: async () => {
        proxy.block();
        proxy.cut();
      },
      recover: async () => {
        proxy.unblock();
      },
    });
    expect(proxy.accepted).toBeGreaterThan(acceptedBefore);
    expect((await street()).stats.reconnects).toBeGreaterThanOrEqual(1);
    console.log(`TCP cut: ${report.statuses.join(' → ')}; others progressed`, report.othersProgress);
  }, 120_000);

  it('survives Modbus answers held past their timeout, and ignores them when they arrive late', async () => {
    const timeoutsBefore = (await street()).stats.timeouts;
    const report = await runThroughFault(watch, show, {
      device: 'street',
      others: others('street'),
      inject: async () => {
        proxy.hold();
      },
      recover: async () => {
        // The held answers arrive now, long after their requests timed out.
        expect(proxy.heldBytes).toBeGreaterThan(0);
        proxy.release();
      },
    });
    expect((await street()).stats.timeouts).toBeGreaterThanOrEqual(timeoutsBefore + 3);
    // Late answers matched nothing in flight: the levels read after recovery are the gateway's own.
    await eventually(
      async () => {
        const state = (await (await fetch(`${bench.controlUrl('street')}/state`)).json()) as {
          gear: Array<{ shortAddress: number; levelPercent: number }>;
        };
        const wrong = state.gear.filter((g) => {
          const id = `street.lamp${String(g.shortAddress + 1).padStart(2, '0')}.level`;
          const seen = controller.registry.store.get(id);
          return seen?.quality !== 'good' || Math.abs(Number(seen.value) - g.levelPercent) > 1.5;
        });
        return wrong.length === 0 ? true : undefined;
      },
      20_000,
      'every lamp level as the gateway has it',
    );
    console.log(`Modbus delay: ${report.statuses.join(' → ')}; others progressed`, report.othersProgress);
  }, 120_000);

  it('survives garbage on the serial line of the basin sensor', async () => {
    const report = await runThroughFault(watch, show, {
      device: 'basin',
      others: others('basin'),
      // It still talks, so it is not offline: degraded, its point bad (never a stale value as fresh).
      faultStatus: 'degraded',
      inject: () => controlCall('basin', 'POST', '/faults', { fault: 'garbage' }),
      recover: () => controlCall('basin', 'DELETE', '/faults'),
    });
    console.log(`serial garbage: ${report.statuses.join(' → ')}; others progressed`, report.othersProgress);
  }, 120_000);
});
