/**
 * One fault, checked the same way every time (issue 9 §4): with a show running,
 *   inject → the device reaches its fault status (offline, usually) → the other devices keep
 *   polling while it is broken (their counts go up) → recover → the device is online again →
 *   the show ends, its `finally` steps all ran → the recorder holds every sample the bus carried
 *   for the device, from before, during and after the fault.
 */
import { expect } from 'vitest';
import type { DeviceStatus, HistorySample } from '../../../src/api/wire.ts';
import { eventually } from '../../support/harness.ts';
import type { ChaosShow } from './show.ts';
import { stalled, type ControllerWatch } from './watch.ts';

export interface FaultCase {
  /** The device the fault hits. */
  device: string;
  /** Devices that must keep being driven meanwhile. */
  others: readonly string[];
  inject(): Promise<void>;
  recover(): Promise<void>;
  /** What the twin must show while the fault lasts; default offline. */
  faultStatus?: DeviceStatus;
}

export interface FaultReport {
  /** Status changes of the device, in order, from the fault to its recovery. */
  statuses: DeviceStatus[];
  /** How much the other devices' counts went up while the device was broken. */
  othersProgress: Record<string, number>;
  samplesChecked: number;
}

export async function runThroughFault(
  watch: ControllerWatch,
  show: ChaosShow,
  fault: FaultCase,
): Promise<FaultReport> {
  const faultStatus = fault.faultStatus ?? 'offline';
  const handle = await show.start();
  const mark = watch.statuses.length;

  await fault.inject();
  await watch.waitStatus(fault.device, faultStatus, 40_000);
  const before = await watch.heartbeats();
  let after = before;
  await eventually(
    async () => {
      after = await watch.heartbeats();
      return stalled(before, after, fault.others, 3).length === 0 ? true : undefined;
    },
    30_000,
    `${fault.others.join(', ')} still driven while ${fault.device} is ${faultStatus}`,
  );
  // The fault was still on while they progressed: their counts went up during it, not after it.
  expect(await watch.statusOf(fault.device)).toBe(faultStatus);

  await fault.recover();
  await watch.waitStatus(fault.device, 'online', 60_000);
  const result = await show.release(handle);
  await show.expectEndedInFinally(result);

  const statuses = watch.statusesOf(fault.device, mark);
  const down = statuses.indexOf(faultStatus);
  expect(down, `statuses of ${fault.device}: ${statuses.join(' → ')}`).toBeGreaterThanOrEqual(0);
  expect(statuses.slice(down)).toContain('online');
  if (faultStatus === 'offline') {
    const kinds = show.eventsOf(handle.id).map((e) => `${e.kind}:${String(e.detail?.['device'] ?? '')}`);
    expect(kinds, kinds.join(' ')).toContain(`paused:${fault.device}`);
    expect(kinds.some((k) => k.startsWith('resumed:'))).toBe(true);
  }

  const samplesChecked = await expectRecorded(watch, fault.device);
  return {
    statuses,
    othersProgress: Object.fromEntries(
      fault.others.map((d) => [d, (after.get(d) ?? 0) - (before.get(d) ?? 0)]),
    ),
    samplesChecked,
  };
}

/**
 * Every sample the bus carried for the device's points is in the recorder (GET history), and the
 * history shows the fault: good values, then not good, then good again.
 */
export async function expectRecorded(watch: ControllerWatch, device: string): Promise<number> {
  const byPoint = new Map<string, Set<string>>();
  for (const s of watch.samplesOf(device)) {
    const keys = byPoint.get(s.id) ?? new Set<string>();
    keys.add(sampleKey(s));
    byPoint.set(s.id, keys);
  }
  expect(byPoint.size).toBeGreaterThan(0);
  let checked = 0;
  let sawOutage = false;
  for (const [point, keys] of byPoint) {
    const history = await watch.history(point);
    const stored = new Set(history.map(sampleKey));
    const missing = [...keys].filter((k) => !stored.has(k));
    expect(missing, `${point}: samples the bus carried but the recorder lacks`).toEqual([]);
    checked += keys.size;
    const firstBad = history.findIndex((h) => h.quality !== 'good');
    if (
      firstBad > 0 &&
      history.slice(0, firstBad).some((h) => h.quality === 'good') &&
      history.slice(firstBad).some((h) => h.quality === 'good')
    )
      sawOutage = true;
  }
  expect(sawOutage, `the history of ${device} shows good → not good → good`).toBe(true);
  return checked;
}

function sampleKey(s: Pick<HistorySample, 'ts' | 'value' | 'quality'>): string {
  // Booleans are stored as 0/1 (recorder.ts).
  const value = typeof s.value === 'boolean' ? Number(s.value) : s.value;
  return `${s.ts}|${String(value)}|${s.quality}`;
}
