/**
 * Plays a recorded scenario run back: its timeline (steps, narration, verdicts at the wall-clock
 * times they happened) and the recorded samples of the points it involved (GET
 * /api/points/:id/history over the run's start and end), at 1× to 20× real time. Nothing is sent to
 * any device: the twin shown is a separate Showroom fed from the samples, not the live one.
 */
import type {
  HistorySample,
  Localized,
  PointSnapshot,
  ScenarioRunView,
  ScenarioVerdictView,
  SiteView,
} from '@phare/lab-controller/api/wire.ts';
import { fetchHistory } from '../../lib/api.ts';
import { Showroom } from '../../lib/showroom.svelte.ts';

export const REPLAY_SPEEDS = [1, 2, 5, 10, 20] as const;

/** The last sample at or before `t` (samples oldest first), or undefined before the first. */
export function sampleAt(samples: readonly HistorySample[], t: number): HistorySample | undefined {
  let lo = 0;
  let hi = samples.length - 1;
  let found: HistorySample | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]!.ts <= t) {
      found = samples[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export class ReplayPlayer {
  run = $state.raw<ScenarioRunView | null>(null);
  startMs = $state(0);
  endMs = $state(0);
  playhead = $state(0);
  playing = $state(false);
  speed = $state<number>(5);
  /** Samples loaded per point; a point whose history failed is listed in `missing`. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built once, not state
  samples = $state.raw<Map<string, HistorySample[]>>(new Map());
  missing = $state.raw<string[]>([]);
  /** The twin as it was: the site, the live metas, the recorded values at the playhead. */
  readonly twin = new Showroom();
  #frame: number | null = null;
  #lastTick = 0;
  #base: PointSnapshot[] = [];

  readonly narration = $derived(this.#narrationAt(this.playhead));
  readonly verdicts = $derived(this.#verdictsAt(this.playhead));

  /** Loads a run and its points' samples; `base` is the live snapshot (metas, other points). */
  async load(run: ScenarioRunView, site: SiteView, base: PointSnapshot[]): Promise<void> {
    this.pause();
    this.run = run;
    this.startMs = run.startedAt;
    this.endMs = run.endedAt ?? Date.now();
    this.playhead = this.startMs;
    this.#base = base;
    this.twin.site.replace(site);
    this.twin.connection.markSynced();
    // Every point of the devices the run involved: the twin draws a luminaire from its actual level
    // and status too, which the scenario itself may not name.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built once, not state
    const devices = new Set(
      run.points.flatMap((id) => base.find((b) => b.meta.id === id)?.meta.device ?? []),
    );
    const replayed = [
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built once, not state
      ...new Set([...run.points, ...base.filter((b) => devices.has(b.meta.device)).map((b) => b.meta.id)]),
    ];
    const entries = await Promise.all(
      replayed.map(async (id) => {
        // Include what was there just before the start: the state the run found.
        const answer = await fetchHistory(id, this.startMs - 60_000, this.endMs);
        return [id, answer.ok ? answer.data : null] as const;
      }),
    );
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built once, not state
    this.samples = new Map(entries.flatMap(([id, s]) => (s ? [[id, s] as const] : [])));
    this.missing = entries.filter(([id, s]) => s === null && run.points.includes(id)).map(([id]) => id);
    this.#show();
  }

  play(): void {
    if (!this.run || this.playing) return;
    if (this.playhead >= this.endMs) this.playhead = this.startMs;
    this.playing = true;
    this.#lastTick = performance.now();
    const tick = (now: number): void => {
      if (!this.playing) return;
      const elapsed = now - this.#lastTick;
      this.#lastTick = now;
      this.seek(this.playhead + elapsed * this.speed);
      if (this.playhead >= this.endMs) this.pause();
      else this.#frame = requestAnimationFrame(tick);
    };
    this.#frame = requestAnimationFrame(tick);
  }

  pause(): void {
    this.playing = false;
    if (this.#frame !== null) cancelAnimationFrame(this.#frame);
    this.#frame = null;
  }

  seek(t: number): void {
    this.playhead = Math.min(this.endMs, Math.max(this.startMs, t));
    this.#show();
  }

  /** The recorded value of a point at the playhead. */
  valueAt(id: string): HistorySample | undefined {
    const samples = this.samples.get(id);
    return samples ? sampleAt(samples, this.playhead) : undefined;
  }

  /** The state of a step at the playhead: not yet, running, or ended (with its result). */
  stepAt(stepId: string): 'pending' | 'running' | 'ok' | 'failed' {
    const entries = (this.run?.timeline ?? []).filter(
      (e) => e.step === stepId && (e.wallStartedAt ?? Infinity) <= this.playhead,
    );
    const last = entries.at(-1);
    if (!last) return 'pending';
    if ((last.wallEndedAt ?? Infinity) > this.playhead) return 'running';
    const verdict = this.verdicts.find((v) => v.step === stepId);
    return last.ok && (verdict?.ok ?? true) ? 'ok' : 'failed';
  }

  destroy(): void {
    this.pause();
  }

  #show(): void {
    const t = this.playhead;
    this.twin.points.replaceAll(
      this.#base.map((snapshot) => {
        const samples = this.samples.get(snapshot.meta.id);
        if (!samples) return snapshot;
        const sample = sampleAt(samples, t);
        // The recorder keeps booleans as 0/1 (wire.ts HistorySample).
        const value =
          snapshot.meta.type === 'boolean' && typeof sample?.value === 'number'
            ? sample.value !== 0
            : sample?.value;
        return {
          meta: snapshot.meta,
          state: sample
            ? { id: snapshot.meta.id, value: value ?? null, quality: sample.quality, ts: sample.ts }
            : { id: snapshot.meta.id, value: null, quality: 'offline', ts: t },
        };
      }),
    );
  }

  #narrationAt(t: number): Localized | null {
    const run = this.run;
    if (!run) return null;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup built once, not state
    const says = new Map(run.steps.filter((s) => s.kind === 'say').map((s) => [s.id, s.text]));
    const said = run.timeline.filter((e) => says.has(e.step) && (e.wallStartedAt ?? Infinity) <= t);
    return said.length > 0 ? (says.get(said.at(-1)!.step) ?? null) : null;
  }

  #verdictsAt(t: number): ScenarioVerdictView[] {
    return (this.run?.verdicts ?? []).filter((v) => (v.wallAt ?? Infinity) <= t);
  }
}
