/**
 * Raw RTU frames over TCP, as a serial device server in "TCP server" mode (a Moxa NPort with a
 * Modbus RTU line behind it, protocols.md §3.4): no MBAP, CRC included, one request at a time per
 * connection, unknown units silent as on the line itself.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { ModbusUnitResolver } from '@phare/device-drivers/modbus/types.ts';
import type { SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { createRtuSlaveSession, createRtuStats } from './rtu-slave-session.ts';
import { listenTcp, type RunningTcpServer } from './tcp-listener.ts';

export interface ModbusRtuOverTcpServerOptions {
  host?: string;
  port: number;
  resolveUnit: ModbusUnitResolver;
  /** The line behind the device server; with emulateLineTiming, answers take its time. */
  serial?: SerialSettings;
  emulateLineTiming?: boolean;
  logger?: Logger;
}

export type ModbusRtuOverTcpServer = RunningTcpServer;

export function startModbusRtuOverTcpServer(
  options: ModbusRtuOverTcpServerOptions,
): Promise<ModbusRtuOverTcpServer> {
  const logger = (options.logger ?? silentLogger).child('modbus-rtu-tcp-server');
  const lineTiming = options.emulateLineTiming && options.serial ? { lineTiming: options.serial } : {};
  return listenTcp({
    ...(options.host ? { host: options.host } : {}),
    port: options.port,
    logger,
    onConnection: (socket, serverStats) => {
      const lineStats = createRtuStats();
      const session = createRtuSlaveSession({
        resolveUnit: options.resolveUnit,
        logger,
        stats: lineStats,
        ...lineTiming,
        write: (frame) =>
          new Promise<void>((resolve, reject) => {
            if (!socket.writable) {
              resolve();
              return;
            }
            socket.write(frame, (error) => (error ? reject(error) : resolve()));
          }),
      });
      socket.on('data', (chunk: Buffer) => {
        const before = lineStats.requests;
        session.onData(chunk);
        serverStats.requests += lineStats.requests - before;
      });
    },
  });
}
