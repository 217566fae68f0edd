/**
 * Electrical power of a simulated luminaire, and the energy it uses over simulated time.
 *
 * Model (a deliberate simplification, good enough for a demonstrator's kWh figures):
 *   P = standby + rated × output,   output = light output fraction 0–1 (log curve of the arc level).
 * - LED drivers are close to linear in electrical power versus light output above a few percent; the
 *   loss of efficiency at deep dimming is ignored.
 * - Standby 0.3 W: a DALI gear stays powered to listen to the bus when the lamp is off. EU Regulation
 *   2019/2020 caps networked standby of light sources at 0.5 W; 0.3 W is typical of current drivers.
 * - A lamp failure leaves standby only; a gear cut from the mains (absent) draws nothing.
 */

export interface PowerModel {
  /** Watts drawn by a gear of rated power `ratedW` at light output `output` (0–1). */
  watts(ratedW: number, output: number): number;
}

export const STANDBY_W = 0.3;

export const linearLedPowerModel: PowerModel = {
  watts: (ratedW, output) => STANDBY_W + ratedW * Math.max(0, Math.min(1, output)),
};

/** Sub-step for integrating through a fade, in simulated ms (a 2 s fade gets 40 samples). */
const FADE_STEP_MS = 50;
/** Cap on samples per integration, so a long idle span after a fade stays cheap. */
const MAX_STEPS = 4000;
const MS_PER_HOUR = 3_600_000;

/**
 * Energy in Wh, integrated from a power function of simulated time. The owner calls `integrateTo(now)`
 * before any change of state (a command, a fault), so that between two calls the power follows one known
 * trajectory (constant, or a fade) and the midpoint rule over small steps is accurate.
 */
export class GearEnergyMeter {
  private wattHours = 0;
  private lastMs: number;

  constructor(
    startMs: number,
    private readonly powerAt: (ms: number) => number,
  ) {
    this.lastMs = startMs;
  }

  integrateTo(nowMs: number): void {
    const span = nowMs - this.lastMs;
    if (span <= 0) return;
    const steps = Math.min(MAX_STEPS, Math.max(1, Math.ceil(span / FADE_STEP_MS)));
    const step = span / steps;
    let joulesPerMs = 0;
    for (let i = 0; i < steps; i++) joulesPerMs += this.powerAt(this.lastMs + (i + 0.5) * step) * step;
    this.wattHours += joulesPerMs / MS_PER_HOUR;
    this.lastMs = nowMs;
  }

  energyWh(nowMs: number): number {
    this.integrateTo(nowMs);
    return this.wattHours;
  }

  reset(nowMs: number): void {
    this.wattHours = 0;
    this.lastMs = nowMs;
  }
}
