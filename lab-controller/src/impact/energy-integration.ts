/**
 * Energy of a run from power samples: trapezoidal integration of watts over time
 * (hardware/impact/README.md §1).
 *
 * A recorder stores a sample on every change or poll; a device that went offline leaves a hole.
 * Integrating across a hole would invent energy (a straight line between two far samples), so a
 * step longer than `maxGapFactor` × the sampling interval is left out and reported: the caller
 * shows "energy measured over 54 min of 60 min" instead of a silently wrong number. A sample with
 * no value (null: offline, bad quality) also breaks the curve on both sides.
 */
import { OutOfRange } from '@phare/device-drivers/errors.ts';

export interface PowerSample {
  /** Milliseconds (wall clock or simulated clock: only differences matter). */
  ts: number;
  /** Watts, or null when the point had no valid value at that time. */
  watts: number | null;
}

export interface IntegrationOptions {
  /** Expected interval between samples (ms). Default: the median step of the samples. */
  sampleIntervalMs?: number;
  /** A step longer than this many intervals is a gap (default 3). */
  maxGapFactor?: number;
}

export interface EnergyGap {
  fromTs: number;
  toTs: number;
  durationMs: number;
  reason: 'too-long' | 'no-value';
}

export interface MeasuredEnergy {
  kWh: number;
  /** Time actually integrated. */
  coveredMs: number;
  /** From the first to the last sample. */
  spanMs: number;
  gaps: EnergyGap[];
  sampleIntervalMs: number;
  /** Mean power over the covered time (W), 0 when nothing was covered. */
  meanPowerW: number;
}

const MS_PER_HOUR = 3_600_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function integrateEnergy(
  samples: readonly PowerSample[],
  options: IntegrationOptions = {},
): MeasuredEnergy {
  for (let i = 1; i < samples.length; i += 1)
    if (samples[i]!.ts < samples[i - 1]!.ts)
      throw new OutOfRange(
        `échantillons de puissance hors d'ordre : l'échantillon ${i} (ts ${samples[i]!.ts}) précède le ${i - 1} / power samples must be in time order: sample ${i} precedes sample ${i - 1}`,
        { detail: { index: i, ts: samples[i]!.ts } },
      );
  for (const [i, s] of samples.entries())
    if (s.watts !== null && (!Number.isFinite(s.watts) || s.watts < 0))
      throw new OutOfRange(
        `l'échantillon ${i} vaut ${s.watts} W : attendu un nombre fini >= 0 ou null / sample ${i} has power ${s.watts} W: expected a finite number >= 0 or null`,
        { detail: { index: i, watts: s.watts } },
      );

  const steps = samples
    .slice(1)
    .map((s, i) => s.ts - samples[i]!.ts)
    .filter((d) => d > 0);
  const sampleIntervalMs = options.sampleIntervalMs ?? (steps.length ? median(steps) : 0);
  const maxStep = (options.maxGapFactor ?? 3) * sampleIntervalMs;
  const gaps: EnergyGap[] = [];
  let wattMs = 0;
  let coveredMs = 0;
  for (let i = 1; i < samples.length; i += 1) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const dt = b.ts - a.ts;
    if (dt === 0) continue;
    if (a.watts === null || b.watts === null) {
      gaps.push({ fromTs: a.ts, toTs: b.ts, durationMs: dt, reason: 'no-value' });
      continue;
    }
    if (dt > maxStep) {
      gaps.push({ fromTs: a.ts, toTs: b.ts, durationMs: dt, reason: 'too-long' });
      continue;
    }
    wattMs += ((a.watts + b.watts) / 2) * dt;
    coveredMs += dt;
  }
  const spanMs = samples.length ? samples[samples.length - 1]!.ts - samples[0]!.ts : 0;
  return {
    kWh: wattMs / MS_PER_HOUR / 1000,
    coveredMs,
    spanMs,
    gaps: mergeAdjacent(gaps),
    sampleIntervalMs,
    meanPowerW: coveredMs > 0 ? wattMs / coveredMs : 0,
  };
}

/** Consecutive gap steps (a run of null samples) are one gap for the reader. */
function mergeAdjacent(gaps: EnergyGap[]): EnergyGap[] {
  const merged: EnergyGap[] = [];
  for (const g of gaps) {
    const last = merged[merged.length - 1];
    if (last && last.toTs === g.fromTs && last.reason === g.reason) {
      last.toTs = g.toTs;
      last.durationMs += g.durationMs;
    } else merged.push({ ...g });
  }
  return merged;
}
