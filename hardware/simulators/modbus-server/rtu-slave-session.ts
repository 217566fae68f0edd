/**
 * The slave side of one RTU line (a serial port, a pty, or a TCP connection carrying raw RTU frames):
 * length-based framing with CRC check and resync (rtu.ts), one request at a time as a real slave,
 * unknown units and broadcasts silent, and optional emulation of the line's timing.
 *
 * Serial Line V1.02 §2.4.1 / §2.5.1.2: a frame with a bad CRC is discarded without answer; a
 * broadcast (unit 0) is executed and never answered; only the addressed unit answers.
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import {
  RTU_BROADCAST_UNIT,
  RtuFrameReader,
  characterTimeMs,
  encodeRtuFrame,
  interFrameSilenceMs,
  rtuRequestLength,
  splitRtuFrame,
} from '@phare/device-drivers/modbus/rtu.ts';
import type { ModbusUnitResolver } from '@phare/device-drivers/modbus/types.ts';
import type { SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { answerRequest, type AnswerContext } from './answer-request.ts';

export interface RtuLineStats {
  /** CRC-valid request frames received. */
  requests: number;
  responses: number;
  /** Complete frames dropped for a bad CRC. */
  badCrcFrames: number;
  /** Bytes skipped while hunting for a frame start (garbage on the line). */
  discardedBytes: number;
}

export interface RtuSlaveSessionOptions {
  resolveUnit: ModbusUnitResolver;
  logger: Logger;
  write(frame: Buffer): Promise<void>;
  /** When set, each answer waits for its own transmission time at this baud plus t3.5 (a pty does not emulate baud: protocols.md §7.3). */
  lineTiming?: SerialSettings;
  stats: RtuLineStats;
}

export function createRtuStats(): RtuLineStats {
  return { requests: 0, responses: 0, badCrcFrames: 0, discardedBytes: 0 };
}

export function createRtuSlaveSession(options: RtuSlaveSessionOptions): { onData(chunk: Buffer): void } {
  const reader = new RtuFrameReader(rtuRequestLength);
  const context: AnswerContext = {
    resolveUnit: options.resolveUnit,
    unknownUnit: 'silence',
    logger: options.logger,
  };
  const { stats, logger } = options;
  let tail: Promise<void> = Promise.resolve();

  const serve = async (frame: Buffer): Promise<void> => {
    const { unit, pdu } = splitRtuFrame(frame);
    const answer = await answerRequest(context, unit, pdu);
    if (unit === RTU_BROADCAST_UNIT || answer === undefined) return;
    const reply = encodeRtuFrame(unit, answer);
    if (options.lineTiming) {
      const ms = reply.length * characterTimeMs(options.lineTiming) + interFrameSilenceMs(options.lineTiming);
      await new Promise((resolve) => setTimeout(resolve, ms));
    }
    await options.write(reply);
    stats.responses++;
  };

  return {
    onData(chunk: Buffer): void {
      const { frames, damaged, discardedBytes } = reader.push(chunk);
      stats.discardedBytes += discardedBytes;
      stats.badCrcFrames += damaged.length;
      if (damaged.length > 0 || discardedBytes > 0)
        logger.debug('discarded bytes on the line', { discardedBytes, damagedFrames: damaged.length });
      for (const frame of frames) {
        stats.requests++;
        // A slave handles one request at a time (Serial Line V1.02 §2.4.1); the next waits its turn.
        tail = tail
          .then(() => serve(frame))
          .catch((error: unknown) => logger.debug('answer not sent', { error: String(error) }));
      }
    },
  };
}
