/**
 * The time the showroom reasons with: the browser clock corrected by the controller's clock (from
 * `serverTime` in each snapshot), so that ages stay right on a kiosk whose clock drifts.
 * Ticks once a second; ages in the page follow it.
 */
export class ClockManager {
  #wallNow = $state(Date.now());
  #offsetMs = $state(0);
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Controller time, in ms since epoch. */
  get now(): number {
    return this.#wallNow + this.#offsetMs;
  }

  syncWithServer(serverTime: number): void {
    this.#offsetMs = serverTime - Date.now();
    this.#wallNow = Date.now();
  }

  start(tickMs = 1000): void {
    this.stop();
    this.#timer = setInterval(() => (this.#wallNow = Date.now()), tickMs);
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
