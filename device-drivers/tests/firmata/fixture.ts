/**
 * The maquette for driver tests: the simulated board on a pty, a link to it, and the driver built
 * from the components of the real profile (hardware/profiles/arduino/maquette-uno.yaml).
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import {
  FirmataBoardDriver,
  openFirmataLink,
  type FirmataComponentDef,
  type FirmataLink,
} from '@phare/device-drivers/firmata/index.ts';
import {
  startFirmataBoardSimulator,
  type FirmataBoardSimulator,
} from '@phare/hardware/simulators/firmata-board/index.ts';

export async function profileComponents(): Promise<FirmataComponentDef[]> {
  const url = new URL('../../../hardware/profiles/arduino/maquette-uno.yaml', import.meta.url);
  const profile = parse(await readFile(url, 'utf8')) as { components: FirmataComponentDef[] };
  return profile.components;
}

export interface Maquette {
  sim: FirmataBoardSimulator;
  link: FirmataLink;
  driver: FirmataBoardDriver;
  control(path: string, body?: unknown): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function openMaquette(transport: 'pty' | 'tcp' = 'pty'): Promise<Maquette> {
  const sim = await startFirmataBoardSimulator({
    transport: transport === 'pty' ? { kind: 'pty' } : { kind: 'tcp', port: 0 },
    controlPort: 0,
  });
  try {
    const uri =
      transport === 'pty' ? `firmata://${sim.path}` : `serial-tcp://127.0.0.1:${sim.port}?protocol=firmata`;
    const link = await openFirmataLink(uri, { device: 'maquette' });
    const driver = new FirmataBoardDriver({ components: await profileComponents(), deviceId: 'maquette' });
    return {
      sim,
      link,
      driver,
      async control(path, body) {
        const response = await fetch(
          `${sim.controlUrl}${path}`,
          body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
        );
        return (await response.json()) as Record<string, unknown>;
      },
      async close() {
        await link.close();
        await sim.stop();
      },
    };
  } catch (error) {
    await sim.stop();
    throw error;
  }
}

export async function readPoint(m: Maquette, id: string, link: FirmataLink = m.link) {
  const [request] = m.driver.planReads([id]);
  const [reading] = await m.driver.read(link, request!);
  return reading!;
}
