/**
 * Sends a slider's value to the controller: at most one request in flight, the latest value wins,
 * and while the user drags, one request per `throttleMs` at most (a DALI line carries about 40
 * frames per second, protocols.md §1.2; flooding it only delays the final value).
 * Keeps the outcome for the page: sending, applied, or the controller's refusal in French.
 */
import type { ApiResult } from '@phare/lab-controller/api/wire.ts';
import { describeApiError } from './api.ts';

export type WriteOutcome = 'idle' | 'sending' | 'applied' | 'refused';

export class LevelWriter {
  outcome = $state<WriteOutcome>('idle');
  error = $state<string | null>(null);
  /** The value the user asked for last, shown by the slider until the device catches up. */
  requested = $state<number | null>(null);

  readonly #send: (value: number) => Promise<ApiResult<unknown>>;
  readonly #throttleMs: number;
  readonly #holdMs: number;
  #inFlight = false;
  #queued: number | null = null;
  #lastSentAt = 0;
  #lastSent: number | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #holdTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `holdMs`: how long the slider keeps showing the requested value after the write succeeded if
   * the devices never report it (a failed lamp keeps a group's mean low, a fade is slow).
   */
  constructor(send: (value: number) => Promise<ApiResult<unknown>>, throttleMs = 250, holdMs = 4000) {
    this.#send = send;
    this.#throttleMs = throttleMs;
    this.#holdMs = holdMs;
  }

  /** While dragging (`input` events). */
  preview(value: number): void {
    this.#throttled(value);
  }

  /**
   * On release or keyboard step (`change` events): sent as soon as the throttle allows. Key
   * repeats are steps too: sending each at once would exceed the controller's rate limit per
   * point (5 writes/s, registry/write-rate.ts) and the last step, the one that matters, would be
   * refused.
   */
  commit(value: number): void {
    this.#throttled(value);
  }

  #throttled(value: number): void {
    clearTimeout(this.#holdTimer);
    this.requested = value;
    const wait = this.#lastSentAt + this.#throttleMs - Date.now();
    clearTimeout(this.#timer);
    if (wait <= 0) this.#enqueue(value);
    else this.#timer = setTimeout(() => this.#enqueue(value), wait);
  }

  /** Forget the requested value once the device shows it (or after a refusal). */
  settle(): void {
    if (this.#inFlight || this.#queued !== null) return;
    clearTimeout(this.#holdTimer);
    this.requested = null;
    this.#lastSent = null;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#holdTimer);
  }

  #enqueue(value: number): void {
    if (this.#inFlight) {
      this.#queued = value;
      return;
    }
    if (value === this.#lastSent && this.outcome === 'applied') return;
    void this.#run(value);
  }

  async #run(value: number): Promise<void> {
    this.#inFlight = true;
    this.#lastSentAt = Date.now();
    this.#lastSent = value;
    this.outcome = 'sending';
    const result = await this.#send(value);
    this.#inFlight = false;
    if (result.ok) {
      this.outcome = 'applied';
      this.error = null;
    } else {
      this.outcome = 'refused';
      this.error = describeApiError(result.error);
      this.#lastSent = null;
    }
    const next = this.#queued;
    this.#queued = null;
    if (next !== null && next !== value) this.#throttled(next);
    else if (!result.ok) this.requested = null;
    else this.#holdTimer = setTimeout(() => this.settle(), this.#holdMs);
  }
}
