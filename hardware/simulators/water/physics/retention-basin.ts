/**
 * A stormwater retention basin: rain on an impervious catchment fills it, an orifice at the bottom
 * empties it (Torricelli: Q = Cd·a·√(2gh)). Integrated in steps of at most 10 simulated seconds.
 * Parameters are a plausible small basin, not a design.
 */
import type { Clock } from '../../clock.ts';

export interface BasinParameters {
  catchmentM2: number;
  runoffCoefficient: number;
  /** Basin floor area, m² (vertical walls). */
  floorM2: number;
  depthM: number;
  orificeM2: number;
  dischargeCoefficient: number;
}

export const SMALL_BASIN: BasinParameters = {
  catchmentM2: 20_000,
  runoffCoefficient: 0.9,
  floorM2: 600,
  depthM: 3.5,
  orificeM2: 0.01,
  dischargeCoefficient: 0.6,
};

const G = 9.81;
const MAX_STEP_S = 10;

export class RetentionBasin {
  private levelM: number;
  private rain = 0;
  private updatedAt: number;

  constructor(
    readonly clock: Clock,
    readonly parameters: BasinParameters = SMALL_BASIN,
    initialLevelM = 0.4,
  ) {
    this.levelM = initialLevelM;
    this.updatedAt = clock.now();
  }

  setRain(mmPerHour: number): void {
    this.advance();
    this.rain = Math.max(0, mmPerHour);
  }

  snapshot(): { rainMmPerHour: number; levelM: number; overflowing: boolean } {
    this.advance();
    return {
      rainMmPerHour: this.rain,
      levelM: this.levelM,
      overflowing: this.levelM >= this.parameters.depthM,
    };
  }

  private advance(): void {
    const now = this.clock.now();
    let remaining = (now - this.updatedAt) / 1000;
    this.updatedAt = now;
    const p = this.parameters;
    const inflow = p.runoffCoefficient * (this.rain / 1000 / 3600) * p.catchmentM2;
    // Long idle spans converge anyway: cap the work at 100 000 steps.
    const step = Math.max(MAX_STEP_S, remaining / 100_000);
    while (remaining > 0) {
      const dt = Math.min(step, remaining);
      const outflow = p.dischargeCoefficient * p.orificeM2 * Math.sqrt(2 * G * Math.max(0, this.levelM));
      this.levelM = Math.min(p.depthM, Math.max(0, this.levelM + ((inflow - outflow) * dt) / p.floorM2));
      remaining -= dt;
    }
  }
}
