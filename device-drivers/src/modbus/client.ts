/**
 * The Modbus client over a ByteTransport (contract in client-contract.ts). It checks requests,
 * encodes PDUs, hands them to a dispatcher for the framing (TCP: pipelined MBAP; RTU: one request
 * in flight on the line) and turns outcomes into the closed set of errors:
 *   exception answer → ProtocolException (detail: unit, functionCode, exceptionCode, exceptionName)
 *   silence → Timeout · damaged RTU answer → ChecksumMismatch · link drop → Disconnected · close() → Canceled
 * The transport must be open; the client owns it from then on (close() closes it).
 */
import { silentLogger, type Logger } from '../contract.ts';
import {
  Canceled,
  ChecksumMismatch,
  Disconnected,
  NotSupported,
  OutOfRange,
  ProtocolException,
  Timeout,
  type PhareError,
} from '../errors.ts';
import type { ByteTransport } from '../transports/contract.ts';
import type { ModbusClient, RequestOptions } from './client-contract.ts';
import { decodeResponsePdu, describeRequest, encodeRequestPdu, functionCodeOf, quantityOf } from './pdu.ts';
import type { ModbusRequest } from './pdu.ts';
import { interFrameSilenceMs, RTU_BROADCAST_UNIT } from './rtu.ts';
import { createRtuDispatcher } from './rtu-dispatcher.ts';
import { createTcpDispatcher } from './tcp-dispatcher.ts';
import type { TransactionDispatcher, TransactionOutcome } from './transaction.ts';
import {
  EXCEPTION_NAMES,
  MAX_READ_BITS,
  MAX_READ_REGISTERS,
  MAX_WRITE_COILS,
  MAX_WRITE_REGISTERS,
} from './types.ts';

export interface ModbusClientOptions {
  /** `tcp`: MBAP with transaction ids. `rtu`: address + CRC, one request in flight (serial line or serial device server). */
  framing: 'tcp' | 'rtu';
  /** Answer timeout per request, from the moment it goes on the wire. Default 1000 ms. */
  timeoutMs?: number;
  logger?: Logger;
  /** RTU: silence before each request. Default t3.5 of the transport's serial settings (1.75 ms above 19200 baud). */
  interFrameDelayMs?: number;
  /** TCP: requests in flight on the connection; more wait in order. Default 32. RTU is always 1. */
  maxInFlight?: number;
}

type Counters = ModbusClient['counters'];

