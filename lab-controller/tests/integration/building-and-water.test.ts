/**
 * The building (OPC-UA) and water (SDI-12, ASCII, Modbus RTU on ptys) devices driven by the
 * controller, through the wire: the building simulator on an ephemeral port, the water simulators
 * on temporary ptys, the controller's HTTP API on an ephemeral port.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startBuildingSimulator,
  type BuildingSimulator,
} from '@phare/hardware/simulators/building-opcua/index.ts';
import type {
  AuditRecord,
  DeviceHealth,
  PointSnapshot,
  SiteView,
  WriteResultBody,
} from '../../src/api/wire.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../../src/controller/simulators.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import {
  dataOf,
  eventually,
  getJson,
  postJson,
  removeDir,
  startTestController,
  tempDir,
} from '../support/harness.ts';

const siteYaml = (opcuaEndpoint: string): string => `schema: phare/site@1
id: building-water-test
name: { fr: École et eau, en: School and water }
plan:
  width: 100
  height: 100
  anchor: { lat: 45.75, lon: 4.83, bearing: 0 }
devices:
  - id: school
    name: { fr: Automate de l'école, en: School controller }
    profile: phare/building-sim-opcua
    endpoint: ${opcuaEndpoint}
    position: { x: 10, y: 10 }
    workstreams: [building]
    opcua: { trust: demo }
    building:
      zones:
        - id: zone1
          name: { fr: Classe CP, en: Classroom 1 }
          polygon: [[10, 10], [30, 10], [30, 30], [10, 30]]
          points: { temperature: zone1.temperature, setpoint: zone1.setpoint }
  - id: basin
    name: { fr: Bassin, en: Basin }
    profile: maxbotix/hrxl-maxsonar-wr
    endpoint: serial:///tmp/phare-test/ttyBasin?protocol=ascii-line&baud=9600
    position: { x: 50, y: 50 }
    workstreams: [water]
    simulator: { control: 1 }
  - id: river-quality
    name: { fr: Sonde qualité, en: Quality probe }
    profile: phare/water-quality-probe
    endpoint: modbus-rtu:///tmp/phare-test/ttyQuality?baud=19200&parity=even&unit=1
    position: { x: 60, y: 50 }
    workstreams: [water]
    simulator: { control: 2 }
    pollIntervalMs: 500
`;

let dir: string;
let building: BuildingSimulator;
let sims: RunningSimulators;
let controller: Controller;
const statuses: Array<[string, string]> = [];

beforeAll(async () => {
  dir = tempDir('phare-building-water-');
  building = await startBuildingSimulator({ port: 0, pkiDir: join(dir, 'building-pki') });
  writeFileSync(join(dir, 'site.yaml'), siteYaml(building.endpointUrl));
  sims = await startSimulators(loadSiteOrThrow(join(dir, 'site.yaml')), { ephemeralPorts: true });
  controller = await startTestController(sims, dir);
  controller.bus.on('deviceStatus', (h) => statuses.push([h.id, h.status]), 'test');
}, 60_000);

afterAll(async () => {
  await controller?.stop();
  await sims?.stop();
  await building?.stop();
  removeDir(dir);
});

const point = async (id: string): Promise<PointSnapshot> =>
  dataOf(await getJson<PointSnapshot>(`${controller.url}/api/points/${id}`));
const health = async (id: string): Promise<DeviceHealth> =>
  dataOf(await getJson<DeviceHealth[]>(`${controller.url}/api/devices`)).find((d) => d.id === id)!;
const buildingNodes = (): Array<[string, number]> =>
  [...building.monitoredItemCounts()].filter(([nodeId]) => nodeId.startsWith('ns=1;s=Building.'));
const audit = async (pointId: string): Promise<AuditRecord[]> =>
  dataOf(await getJson<AuditRecord[]>(`${controller.url}/api/audit?point=${pointId}`));

describe('the building controller over OPC-UA', () => {
  it('serves its points live in GET /api/points, pushed by one monitored item per point', async () => {
    const temperature = await eventually(async () => {
      const p = await point('school.zone1.temperature');
      return p.state.quality === 'good' ? p : undefined;
    }, 30_000);
    expect(typeof temperature.state.value).toBe('number');
    expect(temperature.meta).toMatchObject({ unit: 'Cel', writable: false });
    expect(await health('school')).toMatchObject({ status: 'online' });
    const all = dataOf(await getJson<PointSnapshot[]>(`${controller.url}/api/points`));
    const school = all.filter((p) => p.meta.device === 'school');
    await eventually(
      async () => {
        const now = dataOf(await getJson<PointSnapshot[]>(`${controller.url}/api/points`));
        return (
          now.filter((p) => p.meta.device === 'school').every((p) => p.state.quality === 'good') || undefined
        );
      },
      15_000,
      'every school point good',
    );
    expect(buildingNodes()).toHaveLength(school.length);
    expect(buildingNodes().every(([, count]) => count === 1)).toBe(true);
    // Pushed, not polled: no read went through the coordinator's queue.
    expect((await health('school')).stats.requests).toBe(0);
    const site = dataOf(await getJson<SiteView>(`${controller.url}/api/site`));
    expect(site.devices.find((d) => d.id === 'school')?.building?.zones[0]?.points).toEqual({
      temperature: 'school.zone1.temperature',
      setpoint: 'school.zone1.setpoint',
    });
  }, 60_000);

  it('writes a setpoint within the profile limits, audits it, and shows the pushed new value', async () => {
    const answer = await postJson<WriteResultBody>(`${controller.url}/api/points/school.zone1.setpoint`, {
      value: 21.5,
    });
    expect(answer.status).toBe(200);
    expect(dataOf(answer).commands.join(' ')).toMatch(
      /ns=1;s=Building\.Zone1\.Setpoint = 21\.5 \(Double\): Good/,
    );
    const [entry] = await audit('school.zone1.setpoint');
    expect(entry).toMatchObject({ point: 'school.zone1.setpoint', newValue: 21.5, ok: true, error: null });
    await eventually(async () =>
      (await point('school.zone1.setpoint')).state.value === 21.5 ? true : undefined,
    );
  });

  it('refuses a setpoint outside the limits with 400 and audits the refusal', async () => {
    const answer = await postJson<WriteResultBody>(`${controller.url}/api/points/school.zone1.setpoint`, {
      value: 30,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.ok ? undefined : answer.body.error.code).toBe('OUT_OF_RANGE');
    const [entry] = await audit('school.zone1.setpoint');
    expect(entry).toMatchObject({ newValue: 30, ok: false, error: { code: 'OUT_OF_RANGE' } });
    expect((await point('school.zone1.setpoint')).state.value).toBe(21.5);
  });

  it('resumes after the controller reboots, with one monitored item per point and no duplicate', async () => {
    const before = buildingNodes().length;
    statuses.length = 0;
    await building.restart();
    await eventually(
      () => (statuses.some(([id, s]) => id === 'school' && s === 'offline') ? true : undefined),
      20_000,
      'school offline while the server restarts',
    );
    await eventually(async () => ((await health('school')).status === 'online' ? true : undefined), 60_000);
    await eventually(
      () => (buildingNodes().length === before ? true : undefined),
      30_000,
      'items re-created',
    );
    expect(buildingNodes().every(([, count]) => count === 1)).toBe(true);
    const answer = await postJson<WriteResultBody>(`${controller.url}/api/points/school.zone1.setpoint`, {
      value: 19,
    });
    expect(answer.status).toBe(200);
    await eventually(async () =>
      (await point('school.zone1.setpoint')).state.value === 19 ? true : undefined,
    );
    expect((await point('school.zone1.temperature')).state.quality).toBe('good');
  }, 120_000);
});

describe('the water sensors on serial lines', () => {
  it('reads the ASCII basin sensor and the Modbus RTU probe on their ptys', async () => {
    await eventually(
      async () => ((await point('basin.distance')).state.quality === 'good' ? true : undefined),
      20_000,
    );
    await eventually(
      async () => ((await point('river-quality.temperature')).state.quality === 'good' ? true : undefined),
      20_000,
    );
    expect((await point('basin.distance')).state.value).toBeGreaterThan(0.3);
  }, 45_000);

  it('shows a stopped simulator offline, keeps the others running, and recovers when it returns', async () => {
    const restart = await sims.stopOne('basin');
    await eventually(async () => ((await health('basin')).status === 'offline' ? true : undefined), 30_000);
    expect(await health('river-quality')).toMatchObject({ status: 'online' });
    expect(await health('school')).toMatchObject({ status: 'online' });
    const requests = (await health('river-quality')).stats.requests;
    await eventually(async () =>
      (await health('river-quality')).stats.requests > requests + 2 ? true : undefined,
    );
    await restart();
    await eventually(async () => ((await health('basin')).status === 'online' ? true : undefined), 45_000);
    await eventually(async () =>
      (await point('basin.distance')).state.quality === 'good' ? true : undefined,
    );
  }, 120_000);
});
