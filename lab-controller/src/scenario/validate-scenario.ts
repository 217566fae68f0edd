/**
 * Checks a scenario against a site and compiles it into a plan the engine runs:
 * - every point named (set, alarm, requires patterns, expressions) exists on the site, with the
 *   nearest id as a hint when not;
 * - every `set` targets a writable point with a value of the right type within the point's limits
 *   (the profile's safe limits, else its range: the same rule as the write path);
 * - every expression parses and uses only allowed constructs, its errors placed at the character
 *   of the YAML scalar (file:line:column);
 * - every stimulated device exists; step ids are unique (confirmPrompt names steps by id).
 */
import type { PointMeta } from '../api/wire.ts';
import type { Problem, ProblemPath, Result } from '../config/problem.ts';
import { sortProblems } from '../config/issues.ts';
import { closestOf, nearest } from '../config/suggest.ts';
import { valuePosition, type YamlSource } from '../config/yaml-source.ts';
import type { LoadedSiteInput } from '../registry/site-input.ts';
import { compileExpression, type CompiledExpression, type NameScope } from './expression/compile.ts';
import { evaluate } from './expression/evaluate.ts';
import { loadScenario, type LoadedScenario } from './load-scenario.ts';
import type { Scenario, ScenarioStep, ScenarioValue } from './schema.ts';
import { expandPointPatterns, sitePointMetas } from './site-points.ts';
import { expressionPosition } from './expression/position.ts';
import { walkSteps } from './walk.ts';

export interface ScenarioPlan {
  scenario: Scenario;
  path?: string;
  /** The expression of each step body that has one (set.expr, wait.until, expect.that, repeat.while). */
  expressions: Map<object, CompiledExpression>;
  /** Points of `requires`, patterns expanded. */
  requiredPoints: string[];
  /** Every device the run reads, writes or stimulates: locked while it runs. */
  devices: string[];
  /** Every point the run reads or writes (replay shows their recorded samples). */
  points: string[];
}

export interface SiteFacts {
  points: PointMeta[];
  deviceIds: string[];
  /** Profile id per device, for limit messages. */
  profileOf?: (deviceId: string) => string | undefined;
}

export function siteFacts(site: LoadedSiteInput): SiteFacts {
  return {
    points: sitePointMetas(site),
    deviceIds: site.site.devices.map((d) => d.id),
    profileOf: (id) => site.site.devices.find((d) => d.id === id)?.profile,
  };
}

/** `validateScenario(file, site)`: every problem of the file, schema and site checks together. */
export function validateScenario(file: string, site: LoadedSiteInput): Problem[] {
  const loaded = loadScenario(file);
  if (!loaded.ok) return loaded.problems;
  const plan = prepareScenario(loaded.value, siteFacts(site));
  return plan.ok ? [] : plan.problems;
}

export function prepareScenario(loaded: LoadedScenario, facts: SiteFacts): Result<ScenarioPlan> {
  return new ScenarioChecker(loaded, facts).check();
}

class ScenarioChecker {
  private readonly problems: Problem[] = [];
  private readonly metas: Map<string, PointMeta>;
  private readonly expressions = new Map<object, CompiledExpression>();
  private readonly devices = new Set<string>();
  private readonly points = new Set<string>();
  private readonly scope: NameScope;
  private readonly source: YamlSource;
  private readonly scenario: Scenario;

  constructor(
    private readonly loaded: LoadedScenario,
    private readonly facts: SiteFacts,
  ) {
    this.source = loaded.source;
    this.scenario = loaded.scenario;
    this.metas = new Map(facts.points.map((m) => [m.id, m]));
    const variables = Object.keys(this.scenario.variables);
    this.scope = {
      isPoint: (id) => this.metas.has(id),
      isVariable: (name) => Object.hasOwn(this.scenario.variables, name),
      names: () => [...this.metas.keys(), ...variables],
    };
  }

  check(): Result<ScenarioPlan> {
    const requiredPoints = this.checkRequires();
    const seenIds = new Map<string, ProblemPath>();
    const stepsById = new Map<string, ScenarioStep>();
    for (const visited of walkSteps(this.scenario)) {
      const { step, path } = visited;
      if (step.id !== undefined) {
        const first = seenIds.get(step.id);
        if (first) {
          const at = valuePosition(this.source, first);
          this.add(
            [...path, 'id'],
            `duplicate step id "${step.id}" (first at line ${at.line}, column ${at.column})`,
            'each step id must be unique',
          );
        } else {
          seenIds.set(step.id, [...path, 'id']);
          stepsById.set(step.id, step);
        }
      }
      this.checkStep(step, path);
    }
    this.checkImpactBaseline(stepsById);
    if (this.problems.length > 0) return { ok: false, problems: sortProblems(this.problems) };
    return {
      ok: true,
      value: {
        scenario: this.scenario,
        ...(this.loaded.path ? { path: this.loaded.path } : {}),
        expressions: this.expressions,
        requiredPoints,
        devices: [...this.devices].sort(),
        points: [...this.points].sort(),
      },
    };
  }

