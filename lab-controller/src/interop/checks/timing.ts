/**
 * `timing`: latency of each poll group over N reads, as the controller will read it (merged
 * requests), compared with what the profile declares: the 95th percentile must stay under the
 * request timeout (else the controller would see timeouts in normal operation), and one poll of the
 * group must fit in its poll interval (else the controller cannot keep the rate the profile asks).
 * OPC-UA is not polled: only the timeout applies. SDI-12 measurements last ttt seconds, so they are
 * compared with the poll interval only (the profile's timeout is the wait for a first byte).
 */
import {
  fail,
  failFromError,
  NOT_CONNECTED,
  pass,
  skip,
  type CheckContext,
  type PlannedCheck,
} from '../check-kit.ts';
import type { TimingSeries } from '../report-model.ts';

export function percentile(samples: number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

const ms = (v: number | null): string => (v === null ? '—' : `${Math.round(v)} ms`);

export function timingChecks(ctx: CheckContext): PlannedCheck[] {
  const { target, session } = ctx;
  const byGroup = new Map<string, string[]>();
  for (const p of target.points.filter((point) => point.readable))
    byGroup.set(p.pollGroup, [...(byGroup.get(p.pollGroup) ?? []), p.id]);
  const samples = target.protocol === 'sdi12' ? Math.min(3, ctx.timingSamples) : ctx.timingSamples;
  const checks: PlannedCheck[] = [];
  for (const [group, ids] of byGroup) {
    const interval = target.pollIntervalsMs[group] ?? target.pollIntervalsMs['default'];
    const requestsPerPoll = target.driver.planReads(ids).length;
    const compareTimeout = target.protocol !== 'sdi12';
    checks.push({
      id: `timing.${group}`,
      group: 'timing',
      title: { fr: `Temps de réponse du groupe ${group}`, en: `Response time of poll group ${group}` },
      mandatory: true,
      expected: [
        compareTimeout ? `p95 under the timeout ${target.timeoutMs} ms` : undefined,
        interval !== undefined ? `one poll (${requestsPerPoll} request(s)) within ${interval} ms` : undefined,
      ]
        .filter(Boolean)
        .join('; '),
      timeoutMs: samples * (target.requestDeadlineMs + 500) * requestsPerPoll + 5000,
      run: async () => {
        if (!ctx.connected) return skip(NOT_CONNECTED);
        const latencies: number[] = [];
        const pollTimes: number[] = [];
        const errors: unknown[] = [];
        for (let i = 0; i < samples; i++) {
          try {
            const { latenciesMs } = await session.read(ids);
            latencies.push(...latenciesMs);
            pollTimes.push(latenciesMs.reduce((a, b) => a + b, 0));
          } catch (error) {
            errors.push(error);
            // Two failures in a row: the device does not keep up; stop loading it.
            if (errors.length >= 2 && latencies.length === 0) break;
          }
        }
        const series: TimingSeries = {
          group,
          samplesMs: latencies.map((v) => Math.round(v * 10) / 10),
          p50Ms: percentile(latencies, 50),
          p95Ms: percentile(latencies, 95),
          timeoutMs: target.timeoutMs,
          ...(interval !== undefined ? { pollIntervalMs: interval } : {}),
          requestsPerPoll,
        };
        ctx.timing.push(series);
        const observed = `${latencies.length} request(s), p50 ${ms(series.p50Ms)}, p95 ${ms(series.p95Ms)}, ${errors.length} failed`;
        if (latencies.length === 0) return failFromError(errors[0], target.timeoutMs, `${observed}: `);
        const problems: { fr: string; en: string }[] = [];
        if (errors.length > 0)
          problems.push({
            fr: `${errors.length} lecture(s) sur ${samples} ont échoué`,
            en: `${errors.length} read(s) out of ${samples} failed`,
          });
        if (compareTimeout && series.p95Ms! > target.timeoutMs)
          problems.push({
            fr: `le 95e centile (${ms(series.p95Ms)}) dépasse le délai du profil (${target.timeoutMs} ms) : augmentez timeoutMs, ou l'appareil est trop lent`,
            en: `the 95th percentile (${ms(series.p95Ms)}) exceeds the profile's timeout (${target.timeoutMs} ms): raise timeoutMs, or the device is too slow`,
          });
        const slowestPoll = Math.max(...pollTimes);
        if (interval !== undefined && pollTimes.length > 0 && slowestPoll > interval)
          problems.push({
            fr: `une scrutation du groupe prend ${ms(slowestPoll)}, plus que son intervalle de ${interval} ms`,
            en: `one poll of the group takes ${ms(slowestPoll)}, longer than its interval of ${interval} ms`,
          });
        if (problems.length > 0)
          return fail(observed, {
            fr: `Temps de réponse insuffisant : ${problems.map((p) => p.fr).join(' ; ')}.`,
            en: `Response time not good enough: ${problems.map((p) => p.en).join('; ')}.`,
          });
        return pass(observed, {
          fr: 'Les temps de réponse tiennent dans le délai et l’intervalle de scrutation du profil.',
          en: 'Response times fit within the profile’s timeout and poll interval.',
        });
      },
    });
  }
  if (checks.length === 0)
    checks.push({
      id: 'timing.none',
      group: 'timing',
      title: { fr: 'Temps de réponse', en: 'Response time' },
      mandatory: false,
      expected: 'readable points',
      run: () => Promise.resolve(skip({ fr: 'Aucun point lisible.', en: 'No readable point.' })),
    });
  return checks;
}

/** For the report: a timing series' verdict as text. */
export function describeSeries(series: TimingSeries): string {
  return `${series.group}: p50 ${ms(series.p50Ms)}, p95 ${ms(series.p95Ms)} (timeout ${series.timeoutMs} ms${series.pollIntervalMs ? `, poll ${series.pollIntervalMs} ms` : ''})`;
}
