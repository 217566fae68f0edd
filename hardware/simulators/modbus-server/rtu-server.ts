/**
 * Modbus RTU server for simulators on a serial line: a real port, or one end of a socat pty pair
 * with the driver on the other (pty-pair.ts). Framing and slave behaviour: rtu-slave-session.ts.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { ModbusUnitResolver } from '@phare/device-drivers/modbus/types.ts';
import type { ByteTransport, SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { createSerialTransport } from '@phare/device-drivers/transports/serial.ts';
import { createRtuSlaveSession, createRtuStats, type RtuLineStats } from './rtu-slave-session.ts';

export interface ModbusRtuServerOptions {
  /** A transport (opened here if it is not open yet), or a port to open with `lock: false`. The server owns it: close() closes it. */
  transport: ByteTransport | { path: string; serial: SerialSettings };
  resolveUnit: ModbusUnitResolver;
  /** Delay each answer by its character time at the line's baud plus t3.5. Default false. */
  emulateLineTiming?: boolean;
  logger?: Logger;
}

export interface ModbusRtuServer {
  readonly transport: ByteTransport;
  readonly stats: RtuLineStats;
  close(): Promise<void>;
}

export async function startModbusRtuServer(options: ModbusRtuServerOptions): Promise<ModbusRtuServer> {
  const logger = (options.logger ?? silentLogger).child('modbus-rtu-server');
  const transport =
    'open' in options.transport
      ? options.transport
      : createSerialTransport({
          path: options.transport.path,
          serial: options.transport.serial,
          lock: false,
          logger,
        });
  if (!transport.isOpen) await transport.open();
  if (options.emulateLineTiming && !transport.serial)
    logger.warn('emulateLineTiming asked on a transport without serial settings: answering at once');

  const stats = createRtuStats();
  const session = createRtuSlaveSession({
    resolveUnit: options.resolveUnit,
    logger,
    stats,
    write: (frame) => transport.write(frame),
    ...(options.emulateLineTiming && transport.serial ? { lineTiming: transport.serial } : {}),
  });
  transport.onData((chunk) => session.onData(chunk));
  transport.onClose((error) => logger.warn('line closed', { error: error?.message }));
  return { transport, stats, close: () => transport.close() };
}
