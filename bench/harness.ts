/**
 * Benchmark harness: each benchmark measures one figure against its ceiling (the raw library on
 * the same simulator, the physical bus limit, or a target) and reports a ratio. Performance targets
 * live here, never in timed unit tests (the brief, non-negotiable 5).
 */
import { availableParallelism, loadavg } from 'node:os';

export interface BenchResult {
  /** Short name, e.g. `modbus-poll-throughput`. */
  name: string;
  /** What was measured, in one sentence. */
  description: string;
  /** The measured figure and its unit. */
  value: number;
  unit: string;
  /** The reference it is compared with (raw library figure, bus limit…), when there is one. */
  reference?: { label: string; value: number; unit: string };
  /** value / reference (or reference / value when lower is better), when there is a reference. */
  ratio?: number;
  /** Target in words, e.g. `ratio ≥ 0.8`, and whether it was met. */
  target: string;
  met: boolean;
  /** Extra figures worth printing (p50, CPU share…). */
  details?: Record<string, string | number>;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchResult[]>;
}

/** `1-min load / cores`, printed with timing figures so readers can judge a loaded 2-core machine. */
export function machineLoad(): string {
  return `${loadavg()[0]!.toFixed(2)} / ${availableParallelism()}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function formatResult(r: BenchResult): string {
  const lines = [
    `${r.met ? 'MET   ' : 'MISSED'} ${r.name}: ${round(r.value)} ${r.unit}  (target ${r.target})`,
  ];
  lines.push(`       ${r.description}`);
  if (r.reference)
    lines.push(`       reference: ${r.reference.label} = ${round(r.reference.value)} ${r.reference.unit}`);
  if (r.ratio !== undefined) lines.push(`       ratio: ${round(r.ratio)}`);
  for (const [k, v] of Object.entries(r.details ?? {}))
    lines.push(`       ${k}: ${typeof v === 'number' ? round(v) : v}`);
  return lines.join('\n');
}

function round(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}
