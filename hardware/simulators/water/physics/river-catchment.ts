/**
 * A river at a gauge, driven by rain on its catchment: a linear reservoir (storage S, outflow S/k,
 * the simplest unit-hydrograph model: an exponential response with time constant k) on top of a
 * base flow, and a power-law rating curve from discharge to stage, Q = a·(h − h0)^b.
 *
 * Between stimulus changes the rain is constant, so the reservoir is integrated exactly:
 *   S(t + Δt) = S∞ + (S − S∞)·e^(−Δt/k),  S∞ = inflow·k,  inflow = c · i · A.
 * Time comes from the simulation clock (clock.ts), so a demo can run faster than real time and a test
 * can step an hour by hand. Parameters are plausible for a small French river, not a calibration.
 */
import type { Clock } from '../../clock.ts';

export interface RiverCatchmentParameters {
  /** Catchment area, km². */
  areaKm2: number;
  /** Share of rain that runs off (0–1). */
  runoffCoefficient: number;
  /** Reservoir time constant, hours. */
  timeConstantHours: number;
  /** Dry-weather flow, m³/s. */
  baseFlowM3s: number;
  /** Rating curve Q = a·(h − h0)^b. */
  rating: { a: number; b: number; h0: number };
  /** Mean water temperature, °C, and its daily swing. */
  temperatureC: number;
  temperatureSwingC: number;
}

export const SMALL_RIVER: RiverCatchmentParameters = {
  areaKm2: 25,
  runoffCoefficient: 0.35,
  timeConstantHours: 3,
  baseFlowM3s: 1.2,
  rating: { a: 12, b: 1.6, h0: 0.15 },
  temperatureC: 12,
  temperatureSwingC: 1.5,
};

export interface RiverSnapshot {
  rainMmPerHour: number;
  dischargeM3s: number;
  levelM: number;
  temperatureC: number;
  /** Quick-flow share of the discharge (0 = dry weather), for water-quality models. */
  stormFraction: number;
}

export class RiverCatchment {
  private storageM3 = 0;
  private rain = 0;
  private updatedAt: number;

  constructor(
    readonly clock: Clock,
    readonly parameters: RiverCatchmentParameters = SMALL_RIVER,
  ) {
    this.updatedAt = clock.now();
  }

  /** Rain intensity on the catchment from now on, mm/h. */
  setRain(mmPerHour: number): void {
    this.advance();
    this.rain = Math.max(0, mmPerHour);
  }

  snapshot(): RiverSnapshot {
    this.advance();
    const p = this.parameters;
    const quickFlow = this.storageM3 / (p.timeConstantHours * 3600);
    const discharge = p.baseFlowM3s + quickFlow;
    const level = p.rating.h0 + Math.pow(discharge / p.rating.a, 1 / p.rating.b);
    const dayFraction = (this.clock.now() % 86_400_000) / 86_400_000;
    // Warmest mid-afternoon: phase shifted so the peak falls near 15:00 UTC.
    const temperature = p.temperatureC + p.temperatureSwingC * Math.sin(2 * Math.PI * (dayFraction - 0.375));
    return {
      rainMmPerHour: this.rain,
      dischargeM3s: discharge,
      levelM: level,
      temperatureC: temperature,
      stormFraction: quickFlow / discharge,
    };
  }

  private advance(): void {
    const now = this.clock.now();
    const dt = (now - this.updatedAt) / 1000;
    this.updatedAt = now;
    if (dt <= 0) return;
    const p = this.parameters;
    const k = p.timeConstantHours * 3600;
    const inflow = p.runoffCoefficient * (this.rain / 1000 / 3600) * (p.areaKm2 * 1e6);
    const steady = inflow * k;
    this.storageM3 = steady + (this.storageM3 - steady) * Math.exp(-dt / k);
  }
}
