/**
 * Per-device request statistics (DeviceStats in api/wire.ts): counters, request rate over the
 * last minute, latency percentiles over a ring buffer of recent successful requests.
 */
import type { DeviceStats } from '../api/wire.ts';

const RATE_WINDOW_MS = 60_000;
const LATENCY_SAMPLES = 256;

export class DeviceStatsRecorder {
  private requests = 0;
  private errors = 0;
  private timeouts = 0;
  private reconnects = 0;
  private lastPollAt: number | null = null;
  private readonly latencies: number[] = [];
  private latencyCursor = 0;
  private completions: number[] = [];

  constructor(private readonly startedAt: number) {}

  record(outcome: { at: number; latencyMs: number; ok: boolean; timeout?: boolean; poll?: boolean }): void {
    this.requests++;
    this.completions.push(outcome.at);
    if (!outcome.ok) {
      this.errors++;
      if (outcome.timeout) this.timeouts++;
      return;
    }
    if (outcome.poll) this.lastPollAt = outcome.at;
    if (this.latencies.length < LATENCY_SAMPLES) this.latencies.push(outcome.latencyMs);
    else this.latencies[this.latencyCursor] = outcome.latencyMs;
    this.latencyCursor = (this.latencyCursor + 1) % LATENCY_SAMPLES;
  }

  recordReconnect(): void {
    this.reconnects++;
  }

  snapshot(now: number): DeviceStats {
    const windowStart = now - RATE_WINDOW_MS;
    this.completions = this.completions.filter((at) => at > windowStart);
    // Until a minute has passed, divide by the time actually observed (at least 1 s).
    const windowMs = Math.max(1_000, Math.min(RATE_WINDOW_MS, now - this.startedAt));
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      requests: this.requests,
      errors: this.errors,
      timeouts: this.timeouts,
      requestRate: this.completions.length / (windowMs / 1_000),
      latencyMs: { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) },
      lastPollAt: this.lastPollAt,
      reconnects: this.reconnects,
    };
  }
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1] ?? null;
}
