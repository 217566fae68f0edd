/**
 * Modbus TCP transactions: requests pipelined on one connection, matched to answers by transaction
 * id (Messaging on TCP/IP Implementation Guide V1.0b §4.2; protocols.md §3.4). Answers may come in
 * any order; an answer with an unknown id (late, after its timeout) is dropped.
 *
 * Many devices and TCP-to-RTU gateways handle one transaction at a time (protocols.md §3.4), so the
 * number in flight is capped; the rest wait in order.
 */
import { answerDeadline, type AnswerDeadline } from './answer-deadline.ts';
import { Disconnected, asPhareError } from '../errors.ts';
import { MbapFrameReader, encodeMbapFrame } from './mbap.ts';
import type { DispatcherContext, Transaction, TransactionDispatcher } from './transaction.ts';

export interface TcpDispatcherOptions extends DispatcherContext {
  maxInFlight: number;
  /** The stream lost its frame boundaries: the client must drop the link. */
  onCorruptStream(reason: string): void;
}

/** A frame whose bytes stop arriving for this long (or the request timeout, if shorter) is never coming. */
const STALLED_FRAME_MS = 100;

interface InFlight {
  transaction: Transaction;
  deadline: AnswerDeadline;
}

export function createTcpDispatcher(options: TcpDispatcherOptions): TransactionDispatcher {
  const reader = new MbapFrameReader();
  const queue: Transaction[] = [];
  const inFlight = new Map<number, InFlight>();
  let nextId = 1;
  let lastDataAt = 0;

  const allocateId = (): number => {
    // 16-bit ids wrap; skip any still waiting so two requests never share one.
    while (inFlight.has(nextId)) nextId = (nextId + 1) & 0xffff;
    const id = nextId;
    nextId = (nextId + 1) & 0xffff;
    return id;
  };

  const settle = (id: number, entry: InFlight, outcome: Parameters<Transaction['done']>[0]): void => {
    entry.deadline.clear();
    inFlight.delete(id);
    entry.transaction.done(outcome);
  };

  const pump = (): void => {
    while (queue.length > 0 && inFlight.size < options.maxInFlight) {
      const transaction = queue.shift()!;
      const id = allocateId();
      const deadline = answerDeadline(transaction.timeoutMs, () => {
        const entry = inFlight.get(id);
        if (entry) settle(id, entry, { kind: 'timeout' });
        // Part of a frame has sat unfinished while the line stayed quiet: TCP delivers a frame in one
        // burst, so the peer sent a short frame and every later answer would be read out of step
        // (fuzz test, issue 9). Only a new connection restores the frame boundaries.
        const idleMs = performance.now() - lastDataAt;
        if (reader.buffered > 0 && idleMs >= Math.min(transaction.timeoutMs, STALLED_FRAME_MS)) {
          options.onCorruptStream(
            `${reader.buffered} bytes of an unfinished MBAP frame, nothing more for ${Math.round(idleMs)} ms`,
          );
          return;
        }
        pump();
      });
      const entry: InFlight = { transaction, deadline };
      inFlight.set(id, entry);
      options.send(encodeMbapFrame(id, transaction.unit, transaction.pdu)).catch((error: unknown) => {
        if (inFlight.get(id) !== entry) return;
        const linkError = asPhareError(error, (message, context) => new Disconnected(message, context));
        settle(id, entry, { kind: 'error', error: linkError });
        pump();
      });
    }
  };

  return {
    submit(transaction) {
      queue.push(transaction);
      pump();
    },
    onData(chunk) {
      lastDataAt = performance.now();
      const { frames, corrupt } = reader.push(chunk);
      for (const frame of frames) {
        const entry = inFlight.get(frame.transactionId);
        if (!entry || frame.protocolId !== 0) {
          options.debug('dropping answer with unknown transaction id', {
            transactionId: frame.transactionId,
            protocolId: frame.protocolId,
          });
          continue;
        }
        settle(frame.transactionId, entry, { kind: 'answer', pdu: frame.pdu });
      }
      if (corrupt) options.onCorruptStream(corrupt);
      else pump();
    },
    failAll(error) {
      for (const [id, entry] of inFlight) settle(id, entry, { kind: 'error', error });
      for (const transaction of queue.splice(0)) transaction.done({ kind: 'error', error });
    },
  };
}
