/**
 * The wire a simulated serial water sensor sits on, seen from the sensor:
 * - `pty`: a socat pty pair (protocols.md §7.3). The simulator holds one end; the driver opens the
 *   other, at a stable symlink path when one is asked for (the path in the site's endpoint), so
 *   `sdi12:///tmp/phare/river-gauge` keeps working across restarts.
 * - `tcp`: a raw TCP server, as a serial device server (Moxa NPort "TCP server" mode) presents a
 *   serial line: bytes in, bytes out, no framing. Every connected client hears what the sensor sends,
 *   as everyone on a shared wire would.
 * A pty and a TCP socket pass bytes at once: baud, parity and break are not emulated (§7.3), so the
 * simulators pace their answers themselves (pacing.ts).
 */
import { readlink, realpath, rm, symlink } from 'node:fs/promises';
import net from 'node:net';
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { ByteTransport, SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { openPtyPair } from '@phare/device-drivers/transports/pty-pair.ts';
import { createSerialTransport } from '@phare/device-drivers/transports/serial.ts';

export type SimLineSpec =
  | {
      kind: 'pty';
      /** Stable path for the driver side (a symlink made here); default: the pair's own link. */ path?: string;
    }
  | { kind: 'tcp'; host?: string; /** 0 = ephemeral. */ port: number };

export interface SimLine {
  readonly description: string;
  /** pty: the path the driver opens. */
  readonly driverPath: string | undefined;
  /** tcp: the port the driver connects to. */
  readonly port: number | undefined;
  onData(listener: (chunk: Buffer) => void): void;
  /** Sends to the driver side (every TCP client). */
  write(data: Buffer): Promise<void>;
  close(): Promise<void>;
}

export async function openSimLine(
  spec: SimLineSpec,
  serial: SerialSettings,
  logger: Logger = silentLogger,
): Promise<SimLine> {
  return spec.kind === 'pty'
    ? openPtyLine(spec.path, serial, logger)
    : openTcpLine(spec.host ?? '127.0.0.1', spec.port, logger);
}

async function openPtyLine(
  stablePath: string | undefined,
  serial: SerialSettings,
  logger: Logger,
): Promise<SimLine> {
  const pair = await openPtyPair();
  let transport: ByteTransport | undefined;
  let linked: string | undefined;
  try {
    transport = createSerialTransport({ path: pair.a, serial, lock: false, logger });
    const listeners: ((chunk: Buffer) => void)[] = [];
    transport.onData((chunk) => listeners.forEach((listener) => listener(chunk)));
    await transport.open();
    if (stablePath !== undefined) {
      const target = await realpath(pair.b);
      await rm(stablePath, { force: true });
      await symlink(target, stablePath);
      linked = target;
    }
    const driverPath = stablePath ?? pair.b;
    const open = transport;
    return {
      description: `pty ${driverPath}`,
      driverPath,
      port: undefined,
      onData: (listener) => listeners.push(listener),
      write: (data) => open.write(data),
      close: async () => {
        await open.close();
        await pair.close();
        // Remove the stable link only if it is still ours (another run may have replaced it).
        if (stablePath !== undefined && linked !== undefined) {
          const current = await readlink(stablePath).catch(() => undefined);
          if (current === linked) await rm(stablePath, { force: true });
        }
      },
    };
  } catch (error) {
    await transport?.close();
    await pair.close();
    throw error;
  }
}

async function openTcpLine(host: string, port: number, logger: Logger): Promise<SimLine> {
  const clients = new Set<net.Socket>();
  const listeners: ((chunk: Buffer) => void)[] = [];
  const server = net.createServer((socket) => {
    clients.add(socket);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => listeners.forEach((listener) => listener(chunk)));
    socket.on('error', (error) => logger.debug('serial-tcp client error', { error: error.message }));
    socket.on('close', () => clients.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as net.AddressInfo).port;
  return {
    description: `serial-tcp ${host}:${bound}`,
    driverPath: undefined,
    port: bound,
    onData: (listener) => listeners.push(listener),
    write: async (data) => {
      await Promise.all(
        [...clients].map(
          (socket) =>
            new Promise<void>((resolve) =>
              socket.writable ? socket.write(data, () => resolve()) : resolve(),
            ),
        ),
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of clients) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
