/**
 * What the client hands to a framing-specific dispatcher (TCP pipeline or RTU line): one request
 * waiting for its answer. Dispatchers deal in frames and time; the client turns outcomes into
 * typed errors with messages that name the request.
 */
import type { PhareError } from '../errors.ts';
import type { ModbusRequest } from './pdu.ts';

export type TransactionOutcome =
  | { kind: 'answer'; pdu: Buffer }
  /** RTU broadcast (unit 0) writes: sent, and by the spec nobody answers. */
  | { kind: 'sent' }
  | { kind: 'timeout' }
  /** A frame that looked like the answer arrived with a bad CRC (RTU). */
  | { kind: 'damaged'; frame: Buffer }
  | { kind: 'error'; error: PhareError };

export interface Transaction {
  unit: number;
  request: ModbusRequest;
  functionCode: number;
  /** The request PDU, encoded once. */
  pdu: Buffer;
  timeoutMs: number;
  /** Called exactly once. */
  done(outcome: TransactionOutcome): void;
}

export interface TransactionDispatcher {
  submit(transaction: Transaction): void;
  onData(chunk: Buffer): void;
  /** Settle every queued and in-flight transaction with `error` (link dropped, or close()). */
  failAll(error: PhareError): void;
}

export interface DispatcherContext {
  /** Puts a frame on the wire; rejects with Disconnected or Canceled. */
  send(frame: Buffer): Promise<void>;
  debug(message: string, data?: Record<string, unknown>): void;
}
