/**
 * `phare scenario list` and `phare scenario run ID|FILE --site FILE [--sim] [--speed N] [--json]`.
 *
 * `run` prints the timeline as it happens and exits 0 only if every expect passed. When a
 * controller runs this site (`npm start`, at --controller or PHARE_CONTROLLER, default
 * http://127.0.0.1:8080), the run is started there, so the showroom shows it live
 * (remote-scenario.ts). Otherwise, or with --headless or --sim, it is headless: the CLI drives
 * the site's devices itself (with --sim, the site's simulators on ephemeral ports). Ctrl-C aborts
 * the run; its `finally` steps still restore the safe state.
 */
import type { Command } from 'commander';
import type { ScenarioEvent } from '../../bus/events.ts';
import { loadSiteOrThrow } from '../../controller/site-loading.ts';
import { listLibrary, resolveScenario } from '../../scenario/library.ts';
import { runScenarioHeadless } from '../../scenario/headless.ts';
import { jitterStats, type RunResult } from '../../scenario/timeline.ts';
import { CliError } from '../cli-error.ts';
import { cliUser } from '../one-shot.ts';
import { formatTable, printJson, printLines } from '../output.ts';
import { controllerSiteId, runOnController } from '../remote-scenario.ts';
import { describeEvent, type Lang } from '../scenario-event-text.ts';
import type { ScenarioRunView } from '../../api/wire.ts';
import type { CliContext } from '../context.ts';

const DEFAULT_CONTROLLER = 'http://127.0.0.1:8080';

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
    .option(
      '--controller <url>',
      `run it on this controller, shown live in its showroom (default PHARE_CONTROLLER or ${DEFAULT_CONTROLLER} when it runs this site)`,
    )
    .option('--headless', 'never use a running controller: drive the devices from this command')
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
          controller?: string;
          headless?: boolean;
        },
      ) => {
        const resolved = resolveScenario(id);
        if (!resolved.ok) throw new CliError(resolved.message, 'UNKNOWN_SCENARIO');
        const interrupt = new AbortController();
        const onSignal = (): void => interrupt.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        const controller = opts.headless || opts.sim ? undefined : await runningController(opts, id);
        if (controller) {
          try {
            const view = await runOnController({
              controller,
              scenarioId: id,
              ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
              lang: opts.lang,
              json: opts.json === true,
              print: (line) => printLines([line]),
              signal: interrupt.signal,
            });
            if (opts.json) printJson(view);
            else printLines([remoteSummary(view)]);
            if (view.outcome !== 'passed') process.exitCode = 1;
          } finally {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
          }
          return;
        }
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

/**
 * The controller to run on: the one given (it must answer), else the default one if it runs the
 * same site; undefined for a headless run. A scenario given as a file runs headless: the
 * controller runs the scenarios of its own library.
 */
async function runningController(
  opts: { site: string; controller?: string },
  scenario: string,
): Promise<string | undefined> {
  const explicit = opts.controller ?? process.env['PHARE_CONTROLLER'];
  const url = explicit ?? DEFAULT_CONTROLLER;
  const byFile = /[/\\]|\.ya?ml$/i.test(scenario);
  if (byFile) {
    if (explicit)
      throw new CliError(`a controller runs scenarios of its library by id, not the file ${scenario}`);
    return undefined;
  }
  const siteId = await controllerSiteId(url);
  if (siteId === undefined) {
    if (explicit) throw new CliError(`No Phare controller answers at ${url}`, 'DISCONNECTED');
    return undefined;
  }
  const wanted = loadSiteOrThrow(opts.site).site.id;
  if (siteId === wanted) return url;
  if (explicit)
    throw new CliError(`The controller at ${url} runs site ${siteId}, not ${wanted} (${opts.site})`);
  return undefined;
}

function remoteSummary(view: ScenarioRunView): string {
  const seconds = view.endedAt !== null ? ((view.endedAt - view.startedAt) / 1000).toFixed(1) : '?';
  return (
    `${view.outcome}: ${view.passed}/${view.expects} expects passed on the controller (${seconds} s of run time)` +
    (view.reason ? `\n  ${view.reason}` : '')
  );
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
