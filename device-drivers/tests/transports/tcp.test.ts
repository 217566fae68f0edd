import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Canceled, Disconnected } from '@phare/device-drivers/errors.ts';
import type { ByteTransport } from '@phare/device-drivers/transports/contract.ts';
import { createTcpTransport } from '@phare/device-drivers/transports/tcp.ts';

let server: net.Server | undefined;
const peers: net.Socket[] = [];
let transport: ByteTransport | undefined;

/** A loopback peer that echoes every byte back, uppercased by one (each byte + 1) to prove the path. */
async function listen(): Promise<number> {
  server = net.createServer((socket) => {
    peers.push(socket);
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => socket.write(Buffer.from(chunk.map((byte) => (byte + 1) & 0xff))));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

afterEach(async () => {
  await transport?.close();
  for (const peer of peers.splice(0)) peer.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = transport = undefined;
});

describe('TCP transport', () => {
  it('carries bytes both ways', async () => {
    transport = createTcpTransport({ host: '127.0.0.1', port: await listen() });
    const received = new Promise<Buffer>((resolve) => transport!.onData(resolve));
    await transport.open();
    expect(transport.isOpen).toBe(true);
    await transport.write(Buffer.from([1, 2, 3]));
    expect([...(await received)]).toEqual([2, 3, 4]);
  });

  it('rejects open() with Disconnected when the port refuses', async () => {
    const port = await listen();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    transport = createTcpTransport({ host: '127.0.0.1', port });
    const error = await transport.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Disconnected);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('calls onClose once with Disconnected when the peer drops the link, and then refuses writes', async () => {
    transport = createTcpTransport({ host: '127.0.0.1', port: await listen() });
    const closes: (Error | undefined)[] = [];
    transport.onClose((error) => closes.push(error));
    await transport.open();
    await waitFor(() => peers.length === 1);
    peers[0]!.destroy();
    await waitFor(() => closes.length > 0);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toBeInstanceOf(Disconnected);
    await expect(transport.write(Buffer.from([1]))).rejects.toBeInstanceOf(Disconnected);
  });

  it('does not call onClose on close(), and a write after close() is Canceled', async () => {
    transport = createTcpTransport({ host: '127.0.0.1', port: await listen() });
    let closes = 0;
    transport.onClose(() => closes++);
    await transport.open();
    await transport.close();
    await expect(transport.write(Buffer.from([1]))).rejects.toBeInstanceOf(Canceled);
    expect(transport.isOpen).toBe(false);
    expect(closes).toBe(0);
  });

  it('counts as a serial line when it reaches a serial device server', () => {
    const serial = createTcpTransport({
      host: '127.0.0.1',
      port: 4001,
      serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 2 },
    });
    expect(serial.isSerialLine).toBe(true);
    expect(serial.description).toBe('tcp 127.0.0.1:4001 (serial 9600 8N2)');
    expect(createTcpTransport({ host: '127.0.0.1', port: 502 }).isSerialLine).toBe(false);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
