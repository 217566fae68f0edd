/**
 * One DALI line: a single-master bus that carries one forward frame at a time (protocols.md §1.1–1.2).
 *
 * - Commands queue in order (FIFO) and go out one per bus slot. A slot lasts the command frame time
 *   (forward frame + settling, ≈ 33 ms) or, for a query, the query frame time (≈ 50 ms answered,
 *   ≈ 43 ms unanswered), from the codec's timing.ts. A group or broadcast frame costs one slot for all
 *   the gear it reaches, which is why scenarios prefer them (ARCHITECTURE.md §6).
 * - When no command waits, the bus asks its background source (the gateway's poller) for a query, so
 *   polling only uses idle bus time and commands always go first.
 * - Every frame is decoded with the codec and heard by every gear; each gear decides whether the
 *   address selects it. Several answers to one query collide (python-dali `fakes.Bus`, §1.7).
 * - `busTiming: false` makes every frame instant (applied inside `send`), for the throughput benchmark,
 *   where the Modbus server must not be the bottleneck. Counters still count frames and nominal bus time.
 *
 * The frame is applied to the gear when it reaches the head of the queue; the slot then holds the bus.
 * Gear judge send-twice repetition (identical frame within 100 ms) on bus time, the nominal start of
 * each slot, not on when a late timer fired: a loaded event loop must not break configuration commands.
 */
import {
  commandFrameTimeMs,
  decodeForwardFrame,
  queryFrameTimeMs,
  settlingTimeMs,
  type DecodedForwardFrame,
  type ForwardFrame,
} from '@phare/device-drivers/dali/index.ts';
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { Clock, ClockTimer } from '../clock.ts';
import type { DaliGear } from './gear.ts';

/** How frames are counted: commands by addressing, and queries apart (they only read). */
export type FrameKind = 'short' | 'group' | 'broadcast' | 'special' | 'query';

export const FRAME_KINDS: readonly FrameKind[] = ['short', 'group', 'broadcast', 'special', 'query'];

export interface BusCounters {
  frames: Record<FrameKind, number>;
  /** Command frames (every kind except queries). */
  commandFrames: number;
  /** DALI bus time the frames took, ms (nominal when `busTiming` is false). */
  busyMs: number;
  /** Command frames waiting for the bus. */
  queueLength: number;
}

/** What a controller hears after a query: a byte, nothing, or several answers at once. */
export type QueryReply = number | undefined | 'collision';

export interface BackgroundQuery {
  frame: ForwardFrame;
  onReply(reply: QueryReply): void;
}

export interface DaliBusOptions {
  clock: Clock;
  gear: () => readonly DaliGear[];
  busTiming: boolean;
  logger?: Logger;
}

interface QueuedFrame {
  frame: ForwardFrame;
  /** The second frame of a send-twice pair goes out at settling priority 1 (protocols.md §1.2). */
  repeat: boolean;
}

export class DaliBus {
  private readonly queue: QueuedFrame[] = [];
  private busy: ClockTimer | undefined;
  private background: (() => BackgroundQuery | undefined) | undefined;
  private stopped = false;
  private drainWaiters: (() => void)[] = [];
  private counters: BusCounters = emptyCounters();
  private readonly commandListeners: ((decoded: DecodedForwardFrame) => void)[] = [];
  private readonly logger: Logger;
  /** Nominal end of the slot in progress or just finished; slots started back to back chain on it. */
  private nominalSlotEnd = Number.NEGATIVE_INFINITY;
  private chained = false;

