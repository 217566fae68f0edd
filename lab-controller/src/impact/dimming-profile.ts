/**
 * The dimming profile measured during a run: for each hour of the legal clock, the time-weighted
 * mean power as a fraction of full power (hardware/impact/README.md §3).
 *
 * A showcase run lasts minutes, not a night; the scenario's clock (simulated, possibly faster than
 * real time) says which night hour each sample stands for, hence `hourOf`. Hours the run did not
 * cover stay null: `completeProfile` fills them with full power (1.0), the cautious choice that
 * claims no saving where nothing was measured.
 */
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import type { PowerSample } from './energy-integration.ts';
import { franceLocalHour } from './france-time.ts';

/** 24 fractions of full power, index = clock hour (0 = 00:00–01:00); null = not measured. */
export type HourlyProfile = (number | null)[];

export interface ProfileOptions {
  /** Full power of the measured luminaires (W): what the samples are a fraction of. */
  fullPowerW: number;
  /** Clock hour a timestamp stands for. Default: French legal time of a real-time timestamp. */
  hourOf?: (ts: number) => number;
  /** Steps longer than this (ms) are holes, as in energy-integration.ts. Default: no limit. */
  maxStepMs?: number;
}

export function hourlyProfileFromSamples(
  samples: readonly PowerSample[],
  options: ProfileOptions,
): HourlyProfile {
  if (!(options.fullPowerW > 0))
    throw new OutOfRange(
      `puissance nominale ${options.fullPowerW} W : attendu > 0 / full power ${options.fullPowerW} W: expected > 0`,
      { detail: { fullPowerW: options.fullPowerW } },
    );
  const hourOf = options.hourOf ?? franceLocalHour;
  const wattMs = Array.from({ length: 24 }, () => 0);
  const ms = Array.from({ length: 24 }, () => 0);
  for (let i = 1; i < samples.length; i += 1) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const dt = b.ts - a.ts;
    if (dt <= 0 || a.watts === null || b.watts === null) continue;
    if (options.maxStepMs !== undefined && dt > options.maxStepMs) continue;
    // A step is attributed to the hour of its midpoint: steps are seconds long, hours are hours.
    const hour = hourOf(a.ts + dt / 2);
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) continue;
    wattMs[hour]! += ((a.watts + b.watts) / 2) * dt;
    ms[hour]! += dt;
  }
  return ms.map((t, h) => (t > 0 ? Math.min(1, wattMs[h]! / t / options.fullPowerW) : null));
}

/** A measured profile with every unmeasured hour at full power, and which hours were filled. */
export function completeProfile(profile: HourlyProfile): { fractions: number[]; filledHours: number[] } {
  const filledHours: number[] = [];
  const fractions = Array.from({ length: 24 }, (_, h) => {
    const v = profile[h];
    if (v === null || v === undefined) {
      filledHours.push(h);
      return 1;
    }
    return v;
  });
  return { fractions, filledHours };
}
