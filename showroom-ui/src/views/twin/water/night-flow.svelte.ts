/**
 * The building meter's night-flow verdict (night-flow.ts), from the recorder's record of last
 * night's flow, refreshed every ten minutes. Without a record of the night, `unknown`.
 */
import type { HistorySample } from '@phare/lab-controller/api/wire.ts';
import { fetchFirstSamples } from '../building/building-api.ts';
import { lastNightWindow, nightFlowVerdict, type NightFlowVerdict } from './night-flow.ts';

/** The flow in force when the night starts may have been recorded well before it. */
const LOOK_BEFORE_MS = 2 * 3_600_000;
/** The recorder keeps one sample per change: a meter polled every second may hold 15 000 a night. */
const MAX_SAMPLES = 100_000;

export class NightFlowLoader {
  verdict = $state<NightFlowVerdict>('unknown');

  async refresh(flowPoint: string, now: number): Promise<void> {
    const window = lastNightWindow(now);
    const result = await fetchFirstSamples(flowPoint, window.from - LOOK_BEFORE_MS, window.to, MAX_SAMPLES);
    const samples: HistorySample[] = result.ok ? result.data : [];
    this.verdict = nightFlowVerdict(samples, window);
  }
}
