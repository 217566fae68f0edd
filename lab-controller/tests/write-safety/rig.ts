/**
 * Write-safety rig: a small site (the school's OPC-UA building controller and a street DALI
 * gateway with two luminaires) whose simulators run on ephemeral ports, with one interlock (no
 * setpoint above 21 °C in Classroom 1 while its window is open) and a tight rate limit on one
 * setpoint; a controller on an ephemeral port with a temporary data folder. Everything goes
 * through real sockets: OPC-UA, Modbus TCP, HTTP, and the simulators' control APIs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PointValue } from '../../src/api/wire.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { startSimulators, type RunningSimulators } from '../../src/controller/simulators.ts';
import type { Controller } from '../../src/controller/start-controller.ts';
import { eventually, removeDir, startTestController, tempDir } from '../support/harness.ts';

/** The rate-limited point: 2 writes at once, then one every 2 s. */
export const SLOW_POINT = 'school.zone3.setpoint';
export const SLOW_RATE = { perSecond: 0.5, burst: 2 };

const SITE = `schema: phare/site@1
id: write-safety-test
name: { fr: Sécurité des écritures, en: Write safety }
plan:
  width: 100
  height: 100
  anchor: { lat: 45.75, lon: 4.83, bearing: 0 }
devices:
  - id: school
    name: { fr: Automate de l'école, en: School controller }
    profile: phare/building-sim-opcua
    endpoint: opc.tcp://127.0.0.1:14840/phare/building
    position: { x: 10, y: 10 }
    workstreams: [building]
    simulator: { control: 1 }
    opcua: { trust: demo }
  - id: street
    name: { fr: Passerelle DALI, en: DALI gateway }
    profile: hms/intesis-dali-modbus
    endpoint: modbus-tcp://127.0.0.1:15020?unit=1
    position: { x: 50, y: 50 }
    workstreams: [lighting]
    simulator: { control: 2 }
    dali:
      line: 0
      groups:
        - { number: 1, name: { fr: Rue, en: Street } }
      luminaires:
        - { id: lamp01, shortAddress: 0, groups: [1], position: { x: 60, y: 50 } }
        - { id: lamp02, shortAddress: 1, groups: [1], position: { x: 70, y: 50 } }
interlocks:
  - id: no-heating-with-window-open-cp
    when: 'point("school.zone1.window-open") == true'
    forbid: { points: school.zone1.setpoint, above: 21 }
    message:
      fr: "Fenêtre ouverte en classe CP : pas de consigne au-dessus de 21 °C."
      en: A Classroom 1 window is open; no setpoint above 21 °C.
writeRate:
  points:
    - { points: ${SLOW_POINT}, perSecond: ${SLOW_RATE.perSecond}, burst: ${SLOW_RATE.burst} }
`;

export interface WriteSafetyRig {
  dir: string;
  sims: RunningSimulators;
  controller: Controller;
  /** POSTs to a simulator's control API; throws unless it answers 2xx. */
  stimulate(device: string, path: string, body: unknown): Promise<void>;
  /** Waits until the controller's store shows this value for the point. */
  until(point: string, value: PointValue): Promise<void>;
  close(): Promise<void>;
}

export async function startWriteSafetyRig(): Promise<WriteSafetyRig> {
  const dir = tempDir('phare-write-safety-');
  writeFileSync(join(dir, 'site.yaml'), SITE);
  let sims: RunningSimulators | undefined;
  let controller: Controller | undefined;
  try {
    sims = await startSimulators(loadSiteOrThrow(join(dir, 'site.yaml')), { ephemeralPorts: true });
    controller = await startTestController(sims, dir);
  } catch (error) {
    await controller?.stop();
    await sims?.stop();
    removeDir(dir);
    throw error;
  }
  const running = sims;
  const started = controller;
  const until = async (point: string, value: PointValue): Promise<void> => {
    await eventually(
      () => {
        const state = started.registry.store.get(point);
        return state?.quality === 'good' && state.value === value ? true : undefined;
      },
      30_000,
      `${point} = ${JSON.stringify(value)}`,
    );
  };
  const rig: WriteSafetyRig = {
    dir,
    sims: running,
    controller: started,
    async stimulate(device, path, body) {
      const url = running.endpoints.find((e) => e.device === device)?.controlUrl;
      if (!url) throw new Error(`no control API for ${device}`);
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${device} ${path}: ${res.status} ${await res.text()}`);
    },
    until,
    async close() {
      await started.stop();
      await running.stop();
      removeDir(dir);
    },
  };
  // Ready when the window contact is read and both devices answer.
  await until('school.zone1.window-open', false);
  await eventually(
    () => (started.registry.store.get('street.lamp01.level')?.quality === 'good' ? true : undefined),
    30_000,
    'street online',
  );
  return rig;
}
