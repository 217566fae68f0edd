/**
 * Water use of a small office building, as its main meter sees it: taps and toilets during opening
 * hours (a smooth daily profile), nothing at night, plus a leak when one is injected. A leak shows as
 * a night flow that never returns to zero: the classic minimum-night-flow check.
 * Volume is integrated in steps of at most 60 simulated seconds.
 */
import type { Clock } from '../../clock.ts';

export interface BuildingWaterParameters {
  /** Average daytime use, m³/h. */
  dayFlowM3h: number;
  openHour: number;
  closeHour: number;
}

export const SMALL_OFFICE: BuildingWaterParameters = { dayFlowM3h: 0.45, openHour: 7, closeHour: 19 };

const MAX_STEP_MS = 60_000;

export class BuildingWater {
  private volumeM3: number;
  private leakM3h = 0;
  private updatedAt: number;

  constructor(
    readonly clock: Clock,
    readonly parameters: BuildingWaterParameters = SMALL_OFFICE,
    initialVolumeM3 = 1234.5,
  ) {
    this.volumeM3 = initialVolumeM3;
    this.updatedAt = clock.now();
  }

  /** Leak flow from now on, litres per hour (0 repairs it). */
  setLeak(litresPerHour: number): void {
    this.advance();
    this.leakM3h = Math.max(0, litresPerHour) / 1000;
  }

  snapshot(): { flowM3h: number; volumeM3: number; leakLitresPerHour: number } {
    this.advance();
    return {
      flowM3h: this.flowAt(this.clock.now()),
      volumeM3: this.volumeM3,
      leakLitresPerHour: this.leakM3h * 1000,
    };
  }

  private usageAt(ms: number): number {
    const hour = (ms % 86_400_000) / 3_600_000;
    const { openHour, closeHour, dayFlowM3h } = this.parameters;
    if (hour < openHour || hour >= closeHour) return 0;
    // A half-sine over opening hours, scaled so its mean is dayFlowM3h.
    return dayFlowM3h * (Math.PI / 2) * Math.sin((Math.PI * (hour - openHour)) / (closeHour - openHour));
  }

  private flowAt(ms: number): number {
    return this.usageAt(ms) + this.leakM3h;
  }

  private advance(): void {
    const now = this.clock.now();
    let t = this.updatedAt;
    this.updatedAt = now;
    while (t < now) {
      const dt = Math.min(MAX_STEP_MS, now - t);
      this.volumeM3 += (this.flowAt(t) * dt) / 3_600_000;
      t += dt;
    }
  }
}
