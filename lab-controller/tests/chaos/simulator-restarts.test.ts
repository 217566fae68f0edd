/**
 * Chaos (issue 9 §4): each simulator kind is killed and restarted in turn, while a show runs on an
 * in-process controller driving all of them: the Modbus TCP DALI gateway (park), the OPC-UA
 * building controller (school) and the serial level sensor on a pty (basin). After each: the
 * others kept being driven, the twin showed the device offline then online, the show paused,
 * resumed and ended in its `finally`, and the recorder holds every sample the bus carried.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '../../src/controller/start-controller.ts';
import { removeDir, tempDir } from '../support/harness.ts';
import { startChaosController, startChaosSimulators, type ChaosSimulators } from './support/chaos-rig.ts';
import { ALL_CHAOS_DEVICES, type ChaosDevice } from './support/chaos-site.ts';
import { runThroughFault } from './support/fault-case.ts';
import { PkiCache } from './support/pki-cache.ts';
import { ChaosShow } from './support/show.ts';
import { capturingLogger, ControllerWatch } from './support/watch.ts';

let dir: string;
let bench: ChaosSimulators;
let controller: Controller;
let watch: ControllerWatch;
let show: ChaosShow;
const log = capturingLogger();
const pki = new PkiCache('chaos-simulator-restarts');

beforeAll(async () => {
  dir = tempDir('phare-chaos-restarts-');
  pki.restore('simulators', join(dir, 'simulators', 'pki'));
  pki.restore('client', join(dir, 'data', 'pki', 'opcua'));
  bench = await startChaosSimulators(dir, ALL_CHAOS_DEVICES, { simulatorDataDir: join(dir, 'simulators') });
  controller = await startChaosController(bench, join(dir, 'data'), { logger: log });
  watch = new ControllerWatch(controller);
  show = new ChaosShow(
    controller,
    join(import.meta.dirname, 'fixtures', 'restart-show.yaml'),
    bench.controlUrl('street'),
  );
  await watch.waitAllOnline(ALL_CHAOS_DEVICES, 60_000);
}, 120_000);

afterAll(async () => {
  show?.close();
  watch?.close();
  await controller?.stop();
  await bench?.stop();
  pki.save('simulators', join(dir, 'simulators', 'pki'));
  pki.save('client', join(dir, 'data', 'pki', 'opcua'));
  removeDir(dir);
});

const others = (device: ChaosDevice) => ALL_CHAOS_DEVICES.filter((d) => d !== device);

async function killAndRestart(device: ChaosDevice): Promise<void> {
  let restart: (() => Promise<void>) | undefined;
  const report = await runThroughFault(watch, show, {
    device,
    others: others(device),
    inject: async () => {
      restart = await bench.sims.stopOne(device);
    },
    recover: async () => {
      await restart!();
    },
  });
  console.log(
    `kill/restart ${device}: ${report.statuses.join(' → ')}; others progressed`,
    report.othersProgress,
    `; ${report.samplesChecked} samples checked in history`,
  );
}

describe('killing and restarting each simulator during a show', () => {
  it('survives the Modbus TCP DALI gateway going away and coming back', async () => {
    await killAndRestart('park');
  }, 120_000);

  it('survives the OPC-UA building controller going away and coming back', async () => {
    await killAndRestart('school');
  }, 120_000);

  it('survives the serial sensor on its pty going away and coming back', async () => {
    await killAndRestart('basin');
  }, 120_000);

  it('logged each outage once when it started and once when it ended', () => {
    for (const device of ['park', 'school', 'basin']) {
      const lines = log.lines.filter((l) => l.msg.startsWith(`${device} is `));
      expect(
        lines.filter((l) => l.level === 'warn' && /is offline/.test(l.msg)).length,
      ).toBeGreaterThanOrEqual(1);
      expect(lines.some((l) => /is online again/.test(l.msg))).toBe(true);
    }
  });
});
