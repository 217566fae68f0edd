/**
 * One point's recent history for a chart: the recorder's samples (GET /api/points/:id/history),
 * then every live change from the socket appended. The recorder stores a sample on each change of
 * value or quality (lab-controller/src/storage/recorder.ts), so the series is a step function:
 * each value holds until the next sample. Booleans are 0/1; a value with bad or offline quality is
 * a hole (null), never drawn as if it were measured.
 */
import type { HistorySample, PointState, PointValue, Quality } from '@phare/lab-controller/api/wire.ts';
import { describeApiError, fetchHistory } from './api.ts';

export interface ChartSample {
  ts: number;
  value: number | null;
}

export function chartValue(value: PointValue, quality: Quality): number | null {
  if (quality === 'bad' || quality === 'offline') return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export class PointHistory {
  samples = $state.raw<ChartSample[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  #lastTs = -Infinity;
  #pending: ChartSample[] = [];

  async load(id: string, from: number, to: number): Promise<void> {
    this.loading = true;
    const result = await fetchHistory(id, from, to);
    this.loading = false;
    const recorded: HistorySample[] = result.ok ? result.data : [];
    this.error = result.ok ? null : describeApiError(result.error);
    const merged = recorded.map((s) => ({ ts: s.ts, value: chartValue(s.value, s.quality) }));
    // Live changes that arrived while the request was in flight come after the recorded ones.
    const lastRecorded = merged.at(-1)?.ts ?? -Infinity;
    for (const sample of this.#pending) if (sample.ts > lastRecorded) merged.push(sample);
    this.#pending = [];
    this.samples = merged;
    this.#lastTs = merged.at(-1)?.ts ?? -Infinity;
  }

  append(state: PointState, keepFrom: number): void {
    if (state.ts <= this.#lastTs) return;
    this.#lastTs = state.ts;
    const sample = { ts: state.ts, value: chartValue(state.value, state.quality) };
    if (this.loading) {
      this.#pending.push(sample);
      return;
    }
    // Keep the last sample before the window: it gives the value held at the window's left edge.
    const firstKept = this.samples.findIndex((s) => s.ts >= keepFrom);
    const kept = firstKept > 0 ? this.samples.slice(firstKept - 1) : this.samples;
    this.samples = [...kept, sample];
  }
}

/** uPlot data: x in seconds; the last value extended to `until` so the step reaches "now". */
export function plotData(samples: readonly ChartSample[], until: number): [number[], (number | null)[]] {
  const xs = samples.map((s) => s.ts / 1000);
  const ys = samples.map((s) => s.value);
  const last = samples.at(-1);
  if (last && until > last.ts) {
    xs.push(until / 1000);
    ys.push(last.value);
  }
  return [xs, ys];
}
