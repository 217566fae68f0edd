/**
 * Where a simulated gateway listens for Modbus, with a power switch: `stop()` closes the listener and
 * drops every connection (a gateway switched off, a pulled cable), `start()` listens again on the SAME
 * port or pty, so a driver reconnecting with backoff finds it where it was (ARCHITECTURE.md §6).
 *
 * - `tcp`: Modbus TCP (MBAP). `rtu-over-tcp`: raw RTU frames over TCP, as a serial device server.
 * - `rtu` with a path: a socat pty pair; the end the driver opens appears as a symlink at `path`, the
 *   simulator serves the other end (protocols.md §7.3). The link stays while the gateway is stopped.
 */
import { realpath, rm, symlink, lstat } from 'node:fs/promises';
import type { Logger } from '@phare/device-drivers/contract.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import type { ModbusUnitResolver } from '@phare/device-drivers/modbus/types.ts';
import type { SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { openPtyPair, type PtyPair } from '@phare/device-drivers/transports/pty-pair.ts';
import {
  startModbusRtuOverTcpServer,
  startModbusRtuServer,
  startModbusTcpServer,
} from '../modbus-server/index.ts';

export type GatewayTransport =
  | { kind: 'tcp'; host?: string; port: number }
  | { kind: 'rtu'; path: string; serial?: SerialSettings }
  | { kind: 'rtu-over-tcp'; host?: string; port: number };

/** Modbus over serial line default: 19200 baud, even parity (protocols.md §3.1). A pty ignores it. */
export const DEFAULT_SERIAL: SerialSettings = { baudRate: 19200, dataBits: 8, parity: 'even', stopBits: 1 };

export interface ModbusEndpoint {
  /** TCP port once listening (the ephemeral one when 0 was asked). */
  readonly port: number | undefined;
  /** The path a driver opens, for `rtu`. */
  readonly path: string | undefined;
  readonly running: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stop, and for `rtu` remove the pty pair and the link. */
  close(): Promise<void>;
}

export async function openModbusEndpoint(
  transport: GatewayTransport,
  resolveUnit: ModbusUnitResolver,
  logger: Logger,
): Promise<ModbusEndpoint> {
  let port = transport.kind === 'rtu' ? undefined : transport.port;
  let server: { close(): Promise<void> } | undefined;
  let pty: PtyPair | undefined;
  let linkPath: string | undefined;

  if (transport.kind === 'rtu') {
    const exists = await lstat(transport.path).then(
      () => true,
      () => false,
    );
    if (exists) {
      throw new ConfigInvalid(
        `cannot make the simulated serial port ${transport.path}: the path already exists`,
        {
          detail: { path: transport.path },
        },
      );
    }
    pty = await openPtyPair();
    try {
      await symlink(await realpath(pty.a), transport.path);
    } catch (error) {
      await pty.close();
      throw new ConfigInvalid(
        `cannot make the simulated serial port ${transport.path}: ${(error as Error).message}`,
        {
          detail: { path: transport.path },
          cause: error,
        },
      );
    }
    linkPath = transport.path;
  }

  const endpoint: ModbusEndpoint = {
    get port() {
      return port;
    },
    path: linkPath,
    get running() {
      return server !== undefined;
    },
    async start() {
      if (server) return;
      if (transport.kind === 'tcp') {
        const tcp = await startModbusTcpServer({
          ...hostOf(transport),
          port: port ?? 0,
          resolveUnit,
          logger,
        });
        port = tcp.port;
        server = tcp;
      } else if (transport.kind === 'rtu-over-tcp') {
        const tcp = await startModbusRtuOverTcpServer({
          ...hostOf(transport),
          port: port ?? 0,
          resolveUnit,
          logger,
        });
        port = tcp.port;
        server = tcp;
      } else {
        server = await startModbusRtuServer({
          transport: { path: pty!.b, serial: transport.serial ?? DEFAULT_SERIAL },
          resolveUnit,
          logger,
        });
      }
      logger.info('Modbus endpoint started', { kind: transport.kind, port, path: linkPath });
    },
    async stop() {
      const running = server;
      server = undefined;
      await running?.close();
      logger.info('Modbus endpoint stopped', { kind: transport.kind, port, path: linkPath });
    },
    async close() {
      await endpoint.stop();
      if (linkPath) await rm(linkPath, { force: true });
      await pty?.close();
    },
  };
  try {
    await endpoint.start();
  } catch (error) {
    await endpoint.close();
    throw error;
  }
  return endpoint;
}

function hostOf(transport: { host?: string }): { host?: string } {
  return transport.host ? { host: transport.host } : {};
}
