/**
 * Health of one addressable unit on a connection (a Modbus unit id behind a gateway).
 *
 * After N consecutive timeouts the unit is dead: its polls stop and it is probed only every
 * backoff interval, so it cannot stall its neighbours (Node-RED lesson, ARCHITECTURE.md §7).
 * Any answer, even a Modbus exception, proves the unit is alive (see isSilence in coordinator.ts).
 */
import { equalJitterDelay, type BackoffPolicy } from './backoff.ts';

export class UnitHealth {
  consecutiveTimeouts = 0;
  dead = false;
  nextProbeAt = 0;
  probeInFlight = false;
  private probeAttempt = 0;

  constructor(
    readonly unit: string,
    private readonly deadAfter: number,
    private readonly probePolicy: BackoffPolicy,
    private readonly random: () => number,
  ) {}

  /** Records an answer; returns true when a dead unit came back. */
  recordAnswer(): boolean {
    this.consecutiveTimeouts = 0;
    if (!this.dead) return false;
    this.dead = false;
    this.probeAttempt = 0;
    return true;
  }

  /** Records a silence; returns true when this silence made the unit dead. */
  recordSilence(now: number): boolean {
    this.consecutiveTimeouts++;
    if (this.dead) {
      this.scheduleProbe(now);
      return false;
    }
    if (this.consecutiveTimeouts < this.deadAfter) return false;
    this.dead = true;
    this.probeAttempt = 0;
    this.scheduleProbe(now);
    return true;
  }

  private scheduleProbe(now: number): void {
    this.nextProbeAt = now + equalJitterDelay(this.probeAttempt++, this.probePolicy, this.random);
  }

  /** The link came back: give every unit a fresh start. */
  reset(): void {
    this.consecutiveTimeouts = 0;
    this.dead = false;
    this.probeAttempt = 0;
    this.probeInFlight = false;
  }
}

/**
 * Only silence makes a unit dead. A Modbus exception, even 0x0B GATEWAY TARGET FAILED TO RESPOND,
 * is an answer: it costs no timeout, so it cannot stall the neighbours, and on a DALI gateway it
 * means one luminaire is silent, not the gateway (protocols.md §2.1, §3.2). Its points go bad.
 */
export function isSilence(error: { code: string }): boolean {
  return error.code === 'TIMEOUT';
}

/** The units of one connection, created on first use. */
export class UnitRegistry {
  private readonly units = new Map<string, UnitHealth>();

  constructor(
    private readonly deadAfter: number,
    private readonly probePolicy: BackoffPolicy,
    private readonly random: () => number,
  ) {}

  get(unit: string): UnitHealth {
    let health = this.units.get(unit);
    if (!health) {
      health = new UnitHealth(unit, Math.max(1, this.deadAfter), this.probePolicy, this.random);
      this.units.set(unit, health);
    }
    return health;
  }

  all(): IterableIterator<UnitHealth> {
    return this.units.values();
  }
}
