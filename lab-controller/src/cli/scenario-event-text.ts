/**
 * One line of a run's live timeline as `phare scenario run` prints it, from a scenario event
 * (headless runs get them from the bus, runs on a controller from its API).
 */
import type { ScenarioEventView } from '../api/wire.ts';

export type Lang = 'fr' | 'en';

export function describeEvent(event: ScenarioEventView, elapsedMs: number, lang: Lang): string | undefined {
  const d = event.detail ?? {};
  const at = `${(elapsedMs / 1000).toFixed(1).padStart(6)} s`;
  const text = (v: unknown): string => (v as Record<Lang, string> | undefined)?.[lang] ?? '';
  switch (event.kind) {
    case 'run-started':
      return `${at}  run ${event.run} started (${String(d['scenario'])}, speed ${String(d['speed'])})`;
    case 'say':
      return `${at}  « ${lang === 'fr' ? String(d['fr']) : String(d['en'])} »`;
    case 'verdict':
      return `${at}  ${d['ok'] ? 'PASS' : 'FAIL'}  ${String(d['step'])}: ${text(d['label'])}${d['ok'] ? '' : ` — ${String(d['detail'] ?? '')}`}`;
    case 'step-ended':
      if (d['kind'] === 'set' || d['kind'] === 'stimulate' || d['error'])
        return `${at}  ${d['ok'] ? 'done' : 'ERROR'} ${String(d['kind'])} ${String(d['step'])}${d['error'] ? `: ${String(d['error'])}` : ''}`;
      return undefined;
    case 'prompt':
      return `${at}  OPERATOR: ${lang === 'fr' ? String(d['fr']) : String(d['en'])}`;
    case 'captured':
      return `${at}  ${text(d['label']) || String(d['variable'])} = ${String(d['value'])}${d['unit'] ? ` ${String(d['unit'])}` : ''}`;
    case 'alarm':
      return `${at}  ALARM ${String(d['severity'])} ${String(d['point'])}: ${text(d['message'])}`;
    case 'paused':
    case 'resumed':
      return `${at}  ${event.kind} (${String(d['device'])})`;
    default:
      return undefined;
  }
}
