/**
 * The Modbus client as drivers see it: one per connection (TCP socket, serial line, or serial
 * device server), shared by every unit on it. Implemented in client.ts over a ByteTransport.
 *
 * - Values are raw 16-bit register words (0–65535) or bits; scaling lives in the device driver.
 * - Errors: ProtocolException with detail { functionCode, exceptionCode, exceptionName } for a Modbus
 *   exception; Timeout when the unit stays silent (detail { unit, functionCode, address, quantity });
 *   Disconnected when the transport drops (every pending request rejects with it); Canceled on close().
 * - TCP pipelines requests with transaction ids; a serial line (RTU, or RTU through a serial device
 *   server) keeps one request in flight and waits the t3.5 silence between frames.
 */
import type { Link } from '../contract.ts';

export interface RequestOptions {
  /** Per-request timeout; default from the client options. */
  timeoutMs?: number;
}

export interface ModbusClient extends Link {
  readRegisters(
    unit: number,
    table: 'holding' | 'input',
    address: number,
    quantity: number,
    options?: RequestOptions,
  ): Promise<number[]>;
  readBits(
    unit: number,
    table: 'coil' | 'discrete',
    address: number,
    quantity: number,
    options?: RequestOptions,
  ): Promise<boolean[]>;
  /** FC06: one holding register. */
  writeRegister(unit: number, address: number, value: number, options?: RequestOptions): Promise<void>;
  /** FC16: consecutive holding registers (1–123). */
  writeRegisters(unit: number, address: number, values: number[], options?: RequestOptions): Promise<void>;
  /** FC05 for one coil, FC15 for several. */
  writeCoils(unit: number, address: number, values: boolean[], options?: RequestOptions): Promise<void>;
  /** Counters since the client opened. */
  readonly counters: {
    requests: number;
    responses: number;
    exceptions: number;
    timeouts: number;
    bytesOut: number;
    bytesIn: number;
  };
}
