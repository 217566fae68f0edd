/**
 * How a gateway turns an accepted Modbus write into DALI frames: it queues them and answers the write at
 * once (protocols.md §1.2 "Consequences"). Its queue is finite: when the frames of a write would not fit,
 * the write is refused with exception 0x06 SERVER DEVICE BUSY (protocols.md §3.2: gateways answer 06
 * while the bus is busy), and nothing of it is queued.
 */
import { ExceptionCode, ModbusExceptionResponse } from '@phare/device-drivers/modbus/types.ts';
import {
  decodeForwardFrame,
  type ForwardFrame,
  type SequenceStep,
} from '@phare/device-drivers/dali/index.ts';
import type { DaliBus } from './bus.ts';

/** Frames a simulated gateway holds; enough for 64 single writes plus their polls to settle. */
export const DEFAULT_QUEUE_CAPACITY = 128;

export class GatewayCommandQueue {
  constructor(
    private readonly bus: DaliBus,
    private readonly capacity = DEFAULT_QUEUE_CAPACITY,
  ) {}

  /** Frames `steps` would put on the bus (send-twice counted twice). */
  static frameCount(steps: readonly SequenceStep[]): number {
    return steps.reduce((sum, step) => sum + (step.sendTwice ? 2 : 1), 0);
  }

  /** Throws exception 0x06 when the frames do not fit in the queue. */
  checkRoom(frames: number): void {
    if (this.bus.queueLength + frames > this.capacity) {
      throw new ModbusExceptionResponse(ExceptionCode.ServerDeviceBusy);
    }
  }

  enqueue(steps: readonly SequenceStep[]): void {
    this.checkRoom(GatewayCommandQueue.frameCount(steps));
    this.bus.send(steps);
  }
}

/** One frame as a step, with send-twice taken from the command table (codec). */
export function step(frame: ForwardFrame): SequenceStep {
  return { frame, sendTwice: decodeForwardFrame(frame).sendTwice };
}
