/**
 * Impact routes under /api/impact/ and /api/runs/:id/impact (hardware/impact/README.md):
 *
 * - GET  /api/impact/factors            the factors file (every value with its source and year);
 * - GET  /api/impact/kit                the demonstrator's kit and its footprint, and the kit
 *                                       suggested for a territory projection;
 * - POST /api/impact/projection         projectTerritory(body); 400 with `issues` (field, fr, en);
 * - GET  /api/impact/measured?from&to[&devices=a,b]  the lab's measured energy over a window;
 * - GET  /api/runs/:id/impact           the same over a scenario run, on the devices it requires.
 *
 * The factors file is read once when the routes are registered; a broken file makes the routes
 * answer CONFIG_INVALID with its file:line:column problems, the rest of the API keeps working.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { EVERYONE } from '../auth/roles.ts';
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import { formatProblem } from '../config/problem.ts';
import type { ImpactFactors } from '../impact/factors-schema.ts';
import type { InputIssue } from '../impact/input-issues.ts';
import { demonstratorKit, kitFootprint, siteKitDevices, territoryKit } from '../impact/kit-from-site.ts';
import { labEnergySources } from '../impact/lab-energy-sources.ts';
import { loadImpactFactors } from '../impact/load-factors.ts';
import { measureLabEnergy } from '../impact/measure-lab-energy.ts';
import { projectTerritory } from '../impact/project-territory.ts';
import type { Registry } from '../registry/registry.ts';
import { runBaseline } from '../impact/run-baseline.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { TimelineEntry } from '../scenario/timeline.ts';
import { resolveScenario } from '../scenario/library.ts';
import { expandPointPatterns } from '../scenario/site-points.ts';
import type { HistoryStore } from '../storage/audit-store.ts';
import type { RunRecord } from '../storage/run-store.ts';
import { sendError, sendOk } from './routes.ts';
import type { ImpactKitView, RunImpactView } from './wire.ts';

export interface ImpactRouteContext {
  registry: Registry;
  /** Absent when the data folder is unusable: measured energy answers 503. */
  history?: HistoryStore;
  /** Scenario runs; absent: GET /api/runs/:id/impact answers 404. */
  runs?: { get(id: string): RunRecord | undefined };
  /** Default hardware/impact/factors-fr.yaml. */
  factorsPath?: string;
  /** Where scenario ids are resolved (default the repository's scenarios/). */
  scenariosDir?: string;
}

/** A measured window longer than this is refused: the recorder answers at most 100 000 samples. */
const MAX_WINDOW_MS = 7 * 24 * 3_600_000;

