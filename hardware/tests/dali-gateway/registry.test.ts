/**
 * The simulator registry starts a gateway from what a site file says about a device: the profile's
 * `simulator:` name, the endpoint URI and the `dali` section (hardware/sites/demo.yaml).
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { findSimulator, SIMULATORS } from '@phare/hardware/simulators/index.ts';
import { closeClient, getJson, tcpClient } from './wire.ts';

/** A free loopback port: endpoint URIs cannot say "port 0". */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('simulator registry', () => {
  it('names both DALI gateway models', () => {
    expect(Object.keys(SIMULATORS)).toEqual(
      expect.arrayContaining(['dali-gateway/intesis', 'dali-gateway/dalion']),
    );
  });

  it('refuses an unknown simulator name and lists the known ones', () => {
    expect(() => findSimulator('dali-gateway/lunatone')).toThrow(
      /no simulator "dali-gateway\/lunatone"; known: .*intesis/,
    );
  });

  it('starts a gateway from a site device entry, listening where its endpoint says', async () => {
    const port = await freePort();
    const running = await findSimulator('dali-gateway/intesis')({
      deviceId: 'street',
      endpoint: `modbus-tcp://127.0.0.1:${port}?unit=2`,
      controlPort: 0,
      device: {
        dali: {
          line: 0,
          luminaires: [
            { id: 'lamp01', shortAddress: 0, groups: [1], ratedPowerW: 60 },
            { id: 'lamp02', shortAddress: 1, groups: [1], ratedPowerW: 90 },
          ],
        },
      },
    });
    const client = await tcpClient(port, 2);
    try {
      expect(running.modbusPort).toBe(port);
      expect((await client.readHoldingRegisters(107, 1)).data).toEqual([6]);
      const state = (await getJson(`${running.controlUrl!}/state`)).body as { totals: { powerW: number } };
      expect(state.totals.powerW).toBeCloseTo(60.3 + 90.3, 6); // both at power-on level 100 %
    } finally {
      await closeClient(client);
      await running.stop();
    }
  });

  it('names the device when its dali section is missing', async () => {
    await expect(
      findSimulator('dali-gateway/dalion')({
        deviceId: 'park',
        endpoint: 'modbus-tcp://127.0.0.1:1502',
        device: {},
      }),
    ).rejects.toThrow(/device park: a DALI gateway needs a `dali` section/);
  });
});
