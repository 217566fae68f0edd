/**
 * Energy the lab used over a time window, from the recorder's samples (hardware/impact/README.md
 * §1–2), and what it saved against the baseline "every luminaire at 100 % for the same time".
 *
 * Lighting: each luminaire's level history → held power samples → trapezoid integration; its
 * baseline counts only the time its level was known, so an offline luminaire neither saves nor
 * costs. Meters: the kWh counter's difference when it has two readings, else the integral of the
 * kW point; a meter's baseline is not known from the lab alone (a building needs a reference
 * period: baseline.ts `reference`), so it is reported as measured only.
 */
import type { HistorySample } from '../api/wire.ts';
import type { HistoryStore } from '../storage/audit-store.ts';
import { compareToBaseline, type BaselineComparison } from './baseline.ts';
import { integrateEnergy, type EnergyGap } from './energy-integration.ts';
import { counterDelta, heldPowerSamples, type TimeWindow } from './held-samples.ts';
import type { LabEnergySources } from './lab-energy-sources.ts';

export interface LuminaireEnergy {
  device: string;
  luminaire: string;
  ratedPowerW: number;
  kWh: number;
  /** Time the level was known, ms. */
  coveredMs: number;
  gaps: EnergyGap[];
}

export interface MeterEnergy {
  device: string;
  kWh: number | null;
  method: 'counter' | 'power' | 'none';
  /** The point the figure comes from. */
  point: string | null;
  coveredMs: number;
}

export interface MeasuredLabEnergy {
  window: TimeWindow;
  lighting: {
    kWh: number;
    /** Σ rated power of the luminaires counted. */
    ratedPowerW: number;
    /** Σ rated × covered time / Σ rated: the time the whole lighting was known, ms. */
    coveredMs: number;
    luminaires: LuminaireEnergy[];
    /** Null when no luminaire was counted. */
    comparison: BaselineComparison | null;
  };
  meters: MeterEnergy[];
  skipped: LabEnergySources['skipped'];
}

/** How many samples one history query may return; a fuller answer is not trusted as "the last". */
const HISTORY_LIMIT = 100_000;
/** Look-backs for the value in force at the start of the window: recent first (cheap). */
const LOOKBACKS_MS = [60_000, 3_600_000, 24 * 3_600_000];
const MS_PER_HOUR = 3_600_000;

/** The last sample before `from`, or undefined when none was recorded in the last day. */
export function sampleBefore(history: HistoryStore, point: string, from: number): HistorySample | undefined {
  for (const lookback of LOOKBACKS_MS) {
    const found = history.history(point, from - lookback, from - 1, HISTORY_LIMIT);
    if (found.length > 0 && found.length < HISTORY_LIMIT) return found[found.length - 1];
  }
  return undefined;
}

function seriesOf(history: HistoryStore, point: string, window: TimeWindow) {
  return {
    samples: history.history(point, window.from, window.to, HISTORY_LIMIT),
    held: sampleBefore(history, point, window.from),
  };
}

export function measureLabEnergy(
  window: TimeWindow,
  sources: LabEnergySources,
  history: HistoryStore,
): MeasuredLabEnergy {
  const span = window.to - window.from;
  // Every step of a held curve is real (the value held): no step is a hole, only null values are.
  const integrationOptions = { sampleIntervalMs: Math.max(1, span), maxGapFactor: 1 };

  const luminaires = sources.luminaires.map((lum): LuminaireEnergy => {
    const { samples, held } = seriesOf(history, lum.levelPoint, window);
    const power = heldPowerSamples(
      samples,
      window,
      (level) => (Math.min(100, Math.max(0, level)) / 100) * lum.ratedPowerW,
      held,
    );
    const energy = integrateEnergy(power, integrationOptions);
    return {
      device: lum.device,
      luminaire: lum.luminaire,
      ratedPowerW: lum.ratedPowerW,
      kWh: energy.kWh,
      coveredMs: energy.coveredMs,
      gaps: energy.gaps,
    };
  });
  const ratedPowerW = luminaires.reduce((s, l) => s + l.ratedPowerW, 0);
  const ratedTime = luminaires.reduce((s, l) => s + l.ratedPowerW * l.coveredMs, 0);
  const kWh = luminaires.reduce((s, l) => s + l.kWh, 0);
  const coveredMs = ratedPowerW > 0 ? ratedTime / ratedPowerW : 0;

  const meters = sources.meters.map((meter): MeterEnergy => {
    if (meter.energy) {
      const { samples, held } = seriesOf(history, meter.energy.point, window);
      const delta = counterDelta(samples, window, held);
      if (delta)
        return {
          device: meter.device,
          kWh: delta.delta * meter.energy.toKWh,
          method: 'counter',
          point: meter.energy.point,
          coveredMs: Math.min(window.to, delta.toTs) - Math.max(window.from, delta.fromTs),
        };
    }
    if (meter.power) {
      const { samples, held } = seriesOf(history, meter.power.point, window);
      const toW = meter.power.toW;
      const energy = integrateEnergy(
        heldPowerSamples(samples, window, (v) => Math.max(0, v) * toW, held),
        integrationOptions,
      );
      return {
        device: meter.device,
        kWh: energy.kWh,
        method: 'power',
        point: meter.power.point,
        coveredMs: energy.coveredMs,
      };
    }
    return { device: meter.device, kWh: null, method: 'none', point: null, coveredMs: 0 };
  });

  return {
    window,
    lighting: {
      kWh,
      ratedPowerW,
      coveredMs,
      luminaires,
      comparison:
        ratedPowerW > 0
          ? compareToBaseline(kWh, {
              kind: 'full-power',
              installedPowerW: ratedPowerW,
              durationHours: coveredMs / MS_PER_HOUR,
            })
          : null,
    },
    meters,
    skipped: sources.skipped,
  };
}
