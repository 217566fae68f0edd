/**
 * Test fixture: a simulated DALI gateway (Intesis or DALION) on an ephemeral port with its control
 * API, a Modbus client to it, and a DaliGatewayDriver built from the vendor's profile file, so the
 * tests prove the driver works from data alone.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { DaliGatewayDriver } from '@phare/device-drivers/dali/gateway-adapter.ts';
import type { DaliGatewayMap, LuminaireDef } from '@phare/device-drivers/dali/gateway-map.ts';
import type { ModbusClient } from '@phare/device-drivers/modbus/client-contract.ts';
import { openModbusLink } from '@phare/device-drivers/modbus/link.ts';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import type { RegisterTable } from '@phare/device-drivers/modbus/types.ts';
import {
  startDaliGatewaySimulator,
  type DaliGatewaySimulator,
} from '@phare/hardware/simulators/dali-gateway/index.ts';

const PROFILES = {
  intesis: '../../../hardware/profiles/hms/intesis-dali-modbus.yaml',
  dalion: '../../../hardware/profiles/bacmove/dalion-modbus-tcp.yaml',
} as const;

interface ProfileFile {
  connection: {
    maxGap?: number;
    maxRegistersPerRequest?: number;
    forbiddenRanges?: { table: RegisterTable; from: number; to: number }[];
  };
  dali: DaliGatewayMap;
}

export async function loadProfile(model: keyof typeof PROFILES): Promise<ProfileFile> {
  const text = await readFile(fileURLToPath(new URL(PROFILES[model], import.meta.url)), 'utf8');
  return parse(text) as ProfileFile;
}

export interface GatewayRig {
  sim: DaliGatewaySimulator;
  client: ModbusClient;
  driver: DaliGatewayDriver;
  /** DALI frame counters from the simulator's control API, once the gateway's queue is empty. */
  framesWhenIdle(): Promise<{ short: number; group: number; broadcast: number; commandFrames: number }>;
  /** Gear output in percent, by short address, from the control API. */
  gearLevels(): Promise<Map<number, number>>;
  close(): Promise<void>;
}

export async function startGateway(
  model: 'intesis' | 'dalion',
  luminaires: (LuminaireDef & { ratedPowerW?: number })[],
  groups: number[],
): Promise<GatewayRig> {
  const profile = await loadProfile(model);
  const sim = await startDaliGatewaySimulator({
    model,
    transport: { kind: 'tcp', port: 0 },
    luminaires: luminaires.map(({ shortAddress, groups: g, ratedPowerW }) => ({
      shortAddress,
      groups: g,
      ...(ratedPowerW ? { ratedPowerW } : {}),
    })),
    fadeTimeX: 0,
    controlPort: 0,
  });
  const client = await openModbusLink(parseEndpoint(`modbus-tcp://127.0.0.1:${sim.modbusPort}?unit=1`), {
    timeoutMs: 2000,
  });
  const driver = new DaliGatewayDriver({
    unitId: 1,
    line: 0,
    map: profile.dali,
    luminaires,
    groups,
    deviceId: `${model}-gateway`,
    ...profile.connection,
  });
  const state = async () => {
    const response = await fetch(`${sim.controlUrl}/state`);
    return (await response.json()) as {
      bus: { frames: Record<string, number>; commandFrames: number; queueLength: number };
      gear: { shortAddress: number; levelPercent: number }[];
    };
  };
  return {
    sim,
    client,
    driver,
    async framesWhenIdle() {
      for (let tries = 0; ; tries++) {
        const { bus } = await state();
        if (bus.queueLength === 0 || tries > 100) {
          return {
            short: bus.frames['short'] ?? 0,
            group: bus.frames['group'] ?? 0,
            broadcast: bus.frames['broadcast'] ?? 0,
            commandFrames: bus.commandFrames,
          };
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async gearLevels() {
      const { gear } = await state();
      return new Map(gear.map((g) => [g.shortAddress, g.levelPercent]));
    },
    async close() {
      await client.close();
      await sim.stop();
    },
  };
}

/** Site-like luminaires: `lampNN` at short address NN−1 with the given groups. */
export function lamps(groupsByShortAddress: number[][]): LuminaireDef[] {
  return groupsByShortAddress.map((groups, shortAddress) => ({
    id: `lamp${String(shortAddress + 1).padStart(2, '0')}`,
    shortAddress,
    groups,
  }));
}
