/**
 * DALI bus timing (protocols.md §1.1–1.2) as named constants, and the time one bus operation takes.
 * Simulators use these to pace their DALI line; the benchmark uses them as the physical ceiling.
 * All durations are milliseconds.
 */
import { OutOfRange } from '../errors.ts';

/** 1200 bit/s bi-phase coding: one bit lasts 833.3 µs (Microchip "Bus Communication"; ST7DALI §11.4.3). */
export const BIT_TIME_MS = 1000 / 1200;

/** DALI-1 16-bit forward frame: start bit + 16 bits + 2 idle bits = 19 bit-times ≈ 15.8 ms (ST, Renesas). */
export const FORWARD_FRAME_16_DALI1_MS = 19 * BIT_TIME_MS;
/** DALI-2 16-bit forward frame, stop condition ≥ 2.45 ms: ≈ 16.2 ms (Microchip; Beckhoff KL6821). */
export const FORWARD_FRAME_16_MS = 16.2;
/** DALI-2 24-bit forward frame to control devices (Part 103): ≈ 23.2 ms (Microchip). */
export const FORWARD_FRAME_24_MS = 23.2;
/** Backward frame: start bit + 8 bits + stop ≈ 9.17 ms (Renesas 78K0 datasheet p.474). */
export const BACKWARD_FRAME_MS = 9.17;

/** DALI-2 gap between a forward frame and the start of its answer (Beckhoff EL6821; Microchip). */
export const BACKWARD_FRAME_WINDOW_MS = { min: 5.5, mean: 8.0, max: 10.5 } as const;
/** DALI-1 gap between a forward frame and its answer; past 9.17 ms means "no answer" (Renesas, ST). */
export const BACKWARD_FRAME_WINDOW_DALI1_MS = { min: 2.92, max: 9.17 } as const;
/** DALI-1: idle time before the next forward frame after any frame (Renesas, ST). */
export const SETTLING_DALI1_MS = 9.17;

export type SettlingPriority = 1 | 2 | 3 | 4 | 5;

/**
 * DALI-2 settling time before the next forward frame, per priority (Beckhoff EL6821 "Priorities").
 * A shorter settling time wins the bus; priority 1 is reserved for the second frame of a send-twice command.
 */
export const SETTLING_MS: Readonly<Record<SettlingPriority, { min: number; max: number }>> = {
  1: { min: 13.5, max: 14.7 },
  2: { min: 14.9, max: 16.1 },
  3: { min: 16.3, max: 17.7 },
  4: { min: 17.9, max: 19.3 },
  5: { min: 19.5, max: 21.2 },
};

/** A send-twice configuration command only takes effect if the identical frame repeats within 100 ms (Beckhoff). */
export const SEND_TWICE_WINDOW_MS = 100;

export type TimingBound = 'min' | 'mean' | 'max';

export interface FrameTimeOptions {
  /** 16 for control gear (default), 24 for control devices. */
  frameBits?: 16 | 24;
  /** Settling priority after the frame; without one, the whole P1–P5 span (13.5–21.2 ms) is used. */
  priority?: SettlingPriority;
  /** Which end of the ranges to use; `mean` (default) is the midpoint. */
  bound?: TimingBound;
}

export interface CommandFrameTimeOptions extends FrameTimeOptions {
  /** Two forward frames, the second sent at priority 1 (§1.2). */
  sendTwice?: boolean;
}

/** Settling time for a priority, or across all priorities when none is given. */
export function settlingTimeMs(priority: SettlingPriority | undefined, bound: TimingBound = 'mean'): number {
  if (priority !== undefined && SETTLING_MS[priority] === undefined) {
    throw new OutOfRange(`DALI settling priority ${String(priority)} is outside 1–5`, {
      detail: { priority },
    });
  }
  const span =
    priority === undefined ? { min: SETTLING_MS[1].min, max: SETTLING_MS[5].max } : SETTLING_MS[priority];
  return pick(span, bound);
}

export function forwardFrameMs(frameBits: 16 | 24 = 16): number {
  return frameBits === 24 ? FORWARD_FRAME_24_MS : FORWARD_FRAME_16_MS;
}

/**
 * Bus time of a command that gets no answer (DAPC, GO TO SCENE…): forward frame + settling,
 * ≈ 29.7 (min) … 37.4 (max) ms for a 16-bit frame (protocols.md §1.2 throughput table: ≈ 29–37 ms).
 */
export function commandFrameTimeMs(options: CommandFrameTimeOptions = {}): number {
  const bound = options.bound ?? 'mean';
  const frame = forwardFrameMs(options.frameBits);
  const single = frame + settlingTimeMs(options.priority, bound);
  if (!options.sendTwice) return single;
  return frame + settlingTimeMs(1, bound) + single;
}

/**
 * Bus time of a query. Answered: forward frame + reply gap (5.5–10.5 ms) + backward frame + settling,
 * ≈ 44–57 ms. Unanswered: the controller waits out the whole 10.5 ms window, ≈ 40 ms at minimum
 * settling (protocols.md §1.2 throughput table).
 */
export function queryFrameTimeMs(answered: boolean, options: FrameTimeOptions = {}): number {
  const bound = options.bound ?? 'mean';
  const frame = forwardFrameMs(options.frameBits);
  const settling = settlingTimeMs(options.priority, bound);
  if (!answered) return frame + BACKWARD_FRAME_WINDOW_MS.max + settling;
  return frame + BACKWARD_FRAME_WINDOW_MS[bound] + BACKWARD_FRAME_MS + settling;
}

function pick(span: { min: number; max: number }, bound: TimingBound): number {
  if (bound === 'min') return span.min;
  if (bound === 'max') return span.max;
  return (span.min + span.max) / 2;
}
