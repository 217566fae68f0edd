import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startModbusRtuOverTcpServer,
  startModbusRtuServer,
  startModbusTcpServer,
} from '@phare/hardware/simulators/modbus-server/index.ts';
import { parseEndpoint } from '@phare/device-drivers/endpoint.ts';
import { ConfigInvalid, Disconnected } from '@phare/device-drivers/errors.ts';
import type { ModbusClient } from '@phare/device-drivers/modbus/client-contract.ts';
import { openModbusLink } from '@phare/device-drivers/modbus/link.ts';
import { openPtyPair } from '@phare/device-drivers/transports/pty-pair.ts';
import { createRegisterBank } from './register-bank.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function unit3() {
  const bank = createRegisterBank({ holding: new Map([[106, 1234]]) });
  return (unit: number) => (unit === 3 ? bank : undefined);
}

async function opened(uri: string): Promise<ModbusClient> {
  const client = await openModbusLink(parseEndpoint(uri), { timeoutMs: 1000 });
  cleanups.push(() => client.close());
  return client;
}

describe('openModbusLink', () => {
  it('opens modbus-tcp:// as TCP with MBAP framing', async () => {
    const server = await startModbusTcpServer({ port: 0, resolveUnit: unit3() });
    cleanups.push(() => server.close());
    const client = await opened(`modbus-tcp://127.0.0.1:${server.port}?unit=3`);
    expect(await client.readRegisters(3, 'holding', 106, 1)).toEqual([1234]);
    expect(client.isSerialLine).toBe(false);
    expect(client.description).toBe(`modbus-tcp over tcp 127.0.0.1:${server.port}`);
  });

  it('opens modbus-rtu:///dev/… as a serial port with RTU framing', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const server = await startModbusRtuServer({
      transport: { path: pty.a, serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 2 } },
      resolveUnit: unit3(),
    });
    cleanups.push(() => server.close());
    const client = await opened(`modbus-rtu://${pty.b}?baud=9600&parity=none&stopBits=2&unit=3`);
    expect(await client.readRegisters(3, 'holding', 106, 1)).toEqual([1234]);
    expect(client.isSerialLine).toBe(true);
    expect(client.description).toBe(`modbus-rtu over serial ${pty.b} 9600 8N2`);
  });

  it('opens modbus-rtu-tcp:// as TCP carrying RTU frames, counted as a serial line', async () => {
    const server = await startModbusRtuOverTcpServer({ port: 0, resolveUnit: unit3() });
    cleanups.push(() => server.close());
    const client = await opened(`modbus-rtu-tcp://127.0.0.1:${server.port}?unit=3`);
    expect(await client.readRegisters(3, 'holding', 106, 1)).toEqual([1234]);
    expect(client.isSerialLine).toBe(true);
    expect(client.description).toBe(`modbus-rtu over tcp 127.0.0.1:${server.port} (serial 19200 8E1)`);
  });

  it('rejects with Disconnected when nothing listens', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(openModbusLink(parseEndpoint(`modbus-tcp://127.0.0.1:${port}`))).rejects.toBeInstanceOf(
      Disconnected,
    );
  });

  it('refuses an endpoint of another protocol with ConfigInvalid', async () => {
    await expect(openModbusLink(parseEndpoint('opc.tcp://127.0.0.1:4840'))).rejects.toBeInstanceOf(
      ConfigInvalid,
    );
  });
});