  /** A `captured` baseline names two capture steps of this scenario. */
  private checkImpactBaseline(stepsById: ReadonlyMap<string, ScenarioStep>): void {
    const baseline = this.scenario.impact?.baseline;
    if (baseline?.kind !== 'captured') return;
    for (const field of ['reference', 'measured'] as const) {
      const id = baseline[field];
      const step = stepsById.get(id);
      if (!step?.capture)
        this.add(
          ['impact', 'baseline', field],
          step ? `step "${id}" is not a capture step` : `no step with id "${id}"`,
          'name the id of a `capture` step that records the energy in kWh',
        );
    }
  }

  private checkRequires(): string[] {
    const expanded = expandPointPatterns(this.scenario.requires, this.metas.keys());
    const required = new Set<string>();
    this.scenario.requires.forEach((pattern, index) => {
      const ids = expanded.get(pattern) ?? [];
      if (ids.length === 0) {
        this.add(['requires', index], `no point of this site matches "${pattern}"`, this.hintFor(pattern));
        return;
      }
      for (const id of ids) {
        required.add(id);
        this.points.add(id);
        this.devices.add(this.metas.get(id)!.device);
      }
    });
    return [...required];
  }

  private checkStep(step: ScenarioStep, path: ProblemPath): void {
    if (step.set) {
      const body = step.set;
      const targets =
        body.point !== undefined
          ? [{ id: body.point, path: [...path, 'set', 'point'] }]
          : (body.points ?? []).map((id, i) => ({ id, path: [...path, 'set', 'points', i] }));
      let value: ScenarioValue | undefined = body.value;
      let valuePath: ProblemPath = [...path, 'set', 'value'];
      if (body.expr !== undefined) {
        valuePath = [...path, 'set', 'expr'];
        const expr = this.compile(body, body.expr, valuePath);
        // A value computed from variables only is known now: check it like a literal.
        value = expr && expr.points.length === 0 ? this.constantValue(expr) : undefined;
      }
      for (const target of targets) {
        const meta = this.point(target.id, target.path);
        if (!meta) continue;
        if (!meta.writable) {
          this.add(
            target.path,
            `point ${meta.id} is read-only: a scenario cannot set it`,
            this.writableHint(meta),
          );
          continue;
        }
        if (value !== undefined) {
          const problem = valueProblem(meta, value, this.facts.profileOf?.(meta.device));
          if (problem) this.add(valuePath, problem.message, problem.hint);
        }
      }
    }
    if (step.wait?.until !== undefined) this.compile(step.wait, step.wait.until, [...path, 'wait', 'until']);
    if (step.expect) this.compile(step.expect, step.expect.that, [...path, 'expect', 'that']);
    if (step.repeat?.while !== undefined)
      this.compile(step.repeat, step.repeat.while, [...path, 'repeat', 'while']);
    if (step.alarm) this.point(step.alarm.point, [...path, 'alarm', 'point']);
    if (step.capture) {
      this.compile(step.capture, step.capture.expr, [...path, 'capture', 'expr']);
      if (!Object.hasOwn(this.scenario.variables, step.capture.variable))
        this.add(
          [...path, 'capture', 'variable'],
          `variable ${step.capture.variable} is not declared`,
          `declare it under variables: with a starting value, e.g. ${step.capture.variable}: 0`,
        );
    }
    if (step.stimulate) {
      const device = step.stimulate.device;
      if (this.facts.deviceIds.includes(device)) this.devices.add(device);
      else {
        const near = nearest(device, this.facts.deviceIds);
        this.add(
          [...path, 'stimulate', 'device'],
          `no device "${device}" on this site`,
          near ? `did you mean "${near}"?` : `devices: ${this.facts.deviceIds.join(', ')}`,
        );
      }
    }
  }

  private compile(body: object, source: string, path: ProblemPath): CompiledExpression | undefined {
    const result = compileExpression(source, this.scope);
    if (!result.ok) {
      for (const p of result.problems) {
        this.problems.push({
          file: this.source.file,
          ...expressionPosition(this.source, path, p.index),
          message: p.message,
          ...(p.hint ? { hint: p.hint } : {}),
          path,
        });
      }
      return undefined;
    }
    for (const id of result.expr.points) {
      this.devices.add(this.metas.get(id)!.device);
      this.points.add(id);
    }
    this.expressions.set(body, result.expr);
    return result.expr;
  }

