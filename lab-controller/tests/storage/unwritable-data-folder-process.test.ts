/**
 * An unwritable data folder (issue 9 §3), with the controller as a child process (`phare run`):
 * the log names the folder and says nothing is recorded, and the devices are still driven: a write
 * succeeds and the points keep updating. History answers 503.
 *
 * chmod 500 does not stop root (CAP_DAC_OVERRIDE), so as root the data folder is a path under a
 * regular file instead: `mkdir` fails with ENOTDIR for everyone.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceHealth, PointSnapshot, WriteResultBody } from '../../src/api/wire.ts';
import { startChaosSimulators, type ChaosSimulators } from '../chaos/support/chaos-rig.ts';
import type { ChaosDevice } from '../chaos/support/chaos-site.ts';
import { killAllChildren, spawnController } from '../chaos/support/child-controller.ts';
import { PkiCache } from '../chaos/support/pki-cache.ts';
import { dataOf, eventually, getJson, postJson, removeDir, tempDir } from '../support/harness.ts';

const DEVICES: ChaosDevice[] = ['street', 'basin', 'school'];

let dir: string;
let bench: ChaosSimulators;
let readOnlyDir: string | undefined;
const pki = new PkiCache('unwritable-data-folder');

beforeAll(async () => {
  dir = tempDir('phare-unwritable-');
  pki.restore('simulators', join(dir, 'simulators', 'pki'));
  bench = await startChaosSimulators(dir, DEVICES, { simulatorDataDir: join(dir, 'simulators') });
}, 90_000);

afterAll(async () => {
  await killAllChildren();
  await bench?.stop();
  pki.save('simulators', join(dir, 'simulators', 'pki'));
  if (readOnlyDir) chmodSync(readOnlyDir, 0o700);
  removeDir(dir);
});

function unwritableDataDir(): string {
  if (process.getuid?.() === 0) {
    console.log(
      'running as root: chmod 500 would not stop root, so the data folder is a path under a regular file',
    );
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    return join(blocker, 'data');
  }
  readOnlyDir = join(dir, 'read-only');
  mkdirSync(readOnlyDir);
  chmodSync(readOnlyDir, 0o500);
  return join(readOnlyDir, 'data');
}

describe('controller process with an unwritable data folder', () => {
  it('says so clearly in its log and keeps driving devices', async () => {
    const dataDir = unwritableDataDir();
    const child = await spawnController({ site: bench.writeSite(dir), dataDir, cwd: dir });
    expect(child.log()).toMatch(/ERROR/);
    expect(child.log()).toContain(`Data folder ${dataDir} cannot be created or written`);
    expect(child.log()).toMatch(/Devices keep running, nothing is recorded/);

    const api = `${child.url}/api`;
    await eventually(
      async () => {
        const devices = dataOf(await getJson<DeviceHealth[]>(`${api}/devices`));
        return DEVICES.every((id) => devices.find((d) => d.id === id)?.status === 'online')
          ? true
          : undefined;
      },
      60_000,
      `${DEVICES.join(', ')} online`,
    );
    const written = await postJson<WriteResultBody>(`${api}/points/street.lamp05.level`, { value: 42 });
    expect(written.status).toBe(200);
    await eventually(
      async () => {
        const p = dataOf(await getJson<PointSnapshot>(`${api}/points/street.lamp05.level`));
        return typeof p.state.value === 'number' && Math.abs(p.state.value - 42) <= 2 ? true : undefined;
      },
      20_000,
      'lamp05 reads back 42 %',
    );
    // The OPC-UA client keeps its PKI in a stand-in folder and says so.
    expect(child.log()).toContain(`OPC-UA PKI folder ${join(dataDir, 'pki', 'opcua')} cannot be used`);
    expect((await postJson(`${api}/points/school.zone1.setpoint`, { value: 20.5 })).status).toBe(200);
    await eventually(
      async () =>
        dataOf(await getJson<PointSnapshot>(`${api}/points/school.zone1.setpoint`)).state.value === 20.5 ||
        undefined,
      20_000,
      'school setpoint reads back 20.5',
    );
    // Polling goes on: the gateway's successful requests keep adding up.
    const answered = async () => {
      const street = dataOf(await getJson<DeviceHealth[]>(`${api}/devices`)).find((d) => d.id === 'street')!;
      return street.stats.requests - street.stats.errors;
    };
    const first = await answered();
    await eventually(
      async () => ((await answered()) >= first + 5 ? true : undefined),
      20_000,
      'street polled',
    );
    const history = await getJson(`${api}/points/street.lamp05.level/history`);
    expect(history.status).toBe(503);

    child.signal('SIGTERM');
    expect((await child.exited).code).toBe(0);
  }, 150_000);
});
