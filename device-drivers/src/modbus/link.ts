/**
 * Opens the Modbus link an endpoint names (ARCHITECTURE.md §2), choosing transport and framing by scheme:
 *   modbus-tcp://host:502        TCP socket + MBAP framing (pipelined)
 *   modbus-rtu:///dev/ttyUSB0    serial port + RTU framing (one request in flight)
 *   modbus-rtu-tcp://host:4001   TCP socket to a serial device server + RTU framing; the transport
 *                                carries the line's serial settings, so it counts as a serial line
 * Rejects with Disconnected or Timeout when the link cannot open, ConfigInvalid for another scheme.
 */
import { silentLogger, type Logger } from '../contract.ts';
import type { Endpoint } from '../endpoint.ts';
import { ConfigInvalid } from '../errors.ts';
import type { ByteTransport } from '../transports/contract.ts';
import { createSerialTransport } from '../transports/serial.ts';
import { createTcpTransport } from '../transports/tcp.ts';
import { createModbusClient } from './client.ts';
import type { ModbusClient } from './client-contract.ts';

export interface ModbusLinkOptions {
  /** Answer timeout per request. Default 1000 ms. */
  timeoutMs?: number;
  /** Default 3000 ms. */
  connectTimeoutMs?: number;
  /** TCP only: requests in flight on the connection (see client.ts). */
  maxInFlight?: number;
  /** Serial ports: exclusive lock (default true); false for ptys shared with a simulator. */
  lock?: boolean;
  logger?: Logger;
}

export async function openModbusLink(
  endpoint: Endpoint,
  options: ModbusLinkOptions = {},
): Promise<ModbusClient> {
  const logger = options.logger ?? silentLogger;
  const { location } = endpoint;
  let transport: ByteTransport;
  let framing: 'tcp' | 'rtu';
  if (endpoint.scheme === 'modbus-tcp' && location.kind === 'tcp') {
    transport = createTcpTransport({
      host: location.host,
      port: location.port,
      ...connectTimeout(options),
      logger,
    });
    framing = 'tcp';
  } else if (endpoint.scheme === 'modbus-rtu' && location.kind === 'serial' && endpoint.serial) {
    transport = createSerialTransport({
      path: location.path,
      serial: endpoint.serial,
      ...(options.lock === undefined ? {} : { lock: options.lock }),
      logger,
    });
    framing = 'rtu';
  } else if (endpoint.scheme === 'modbus-rtu-tcp' && location.kind === 'tcp' && endpoint.serial) {
    transport = createTcpTransport({
      host: location.host,
      port: location.port,
      serial: endpoint.serial,
      ...connectTimeout(options),
      logger,
    });
    framing = 'rtu';
  } else {
    throw new ConfigInvalid(
      `Endpoint "${endpoint.uri}" is not a Modbus endpoint: use modbus-tcp://, modbus-rtu:// or modbus-rtu-tcp://`,
    );
  }
  await transport.open();
  return createModbusClient(transport, {
    framing,
    logger,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
  });
}

function connectTimeout(options: ModbusLinkOptions): { connectTimeoutMs?: number } {
  return options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs };
}
