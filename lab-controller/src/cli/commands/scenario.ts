/**
 * `phare scenario list` and `phare scenario run ID|FILE --site FILE [--sim] [--speed N] [--json]`.
 *
 * `run` is headless: it drives the site's devices itself (with --sim, the site's simulators,
 * started on ephemeral ports), prints the timeline as it happens, and exits 0 only if every
 * expect passed. Ctrl-C aborts the run; its `finally` steps still restore the safe state.
 */
import type { Command } from 'commander';
import type { ScenarioEvent } from '../../bus/events.ts';
import { listLibrary, resolveScenario } from '../../scenario/library.ts';
import { runScenarioHeadless } from '../../scenario/headless.ts';
import { jitterStats, type RunResult } from '../../scenario/timeline.ts';
import { CliError } from '../cli-error.ts';
import { cliUser } from '../one-shot.ts';
import { formatTable, printJson, printLines } from '../output.ts';
import type { CliContext } from '../context.ts';

type Lang = 'fr' | 'en';

export function registerScenarioCommands(program: Command, ctx: CliContext): void {
  const scenario = program.command('scenario').description('list and run showcase scenarios');

  scenario
    .command('list')
    .description('the scenario library (scenarios/<workstream>/<id>.yaml)')
    .option('--json', 'print the entries as JSON')
    .option('--lang <fr|en>', 'language of titles', parseLang, 'fr')
    .action((opts: { json?: boolean; lang: Lang }) => {
      const entries = listLibrary();
      if (opts.json) {
        printJson(entries);
      } else {
        printLines(
          formatTable(
            ['ID', 'WORKSTREAMS', 'DURATION', 'TITLE'],
            entries.map((e) =>
              e.ok
                ? [e.id, e.workstreams!.join(','), `${e.expectedDurationS} s`, e.title![opts.lang]]
                : [e.id, '-', '-', `INVALID: ${e.problems![0]}`],
            ),
          ),
        );
      }
      if (entries.some((e) => !e.ok)) process.exitCode = 1;
    });

  scenario
    .command('run')
    .description('run one scenario headless and print its timeline; exit 0 only if every expect passed')
    .argument('<scenario>', 'library id (night-dimming) or a scenario YAML file')
    .requiredOption('--site <file>', 'site YAML file')
    .option('--sim', "start the site's simulators (ephemeral ports) and run against them")
    .option('--speed <n>', 'run faster than real time (simulation only)', parseSpeed)
    .option('--json', 'print the run result as JSON instead of the live timeline')
    .option('--lang <fr|en>', 'language of narration and labels', parseLang, 'fr')
    .option('--as <name>', 'who starts the run (default: your login)')
    .option('--data-dir <dir>', 'data folder for the audit and run record (default ./data or PHARE_DATA_DIR)')
    .action(
      async (
        id: string,
        opts: {
          site: string;
          sim?: boolean;
          speed?: number;
          json?: boolean;
          lang: Lang;
          as?: string;
          dataDir?: string;
        },
      ) => {
        const resolved = resolveScenario(id);
        if (!resolved.ok) throw new CliError(resolved.message, 'UNKNOWN_SCENARIO');
        const interrupt = new AbortController();
        const onSignal = (): void => interrupt.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        let origin: number | undefined;
        let speed = 1;
        try {
          const result = await runScenarioHeadless({
            scenarioFile: resolved.file,
            siteFile: opts.site,
            simulate: opts.sim === true,
            ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
            startedBy: cliUser(opts.as),
            ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
            logger: ctx.logger,
            signal: interrupt.signal,
            ...(opts.json
              ? {}
              : {
                  onEvent: (event: ScenarioEvent) => {
                    origin ??= event.ts;
                    if (event.kind === 'run-started' && typeof event.detail?.['speed'] === 'number')
                      speed = event.detail['speed'];
                    // Event times are simulated (run clock); the timeline shows real seconds.
                    const line = describeEvent(event, (event.ts - origin) / speed, opts.lang);
                    if (line) printLines([line]);
                  },
                }),
          });
          if (opts.json) printJson({ ...result, jitter: jitterStats(result.timeline) });
          else printLines([summary(result)]);
          if (result.outcome !== 'passed') process.exitCode = 1;
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      },
    );
}

function describeEvent(event: ScenarioEvent, elapsedMs: number, lang: Lang): string | undefined {
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

function summary(result: RunResult): string {
  const passed = result.verdicts.filter((v) => v.ok).length;
  const jitter = jitterStats(result.timeline);
  const runMs = result.endedAt - result.startedAt;
  const first = result.timeline[0]?.wallStartedAt;
  const last = result.timeline.at(-1)?.wallEndedAt;
  const realMs = first !== undefined && last !== undefined ? last - first : runMs;
  const simulatedText =
    runMs >= 2 * 3_600_000 ? `${(runMs / 3_600_000).toFixed(1)} h` : `${(runMs / 60_000).toFixed(1)} min`;
  const simulated = Math.abs(realMs - runMs) > 1000 ? ` (${simulatedText} simulated)` : '';
  return (
    `${result.outcome}: ${passed}/${result.verdicts.length} expects passed in ${(realMs / 1000).toFixed(1)} s${simulated}` +
    `, step start jitter p99 ${jitter.p99.toFixed(1)} ms` +
    (result.reason ? `\n  ${result.reason}` : '')
  );
}

function parseSpeed(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`--speed must be a number > 0, got "${text}"`);
  return n;
}

function parseLang(text: string): Lang {
  if (text !== 'fr' && text !== 'en') throw new CliError(`--lang must be fr or en, got "${text}"`);
  return text;
}
