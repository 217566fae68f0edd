/**
 * One scenario run as the scenario view shows it, kept up to date from the socket's `scenario`
 * events (kinds in lab-controller/src/scenario/timeline.ts): each step's state, each expect's
 * verdict, the latest narration, the prompts waiting for the operator, captured values, and whether
 * the `finally` steps (the safe state) have completed. A page opened mid-run loads the run first
 * (GET /api/runs/:id carries its events so far), then follows the live events.
 */
import type {
  Localized,
  PointValue,
  ScenarioEventView,
  ScenarioPromptView,
  ScenarioRunOutcome,
  ScenarioRunView,
  ScenarioStepView,
  ScenarioVerdictView,
} from '@phare/lab-controller/api/wire.ts';

export type StepState = 'pending' | 'running' | 'passed' | 'failed' | 'done' | 'error' | 'interrupted';

export interface Captured {
  value: PointValue;
  unit?: string;
}

function localizedOf(detail: Record<string, unknown> | undefined): Localized | null {
  const fr = detail?.['fr'];
  const en = detail?.['en'];
  return typeof fr === 'string' ? { fr, en: typeof en === 'string' ? en : fr } : null;
}

export class RunTracker {
  id = $state<string | null>(null);
  scenarioId = $state<string | null>(null);
  title = $state.raw<Localized | null>(null);
  steps = $state.raw<ScenarioStepView[]>([]);
  states = $state<Record<string, StepState>>({});
  verdicts = $state<Record<string, ScenarioVerdictView>>({});
  errors = $state<Record<string, string>>({});
  captured = $state<Record<string, Captured>>({});
  narration = $state.raw<Localized | null>(null);
  prompts = $state.raw<ScenarioPromptView[]>([]);
  outcome = $state<ScenarioRunOutcome | null>(null);
  reason = $state<string | null>(null);
  speed = $state<number | null>(null);

  readonly active = $derived(this.outcome === 'running');
  readonly finallySteps = $derived(this.steps.filter((s) => s.inFinally && s.depth === 0));
  /** Every top-level `finally` step has ended (the lab is back in its safe state). */
  readonly finallyDone = $derived(
    this.outcome !== null &&
      this.outcome !== 'running' &&
      this.finallySteps.every((s) => this.states[s.id] !== 'pending' && this.states[s.id] !== 'running'),
  );

  /** Starts following a run from its view (the steps come from the library file). */
  load(view: ScenarioRunView): void {
    this.id = view.id;
    this.scenarioId = view.scenarioId;
    this.title = view.title ?? null;
    this.steps = view.steps;
    this.states = Object.fromEntries(view.steps.map((s) => [s.id, 'pending' as StepState]));
    this.verdicts = {};
    this.errors = {};
    this.captured = {};
    this.narration = null;
    this.prompts = view.prompts;
    this.outcome = view.outcome;
    this.reason = view.reason;
    this.speed = view.speed ?? null;
    for (const entry of view.timeline) {
      this.states[entry.step] = entry.ok ? (entry.kind === 'expect' ? 'passed' : 'done') : 'failed';
      if (entry.error) this.errors[entry.step] = entry.error;
      if (entry.kind === 'capture' && entry.value !== undefined)
        this.captured[entry.step] = { value: entry.value };
    }
    for (const verdict of view.verdicts) this.recordVerdict(verdict);
    for (const event of view.events) this.apply(event);
    // The view is newer than its events: its outcome and prompts win.
    this.outcome = view.outcome;
    this.prompts = view.prompts;
  }

  apply(event: ScenarioEventView): void {
    if (event.run !== this.id) return;
    const d = event.detail ?? {};
    const step = typeof d['step'] === 'string' ? d['step'] : '';
    switch (event.kind) {
      case 'run-started':
        this.outcome = 'running';
        if (typeof d['speed'] === 'number') this.speed = d['speed'];
        break;
      case 'step-started':
        this.states[step] = 'running';
        break;
      case 'step-ended':
        if (this.states[step] !== 'passed' && this.states[step] !== 'failed')
          this.states[step] =
            d['ok'] === false ? (d['canceled'] ? 'interrupted' : d['error'] ? 'error' : 'failed') : 'done';
        if (typeof d['error'] === 'string') this.errors[step] = d['error'];
        this.prompts = this.prompts.filter((p) => p.step !== step);
        break;
      case 'verdict':
        this.recordVerdict(d as unknown as ScenarioVerdictView);
        break;
      case 'say': {
        const text = localizedOf(d);
        if (text) this.narration = text;
        break;
      }
      case 'prompt': {
        const text = localizedOf(d);
        if (text && !this.prompts.some((p) => p.step === step))
          this.prompts = [
            ...this.prompts,
            { step, text, ...(typeof d['device'] === 'string' ? { device: d['device'] } : {}) },
          ];
        break;
      }
      case 'prompt-confirmed':
        this.prompts = this.prompts.filter((p) => p.step !== step);
        break;
      case 'captured':
        this.captured[step] = {
          value: (d['value'] ?? null) as PointValue,
          ...(typeof d['unit'] === 'string' ? { unit: d['unit'] } : {}),
        };
        break;
      case 'run-ended':
        this.outcome = (typeof d['outcome'] === 'string' ? d['outcome'] : 'error') as ScenarioRunOutcome;
        this.reason = typeof d['reason'] === 'string' ? d['reason'] : null;
        this.prompts = [];
        break;
    }
  }

  private recordVerdict(verdict: ScenarioVerdictView): void {
    this.verdicts[verdict.step] = verdict;
    this.states[verdict.step] = verdict.ok ? 'passed' : 'failed';
  }
}