export function registerImpactRoutes(app: FastifyInstance, ctx: ImpactRouteContext): void {
  const loaded = loadImpactFactors(ctx.factorsPath);
  const withFactors = (reply: FastifyReply, then: (factors: ImpactFactors) => FastifyReply): FastifyReply =>
    loaded.ok
      ? then(loaded.value)
      : sendError(reply, {
          code: 'CONFIG_INVALID',
          message: `impact factors file: ${loaded.problems.map(formatProblem).join('; ')}`,
        });

  app.get('/api/impact/factors', { config: { allow: EVERYONE } }, (_req, reply) =>
    withFactors(reply, (factors) => sendOk(reply, factors)),
  );

  app.get('/api/impact/kit', { config: { allow: EVERYONE } }, (_req, reply) =>
    withFactors(reply, (factors) => {
      const devices = siteKitDevices(ctx.registry.loaded);
      const lines = demonstratorKit(devices);
      const view: ImpactKitView = {
        demonstrator: { lines, footprint: kitFootprint(lines, factors) },
        territory: { lines: territoryKit(devices) },
      };
      return sendOk(reply, view);
    }),
  );

  // A pure computation over the body and the factors file: it reads no device and changes nothing,
  // so visitors (the kiosk's territory simulator) may use it, and no CSRF token is asked: a forged
  // request could only make the controller compute an answer the forger cannot read.
  app.post<{ Body: unknown }>(
    '/api/impact/projection',
    { config: { allow: EVERYONE, csrf: false } },
    (req, reply) =>
      withFactors(reply, (factors) => {
        try {
          return sendOk(reply, projectTerritory(req.body, factors));
        } catch (error) {
          if (!(error instanceof OutOfRange)) throw error;
          const issues = (error.detail as { issues?: InputIssue[] } | undefined)?.issues ?? [];
          return sendError(reply, {
            code: error.code,
            message: issues.length ? issues.map((i) => i.en).join('; ') : error.message,
            issues,
          });
        }
      }),
  );

  app.get<{ Querystring: { from?: string; to?: string; devices?: string } }>(
    '/api/impact/measured',
    { config: { allow: EVERYONE } },
    (req, reply) => {
      const from = parseTime(req.query.from);
      const to = parseTime(req.query.to) ?? (req.query.to ? undefined : Date.now());
      if (from === undefined || to === undefined || !(to > from) || to - from > MAX_WINDOW_MS)
        return sendError(reply, {
          code: 'BAD_REQUEST',
          message:
            'from and to must be ms since epoch or ISO 8601 dates, from before to, at most 7 days apart',
        });
      const devices = req.query.devices ? new Set(req.query.devices.split(',')) : undefined;
      const unknown = [...(devices ?? [])].filter((d) => !ctx.registry.healthOf(d));
      if (unknown.length)
        return sendError(reply, {
          code: 'NOT_FOUND',
          message: `No device ${unknown.join(', ')} on this site`,
          device: unknown[0]!,
        });
      return measured(reply, { from, to }, devices);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/runs/:id/impact',
    { config: { allow: EVERYONE } },
    (req, reply) => {
      const run = ctx.runs?.get(req.params.id);
      if (!run) return sendError(reply, { code: 'NOT_FOUND', message: `No scenario run ${req.params.id}` });
      const window = { from: run.startedAt, to: run.endedAt ?? Date.now() };
      const scenario = scenarioOf(run.scenarioId);
      const devices = scenario ? scenarioDevices(scenario) : undefined;
      const baseline = scenario?.impact?.baseline;
      return measured(reply, window, devices, (m) => {
        const view: RunImpactView = {
          run: {
            id: run.id,
            scenarioId: run.scenarioId,
            startedAt: run.startedAt,
            endedAt: run.endedAt,
            outcome: run.outcome,
          },
          devices: devices ? [...devices] : ctx.registry.deviceIds(),
          measured: m,
          baseline: baseline ? runBaseline(baseline, m, run.timeline as TimelineEntry[]) : null,
        };
        return view;
      });
    },
  );

  function measured<T>(
    reply: FastifyReply,
    window: { from: number; to: number },
    devices: ReadonlySet<string> | undefined,
    wrap: (m: ReturnType<typeof measureLabEnergy>) => T = (m) => m as T,
  ): FastifyReply {
    if (!ctx.history)
      return sendError(reply, {
        code: 'STORAGE_UNAVAILABLE',
        message: 'Energy is measured from recorded history, which is not kept: the data folder is unusable',
      });
    const sources = labEnergySources(ctx.registry.siteView, (id) => ctx.registry.meta(id), devices);
    return sendOk(reply, wrap(measureLabEnergy(window, sources, ctx.history)));
  }

  /** The run's scenario as the library has it now; undefined when it cannot be read. */
  function scenarioOf(scenarioId: string): Scenario | undefined {
    const file = resolveScenario(scenarioId, ctx.scenariosDir);
    if (!file.ok) return undefined;
    const scenario = loadScenario(file.file);
    return scenario.ok ? scenario.value.scenario : undefined;
  }

  /** Devices whose points the scenario requires; undefined (every device) when none match. */
  function scenarioDevices(scenario: Scenario): ReadonlySet<string> | undefined {
    const ids = ctx.registry.allMeta().map((m) => m.id);
    const matched = [...expandPointPatterns(scenario.requires, ids).values()].flat();
    const devices = new Set(
      matched.map((id) => ctx.registry.meta(id)?.device).filter((d) => d !== undefined),
    );
    return devices.size ? devices : undefined;
  }
}

function parseTime(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (Number.isFinite(n)) return n;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}
