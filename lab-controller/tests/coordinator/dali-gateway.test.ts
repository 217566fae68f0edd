import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { DaliGatewayDriver } from '@phare/device-drivers/dali/gateway-adapter.ts';
import type { DaliGatewayMap } from '@phare/device-drivers/dali/gateway-map.ts';
import {
  startDaliGatewaySimulator,
  type DaliGatewaySimulator,
} from '@phare/hardware/simulators/dali-gateway/index.ts';
import { createCoordinator } from '@phare/lab-controller/coordinator/coordinator.ts';
import type { Coordinator } from '@phare/lab-controller/coordinator/contract.ts';
import { eventually, record, tcpLinks } from './rig.ts';

let sim: DaliGatewaySimulator | undefined;
let coordinator: Coordinator | undefined;
afterEach(async () => {
  await coordinator?.stop();
  await sim?.stop();
  coordinator = undefined;
  sim = undefined;
});

const LAMPS = [0, 1, 2, 3].map((shortAddress) => ({
  id: `lamp${shortAddress + 1}`,
  shortAddress,
  groups: shortAddress < 3 ? [1] : [2],
}));

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${sim!.controlUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
}

async function start(): Promise<ReturnType<typeof record>> {
  const profile = parse(
    await readFile(
      fileURLToPath(new URL('../../../hardware/profiles/hms/intesis-dali-modbus.yaml', import.meta.url)),
      'utf8',
    ),
  ) as { dali: DaliGatewayMap; connection: { maxGap: number } };
  sim = await startDaliGatewaySimulator({
    model: 'intesis',
    transport: { kind: 'tcp', port: 0 },
    luminaires: LAMPS.map(({ shortAddress, groups }) => ({ shortAddress, groups })),
    fadeTimeX: 0,
    controlPort: 0,
  });
  coordinator = createCoordinator({
    connectionKey: `modbus-tcp://127.0.0.1:${sim.modbusPort}`,
    openLink: tcpLinks(sim.modbusPort!, 500),
    devices: [
      {
        id: 'street',
        driver: new DaliGatewayDriver({
          unitId: 1,
          line: 0,
          map: profile.dali,
          luminaires: LAMPS,
          groups: [1, 2],
          maxGap: profile.connection.maxGap,
          deviceId: 'street',
        }),
        pollIntervalsMs: { default: 200 },
        timeoutMs: 500,
      },
    ],
    backoff: { initialMs: 100, maxMs: 400 },
  });
  const events = record(coordinator);
  coordinator.start();
  await eventually(() => coordinator!.status('street') === 'online', 5_000, 'online');
  return events;
}

describe('coordinator with the DALI gateway driver on the Intesis simulator', () => {
  it('sends a group write through the queue as one DALI frame and polls the new levels back', async () => {
    const events = await start();
    const report = await coordinator!.write(
      'street',
      ['lamp1', 'lamp2', 'lamp3'].map((lamp) => ({ point: `${lamp}.level`, value: 25 })),
    );
    expect(report.commands).toEqual([
      'DALI group 1 level 25 % (3 luminaires, 1 frame) via holding 6420 unit 1',
    ]);
    await eventually(
      () =>
        ['lamp1', 'lamp2', 'lamp3'].every(
          (lamp) => Math.abs(Number(events.latest('street', `${lamp}.level`)?.value) - 25) <= 1,
        ),
      10_000,
      'levels polled back',
    );
    const state = (await (await fetch(`${sim!.controlUrl}/state`)).json()) as {
      bus: { frames: Record<string, number> };
    };
    expect(state.bus.frames['group']).toBe(1);
    expect(state.bus.frames['short']).toBe(0);
  });

  it('goes offline when the gateway is switched off and comes back online by itself', async () => {
    const events = await start();
    await control('/gateway', { running: false });
    await eventually(() => coordinator!.status('street') === 'offline', 5_000, 'offline');
    expect(events.latest('street', 'lamp1.level')?.quality).toBe('offline');
    await control('/gateway', { running: true });
    await eventually(() => coordinator!.status('street') === 'online', 8_000, 'online again');
    await eventually(() => events.latest('street', 'lamp1.level')?.quality === 'good', 3_000, 'good again');
    expect(events.statusesOf('street')).toEqual(['online', 'offline', 'online']);
  });
});