export function createModbusClient(transport: ByteTransport, options: ModbusClientOptions): ModbusClient {
  const logger = (options.logger ?? silentLogger).child('modbus');
  const defaultTimeoutMs = options.timeoutMs ?? 1000;
  const counters: Counters = {
    requests: 0,
    responses: 0,
    exceptions: 0,
    timeouts: 0,
    bytesOut: 0,
    bytesIn: 0,
  };
  const description = `modbus-${options.framing} over ${transport.description}`;
  const closeListeners: ((error?: Error) => void)[] = [];
  let ended: PhareError | undefined;

  const context = {
    send: (frame: Buffer): Promise<void> => {
      counters.bytesOut += frame.length;
      return transport.write(frame);
    },
    debug: (message: string, data?: Record<string, unknown>): void => logger.debug(message, data),
  };
  const dispatcher: TransactionDispatcher =
    options.framing === 'tcp'
      ? createTcpDispatcher({
          ...context,
          maxInFlight: Math.max(1, options.maxInFlight ?? 32),
          onCorruptStream: (reason) => {
            logger.warn('MBAP stream corrupt, dropping the link', { link: description, reason });
            linkDropped(
              new Disconnected(`${description}: answer stream corrupt (${reason})`, { detail: { reason } }),
            );
            void transport.close();
          },
        })
      : createRtuDispatcher({
          ...context,
          interFrameDelayMs:
            options.interFrameDelayMs ?? (transport.serial ? interFrameSilenceMs(transport.serial) : 1.75),
          afterTimeoutSilenceMs: Math.max(options.interFrameDelayMs ?? 0, 20),
        });

  const linkDropped = (error: Error): void => {
    if (ended) return;
    ended =
      error instanceof Disconnected
        ? error
        : new Disconnected(`${description}: link dropped`, { cause: error });
    dispatcher.failAll(ended);
    for (const listener of closeListeners) listener(ended);
  };

  transport.onData((chunk) => {
    counters.bytesIn += chunk.length;
    dispatcher.onData(chunk);
  });
  transport.onClose((error) => linkDropped(error ?? new Disconnected(`${description}: link closed`)));

  const execute = (
    unit: number,
    request: ModbusRequest,
    requestOptions?: RequestOptions,
  ): Promise<TransactionOutcome> => {
    checkRequest(unit, request);
    if (options.framing === 'rtu' && unit === RTU_BROADCAST_UNIT && request.kind.startsWith('read')) {
      throw new NotSupported(
        `${describeRequest(unit, request)}: unit 0 is the RTU broadcast address, which nobody answers`,
      );
    }
    if (ended) return Promise.reject(ended);
    counters.requests++;
    const timeoutMs = requestOptions?.timeoutMs ?? defaultTimeoutMs;
    return new Promise<TransactionOutcome>((resolve) => {
      dispatcher.submit({
        unit,
        request,
        functionCode: functionCodeOf(request),
        pdu: encodeRequestPdu(request),
        timeoutMs,
        done: resolve,
      });
    });
  };

  /** Runs a request and returns the decoded answer, or throws the error the outcome means. */
  const call = async (unit: number, request: ModbusRequest, requestOptions?: RequestOptions) => {
    const outcome = await execute(unit, request, requestOptions);
    const label = describeRequest(unit, request);
    const detail = {
      unit,
      functionCode: functionCodeOf(request),
      address: request.address,
      quantity: quantityOf(request),
    };
    switch (outcome.kind) {
      case 'error':
        throw outcome.error;
      case 'sent':
        return undefined;
      case 'timeout':
        counters.timeouts++;
        throw new Timeout(
          `No answer to ${label} within ${requestOptions?.timeoutMs ?? defaultTimeoutMs} ms (${transport.description})`,
          { detail },
        );
      case 'damaged':
        throw new ChecksumMismatch(`Answer to ${label} failed its CRC check (${transport.description})`, {
          detail: { ...detail, frame: outcome.frame.toString('hex') },
        });
      case 'answer': {
        counters.responses++;
        const response = decodeResponsePdu(request, outcome.pdu);
        if (response.kind === 'exception') {
          counters.exceptions++;
          const code = response.exceptionCode;
          const exceptionName = EXCEPTION_NAMES[code] ?? 'UNKNOWN EXCEPTION';
          const hex = `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
          throw new ProtocolException(`Modbus exception ${hex} ${exceptionName} for ${label}`, {
            detail: { ...detail, exceptionCode: code, exceptionName },
          });
        }
        if (response.kind === 'malformed') {
          throw new ProtocolException(`Malformed answer to ${label}: ${response.reason}`, {
            detail: { ...detail, reason: response.reason, pdu: outcome.pdu.toString('hex') },
          });
        }
        return response;
      }
    }
  };

  return {
    description,
    isSerialLine: options.framing === 'rtu' || transport.isSerialLine,
    counters,
    async readRegisters(unit, table, address, quantity, requestOptions) {
      const response = await call(unit, { kind: 'readRegisters', table, address, quantity }, requestOptions);
      return response?.kind === 'registers' ? response.values : [];
    },
    async readBits(unit, table, address, quantity, requestOptions) {
      const response = await call(unit, { kind: 'readBits', table, address, quantity }, requestOptions);
      return response?.kind === 'bits' ? response.values : [];
    },
    async writeRegister(unit, address, value, requestOptions) {
      await call(unit, { kind: 'writeRegister', address, value }, requestOptions);
    },
    async writeRegisters(unit, address, values, requestOptions) {
      await call(unit, { kind: 'writeRegisters', address, values: [...values] }, requestOptions);
    },
    async writeCoils(unit, address, values, requestOptions) {
      const request: ModbusRequest =
        values.length === 1
          ? { kind: 'writeCoil', address, value: values[0]! }
          : { kind: 'writeCoils', address, values: [...values] };
      await call(unit, request, requestOptions);
    },
    onClose(listener) {
      closeListeners.push(listener);
    },
    async close() {
      if (!ended) {
        ended = new Canceled(`${description}: client closed`);
        dispatcher.failAll(ended);
      }
      await transport.close();
    },
  };
}

/** Refuses what the protocol cannot carry before it reaches the wire (Application Protocol §6). */
function checkRequest(unit: number, request: ModbusRequest): void {
  const label = describeRequest(unit, request);
  const fail = (why: string): never => {
    throw new OutOfRange(`${label}: ${why}`, { detail: { unit, functionCode: functionCodeOf(request) } });
  };
  if (!Number.isInteger(unit) || unit < 0 || unit > 255) fail('unit id must be 0–255');
  if (!Number.isInteger(request.address) || request.address < 0 || request.address > 0xffff)
    fail('address must be 0–65535');
  const quantity = quantityOf(request);
  const limit = {
    readRegisters: MAX_READ_REGISTERS,
    readBits: MAX_READ_BITS,
    writeRegisters: MAX_WRITE_REGISTERS,
    writeCoils: MAX_WRITE_COILS,
    writeRegister: 1,
    writeCoil: 1,
  }[request.kind];
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > limit) fail(`quantity must be 1–${limit}`);
  if (request.address + quantity > 0x10000) fail('address + quantity passes 65535');
  const words =
    request.kind === 'writeRegister'
      ? [request.value]
      : request.kind === 'writeRegisters'
        ? request.values
        : [];
  for (const word of words)
    if (!Number.isInteger(word) || word < 0 || word > 0xffff) fail(`register value ${word} is not 0–65535`);
}
