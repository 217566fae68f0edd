/**
 * The lab's own dimming, measured: the newest finished scenario run judged against a full-power
 * baseline (night dimming) gives the mean power as a share of full power, which the impact view
 * uses for the territory instead of a guess. Read-only; null when no such run was recorded.
 */
import type { Localized, RunImpactView } from '@phare/lab-controller/api/wire.ts';
import { request } from '../../lib/api.ts';
import { fetchRuns } from '../scenarios/scenario-api.ts';

export interface MeasuredDimming {
  runId: string;
  title: Localized | undefined;
  endedAt: number;
  /** Mean power over the run, % of full power (the form's dimming field). */
  usedPercent: number;
  savedPercent: number;
}

/** Runs looked at, newest first: enough to skip a few building or water showcases. */
const RUNS_LOOKED_AT = 10;

export async function latestMeasuredDimming(): Promise<MeasuredDimming | null> {
  const runs = await fetchRuns(RUNS_LOOKED_AT);
  if (!runs.ok) return null;
  for (const run of runs.data) {
    if (run.endedAt === null) continue;
    const impact = await request<RunImpactView>('GET', `/api/runs/${encodeURIComponent(run.id)}/impact`);
    const comparison =
      impact.ok && impact.data.baseline?.kind === 'full-power' ? impact.data.baseline.comparison : null;
    if (!comparison || comparison.baselineKWh <= 0) continue;
    return {
      runId: run.id,
      title: run.title,
      endedAt: run.endedAt,
      usedPercent: Math.round(comparison.usedFraction * 100),
      savedPercent: Math.round(comparison.savedFraction * 100),
    };
  }
  return null;
}