  private constantValue(expr: CompiledExpression): ScenarioValue | undefined {
    try {
      const value = evaluate(expr, {
        state: () => undefined,
        variable: (name) => this.scenario.variables[name],
        nowMs: () => Date.now(),
      });
      return value === null || expr.usesClock ? undefined : value;
    } catch {
      return undefined;
    }
  }

  private point(id: string, path: ProblemPath): PointMeta | undefined {
    const meta = this.metas.get(id);
    if (meta) {
      this.devices.add(meta.device);
      this.points.add(id);
      return meta;
    }
    this.add(path, `no point ${id} on this site`, this.hintFor(id));
    return undefined;
  }

  private hintFor(id: string): string {
    const ids = [...this.metas.keys()];
    const near = nearest(id, ids) ?? closestOf(id, ids);
    return near ? `did you mean ${near}?` : 'list the points with `phare points --site FILE`';
  }

  private writableHint(meta: PointMeta): string | undefined {
    const local = meta.id.slice(meta.device.length + 1);
    const sibling = [...this.metas.values()].find(
      (m) => m.writable && m.device === meta.device && m.id.endsWith(`.${local.split('.').at(-1)}`),
    );
    return sibling ? `writable points of ${meta.device} include ${sibling.id}` : undefined;
  }

  private add(path: ProblemPath, message: string, hint?: string): void {
    this.problems.push({
      file: this.source.file,
      ...valuePosition(this.source, path),
      message,
      ...(hint ? { hint } : {}),
      path,
    });
  }
}

/** The write path's value rule (registry/write-path.ts), checked before anything runs. */
export function valueProblem(
  meta: PointMeta,
  value: ScenarioValue,
  profile?: string,
): { message: string; hint?: string } | undefined {
  const numeric = meta.type === 'number' || meta.type === 'integer' || meta.type === 'bitmap';
  if (numeric) {
    if (typeof value !== 'number')
      return { message: `point ${meta.id} needs a number, got ${JSON.stringify(value)}` };
    if (meta.type !== 'number' && !Number.isInteger(value))
      return { message: `point ${meta.id} needs a whole number, got ${value}` };
    const bounds = meta.limits ?? meta.range;
    if (bounds && (value < bounds.min || value > bounds.max)) {
      const kind = meta.limits ? 'safe limits' : 'range';
      return {
        message: `${value}${meta.unit ? ` ${meta.unit}` : ''} is outside the ${kind} of ${meta.id}, ${bounds.min}–${bounds.max}${profile ? ` (profile ${profile})` : ''}`,
        hint: `use a value between ${bounds.min} and ${bounds.max}`,
      };
    }
    return undefined;
  }
  if (meta.type === 'boolean' && typeof value !== 'boolean')
    return { message: `point ${meta.id} needs true or false, got ${JSON.stringify(value)}` };
  if (meta.type === 'string' && typeof value !== 'string')
    return {
      message: `point ${meta.id} needs a string, got ${JSON.stringify(value)}`,
      hint: `quote it: "${String(value)}"`,
    };
  return undefined;
}

/**
 * For `phare validate` without a site: the schema, and every expression's syntax (names are not
 * checked, since which points exist depends on the site).
 */
export function validateScenarioSyntax(loaded: LoadedScenario): Problem[] {
  const anyName: NameScope = { isPoint: (id) => id.includes('.'), isVariable: () => true, names: () => [] };
  const problems: Problem[] = [];
  for (const { step, path } of walkSteps(loaded.scenario)) {
    const expressions: [string | undefined, ProblemPath][] = [
      [step.set?.expr, [...path, 'set', 'expr']],
      [step.wait?.until, [...path, 'wait', 'until']],
      [step.expect?.that, [...path, 'expect', 'that']],
      [step.repeat?.while, [...path, 'repeat', 'while']],
      [step.capture?.expr, [...path, 'capture', 'expr']],
    ];
    for (const [source, at] of expressions) {
      if (source === undefined) continue;
      const result = compileExpression(source, anyName);
      if (result.ok) continue;
      for (const p of result.problems)
        problems.push({
          file: loaded.source.file,
          ...expressionPosition(loaded.source, at, p.index),
          message: p.message,
          ...(p.hint ? { hint: p.hint } : {}),
          path: at,
        });
    }
  }
  return sortProblems(problems);
}