  constructor(private readonly options: DaliBusOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  get busTiming(): boolean {
    return this.options.busTiming;
  }

  get queueLength(): number {
    return this.queue.length;
  }

  /** Queues frames in order; a send-twice frame is sent twice back to back. */
  send(steps: readonly { frame: ForwardFrame; sendTwice: boolean }[]): void {
    for (const step of steps) {
      this.queue.push({ frame: step.frame, repeat: false });
      if (step.sendTwice) this.queue.push({ frame: step.frame, repeat: true });
    }
    if (!this.options.busTiming) {
      while (this.queue.length > 0) this.transmit(this.queue.shift()!);
      this.notifyDrained();
      return;
    }
    this.pump();
  }

  /** Where idle-time queries come from; the bus asks once per idle slot. */
  setBackgroundSource(source: (() => BackgroundQuery | undefined) | undefined): void {
    this.background = source;
    this.pump();
  }

  /** Called after each addressed command frame goes out (the gateway reads the gear back). */
  onCommand(listener: (decoded: DecodedForwardFrame) => void): void {
    this.commandListeners.push(listener);
  }

  /** Wakes an idle bus after the background source gained work. */
  kick(): void {
    this.pump();
  }

  /** Resolves once no command frame waits (in-process tests and benchmarks). */
  whenDrained(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  snapshot(): BusCounters {
    return { ...this.counters, frames: { ...this.counters.frames }, queueLength: this.queue.length };
  }

  resetCounters(): void {
    this.counters = emptyCounters();
  }

  /** Drops waiting frames and stops the slot timer; the bus stays usable. */
  clearQueue(): void {
    this.queue.length = 0;
    this.notifyDrained();
  }

  stop(): void {
    this.stopped = true;
    this.busy?.cancel();
    this.busy = undefined;
    this.clearQueue();
  }

  private pump(): void {
    if (this.stopped || this.busy || !this.options.busTiming) return;
    const now = this.options.clock.now();
    const slotStart = this.chained ? this.nominalSlotEnd : Math.max(now, this.nominalSlotEnd);
    this.chained = false;
    const next = this.queue.shift();
    if (next) {
      this.transmit(next, slotStart);
      const slotMs = commandFrameTimeMs(next.repeat ? { priority: 1 } : {});
      this.hold(slotStart, slotMs, () => undefined);
      if (this.queue.length === 0) this.notifyDrained();
      return;
    }
    const query = this.background?.();
    if (!query) return;
    const reply = this.transmit({ frame: query.frame, repeat: false }, slotStart);
    // The answer is known when the backward frame ends; the settling time after it only delays the
    // next forward frame (protocols.md §1.2), so the gateway may use the answer before the slot ends.
    const slotMs = queryFrameTimeMs(reply !== undefined);
    const answerAfterMs = slotMs - settlingTimeMs(undefined);
    let answered = false;
    const answer = (): void => {
      if (answered) return;
      answered = true;
      query.onReply(reply);
    };
    this.options.clock.setTimeout(answer, Math.max(0, slotStart + answerAfterMs - now));
    this.hold(slotStart, slotMs, answer);
  }

  /** Keeps the bus busy for one slot; the query's answer is known when the slot ends. */
  private hold(slotStart: number, slotMs: number, atEnd: () => void): void {
    this.nominalSlotEnd = slotStart + slotMs;
    this.busy = this.options.clock.setTimeout(() => {
      this.busy = undefined;
      this.chained = true;
      atEnd();
      this.pump();
      this.chained = false;
    }, slotMs);
  }

  /** Puts one frame on the wire: every gear hears it; returns what came back. */
  private transmit(queued: QueuedFrame, busTimeMs?: number): QueryReply {
    const decoded = decodeForwardFrame(queued.frame);
    const nowMs = this.options.clock.now();
    const answers: number[] = [];
    for (const gear of this.options.gear()) {
      const answer = gear.hear(decoded, queued.frame.value, nowMs, busTimeMs ?? nowMs);
      if (answer !== undefined) answers.push(answer);
    }
    const kind = frameKind(decoded);
    const reply: QueryReply =
      answers.length === 0 ? undefined : answers.length === 1 ? answers[0] : 'collision';
    this.counters.frames[kind]++;
    if (kind !== 'query') this.counters.commandFrames++;
    this.counters.busyMs +=
      kind === 'query'
        ? queryFrameTimeMs(reply !== undefined)
        : commandFrameTimeMs(queued.repeat ? { priority: 1 } : {});
    this.logger.debug('DALI frame', { frame: queued.frame.toHex(), name: decoded.name, reply });
    if (kind === 'short' || kind === 'group' || kind === 'broadcast') {
      for (const listener of this.commandListeners) listener(decoded);
    }
    return reply;
  }

  private notifyDrained(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function frameKind(decoded: DecodedForwardFrame): FrameKind {
  if (decoded.kind === 'special' || decoded.kind === 'reserved' || decoded.address === undefined)
    return 'special';
  if (decoded.response !== 'none') return 'query';
  switch (decoded.address.kind) {
    case 'short':
      return 'short';
    case 'group':
      return 'group';
    case 'broadcast':
    case 'broadcastUnaddressed':
      return 'broadcast';
  }
}

function emptyCounters(): BusCounters {
  return {
    frames: { short: 0, group: 0, broadcast: 0, special: 0, query: 0 },
    commandFrames: 0,
    busyMs: 0,
    queueLength: 0,
  };
}
