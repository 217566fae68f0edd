/**
 * The running scenario as the kiosk tells it: which scenario runs, and the last `say` narration in
 * French and English (bus `scenario` events, lab-controller/src/scenario/timeline.ts). Empty until a
 * scenario runs. A kiosk that reconnects mid-run shows the next narration when it comes (the
 * snapshot does not carry scenario state).
 */
import type { Localized, ScenarioEventView } from '@phare/lab-controller/api/wire.ts';

export interface Narration {
  text: Localized;
  ts: number;
}

function localizedOf(detail: Record<string, unknown> | undefined): Localized | null {
  const fr = detail?.['fr'];
  const en = detail?.['en'];
  if (typeof fr !== 'string') return null;
  return { fr, en: typeof en === 'string' ? en : fr };
}

export class NarrationManager {
  run = $state<string | null>(null);
  scenario = $state<string | null>(null);
  /** The scenario's title, as the run announced it; null until then (the id is shown instead). */
  title = $state.raw<Localized | null>(null);
  narration = $state.raw<Narration | null>(null);
  outcome = $state<string | null>(null);

  apply(event: ScenarioEventView): void {
    switch (event.kind) {
      case 'run-started':
        this.run = event.run;
        this.scenario = typeof event.detail?.['scenario'] === 'string' ? event.detail['scenario'] : null;
        this.title = localizedOf(event.detail?.['title'] as Record<string, unknown> | undefined);
        this.narration = null;
        this.outcome = null;
        break;
      case 'say': {
        const text = localizedOf(event.detail);
        if (text) this.narration = { text, ts: event.ts };
        this.run ??= event.run;
        break;
      }
      case 'run-ended':
        this.run = null;
        this.outcome = typeof event.detail?.['outcome'] === 'string' ? event.detail['outcome'] : null;
        break;
    }
  }
}
