/**
 * Test helper: a TCP relay between a Modbus client and a server that records the function code
 * and unit of every request frame passing through, so tests can assert what went on the wire
 * (FC06 versus FC16, how many requests) without trusting either end.
 */
import net from 'node:net';
import { MbapFrameReader } from '@phare/device-drivers/modbus/mbap.ts';

export interface WireTap {
  port: number;
  /** One entry per request frame: function code, unit, start address. */
  requests: { functionCode: number; unit: number; address: number }[];
  close(): Promise<void>;
}

export async function startWireTap(targetPort: number): Promise<WireTap> {
  const requests: WireTap['requests'] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const reader = new MbapFrameReader();
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(chunk).frames) {
        requests.push({ functionCode: frame.pdu[0]!, unit: frame.unit, address: frame.pdu.readUInt16BE(1) });
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
