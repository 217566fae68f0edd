/**
 * Collects what an SDI-12 sensor sends, one `<CR><LF>`-terminated line at a time, with the two
 * deadlines a recorder needs: nothing at all in time (a silent sensor), or a response that started
 * and never ended (a truncated line). Bytes are 7-bit ASCII; anything else shows up as-is in errors.
 */
import { Canceled } from '../../errors.ts';

export type LineOutcome =
  { kind: 'line'; line: string } | { kind: 'silent' } | { kind: 'incomplete'; partial: string };

export class ResponseWait {
  private buffer = '';
  private waiter: ((outcome: LineOutcome) => void) | undefined;
  private failWaiter: ((error: Error) => void) | undefined;
  private lineTimer: NodeJS.Timeout | undefined;
  private firstByteTimer: NodeJS.Timeout | undefined;
  /** Time of the last byte seen on the line, for the standard's 87 ms break rule. */
  lastActivity = 0;

  push(chunk: Buffer): void {
    this.lastActivity = Date.now();
    this.buffer += chunk.toString('latin1');
    if (this.waiter) this.settleIfLine();
  }

  /** Drops whatever arrived while nobody was asking (a late answer to an earlier try, noise); returns it. */
  flush(): string {
    const dropped = this.buffer;
    this.buffer = '';
    return dropped;
  }

  /**
   * Waits for the next complete line. `firstByteMs`: how long the sensor may stay silent;
   * `lineMs`: how long a response may take once its first byte arrived.
   */
  next(firstByteMs: number, lineMs: number): Promise<LineOutcome> {
    if (this.waiter) return Promise.reject(new Error('ResponseWait.next() called while a wait is pending'));
    return new Promise<LineOutcome>((resolve, reject) => {
      this.waiter = resolve;
      this.failWaiter = reject;
      this.lineMs = lineMs;
      if (this.settleIfLine()) return;
      if (this.buffer.length > 0) this.startLineTimer();
      else
        this.firstByteTimer = setTimeout(() => {
          if (this.buffer.length === 0) this.settle({ kind: 'silent' });
        }, firstByteMs);
    });
  }

  /** Rejects a pending wait (link closed or dropped). */
  fail(error: Error = new Canceled('SDI-12 link closed')): void {
    const fail = this.failWaiter;
    this.clear();
    fail?.(error);
  }

  private lineMs = 0;

  private settleIfLine(): boolean {
    const end = this.buffer.indexOf('\r\n');
    if (end >= 0) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.settle({ kind: 'line', line });
      return true;
    }
    if (this.buffer.length > 0 && this.lineTimer === undefined && this.waiter) this.startLineTimer();
    return false;
  }

  private startLineTimer(): void {
    clearTimeout(this.firstByteTimer);
    this.lineTimer = setTimeout(() => this.settle({ kind: 'incomplete', partial: this.buffer }), this.lineMs);
  }

  private settle(outcome: LineOutcome): void {
    const resolve = this.waiter;
    this.clear();
    resolve?.(outcome);
  }

  private clear(): void {
    clearTimeout(this.firstByteTimer);
    clearTimeout(this.lineTimer);
    this.firstByteTimer = undefined;
    this.lineTimer = undefined;
    this.waiter = undefined;
    this.failWaiter = undefined;
  }
}
