/**
 * Modbus RTU transactions on a serial line (or raw RTU through a serial device server): one request
 * in flight, the rest queued in order; t3.5 of silence before each request (Serial Line V1.02
 * §2.5.1.1); answers framed by length and checked by CRC (rtu.ts).
 *
 * RTU frames carry no transaction id, so an answer that arrives after its request timed out could
 * be taken for the next one. Defences: bytes that arrive with nothing in flight are discarded, the
 * reader is cleared before each request, the line must stay quiet for a guard time after a timeout,
 * and an answer must match the unit, function code and expected byte count.
 */
import { answerDeadline, type AnswerDeadline } from './answer-deadline.ts';
import { Disconnected, asPhareError } from '../errors.ts';
import { encodeRtuFrame, RtuFrameReader, rtuResponseLength, RTU_BROADCAST_UNIT } from './rtu.ts';
import type {
  DispatcherContext,
  Transaction,
  TransactionDispatcher,
  TransactionOutcome,
} from './transaction.ts';

export interface RtuDispatcherOptions extends DispatcherContext {
  /** Silence before each request, in ms (t3.5 of the line). */
  interFrameDelayMs: number;
  /** Silence the line must keep after a timeout before the next request, in ms. */
  afterTimeoutSilenceMs: number;
}

interface Current {
  transaction: Transaction;
  deadline: AnswerDeadline;
}

export function createRtuDispatcher(options: RtuDispatcherOptions): TransactionDispatcher {
  const reader = new RtuFrameReader(rtuResponseLength);
  const queue: Transaction[] = [];
  let current: Current | undefined;
  let gapTimer: NodeJS.Timeout | undefined;
  let lineFreeAt = 0;

  const holdLine = (ms: number): void => {
    lineFreeAt = Math.max(lineFreeAt, performance.now() + ms);
  };

  const finish = (outcome: TransactionOutcome): void => {
    if (!current) return;
    const { transaction, deadline } = current;
    deadline.clear();
    current = undefined;
    holdLine(outcome.kind === 'timeout' ? options.afterTimeoutSilenceMs : options.interFrameDelayMs);
    transaction.done(outcome);
    pump();
  };

  const pump = (): void => {
    if (current || gapTimer || queue.length === 0) return;
    const wait = lineFreeAt - performance.now();
    if (wait > 0) {
      gapTimer = setTimeout(() => {
        gapTimer = undefined;
        pump();
      }, wait);
      return;
    }
    const transaction = queue.shift()!;
    const stale = reader.clear();
    if (stale > 0) options.debug('discarded stale bytes before a request', { bytes: stale });
    const frame = encodeRtuFrame(transaction.unit, transaction.pdu);
    if (transaction.unit === RTU_BROADCAST_UNIT) {
      // Nobody answers a broadcast: done once sent, then leave the units time to act.
      options.send(frame).then(
        () => transaction.done({ kind: 'sent' }),
        (error: unknown) => transaction.done({ kind: 'error', error: asLinkError(error) }),
      );
      holdLine(options.interFrameDelayMs);
      pump();
      return;
    }
    const entry: Current = {
      transaction,
      deadline: answerDeadline(transaction.timeoutMs, () => finish({ kind: 'timeout' })),
    };
    current = entry;
    options.send(frame).catch((error: unknown) => {
      if (current === entry) finish({ kind: 'error', error: asLinkError(error) });
    });
  };

  return {
    submit(transaction) {
      queue.push(transaction);
      pump();
    },
    onData(chunk) {
      if (!current) {
        options.debug('discarded bytes with no request in flight (late answer or noise)', {
          bytes: chunk.length,
        });
        holdLine(options.interFrameDelayMs);
        return;
      }
      const { transaction } = current;
      const { frames, damaged, discardedBytes } = reader.push(chunk);
      if (discardedBytes > 0) options.debug('skipped garbage on the line', { bytes: discardedBytes });
      for (const frame of frames) {
        if (answers(transaction, frame)) {
          finish({ kind: 'answer', pdu: frame.subarray(1, frame.length - 2) });
          return;
        }
        options.debug('ignoring a frame that does not answer the request', { frame: frame.toString('hex') });
      }
      const broken = damaged.find((frame) => answers(transaction, frame));
      if (broken) finish({ kind: 'damaged', frame: broken });
    },
    failAll(error) {
      if (gapTimer) clearTimeout(gapTimer);
      gapTimer = undefined;
      const pending = queue.splice(0);
      if (current) {
        current.deadline.clear();
        const { transaction } = current;
        current = undefined;
        transaction.done({ kind: 'error', error });
      }
      for (const transaction of pending) transaction.done({ kind: 'error', error });
    },
  };
}

/** Same unit, same function (or its exception), and for reads the byte count the request implies. */
function answers(transaction: Transaction, frame: Buffer): boolean {
  if (frame[0] !== transaction.unit) return false;
  const fc = frame[1]!;
  if (fc === (transaction.functionCode | 0x80)) return true;
  if (fc !== transaction.functionCode) return false;
  const { request } = transaction;
  if (request.kind === 'readRegisters') return frame[2] === request.quantity * 2;
  if (request.kind === 'readBits') return frame[2] === Math.ceil(request.quantity / 8);
  return true;
}

function asLinkError(error: unknown) {
  return asPhareError(error, (message, context) => new Disconnected(message, context));
}
