/**
 * Checks a loaded module against a site, before any apprentice meets it:
 * - every point pattern (devices, reserve, audit) matches a point of the site;
 * - every `start` write targets a writable point with a value within its limits (the write path's
 *   rule, scenario/validate-scenario.ts valueProblem);
 * - every `that` parses in the scenario expression language, names known points and variables, and
 *   reads only readable points (a write-only DALI group level has no live value to check: check
 *   the luminaires instead). Expression problems sit at their character (file:line:column).
 */
import type { PointMeta } from '../api/wire.ts';
import { sortProblems } from '../config/issues.ts';
import type { Problem, ProblemPath } from '../config/problem.ts';
import { closestOf, nearest } from '../config/suggest.ts';
import { valuePosition, type YamlSource } from '../config/yaml-source.ts';
import { compileExpression, type NameScope } from '../scenario/expression/compile.ts';
import { expressionPosition } from '../scenario/expression/position.ts';
import { pointPattern } from '../scenario/site-points.ts';
import { valueProblem, type SiteFacts } from '../scenario/validate-scenario.ts';
import type { LoadedModule } from './load-module.ts';
import type { Exercise } from './schema.ts';

/** Point ids of the site matched by a pattern (`street.lamp*.level`) or naming a device (`street`). */
export function matchPoints(pattern: string, facts: SiteFacts): string[] {
  if (facts.deviceIds.includes(pattern))
    return facts.points.filter((p) => p.device === pattern).map((p) => p.id);
  const re = pointPattern(pattern);
  return facts.points.filter((p) => re.test(p.id)).map((p) => p.id);
}

/** The module's `devices` patterns that match no point of this site (a module for kit not installed). */
export function missingModulePoints(loaded: LoadedModule, facts: SiteFacts): string[] {
  return loaded.module.devices.filter((pattern) => matchPoints(pattern, facts).length === 0);
}

/** Devices to lock while an exercise runs: those of its `reserve` patterns. */
export function reservedDevices(exercise: Exercise, facts: SiteFacts): string[] {
  const metas = new Map(facts.points.map((p) => [p.id, p]));
  const devices = new Set<string>();
  for (const pattern of exercise.reserve)
    for (const id of matchPoints(pattern, facts)) devices.add(metas.get(id)!.device);
  return [...devices].sort();
}

export function checkModuleAgainstSite(loaded: LoadedModule, facts: SiteFacts): Problem[] {
  const problems: Problem[] = [];
  const metas = new Map(facts.points.map((p) => [p.id, p]));
  const add = (source: YamlSource, path: ProblemPath, message: string, hint?: string): void => {
    problems.push({
      file: source.file,
      ...valuePosition(source, path),
      message,
      ...(hint ? { hint } : {}),
      path,
    });
  };
  const hintFor = (id: string): string => {
    const ids = [...metas.keys()];
    const near = nearest(id, ids) ?? closestOf(id, ids);
    return near ? `did you mean ${near}?` : 'list the points with `phare points --site FILE`';
  };
  const pattern = (source: YamlSource, path: ProblemPath, text: string): void => {
    if (matchPoints(text, facts).length === 0)
      add(source, path, `no point of this site matches "${text}"`, hintFor(text));
  };

  const moduleSource = loaded.sources.module;
  loaded.module.devices.forEach((p, i) => pattern(moduleSource, ['devices', i], p));
  loaded.module.start.forEach((write, i) => {
    const meta = metas.get(write.point);
    if (!meta)
      return add(
        moduleSource,
        ['start', i, 'point'],
        `no point ${write.point} on this site`,
        hintFor(write.point),
      );
    if (!meta.writable) return add(moduleSource, ['start', i, 'point'], `point ${meta.id} is read-only`);
    const problem = valueProblem(meta, write.value, facts.profileOf?.(meta.device));
    if (problem) add(moduleSource, ['start', i, 'value'], problem.message, problem.hint);
  });

  const source = loaded.sources.exercises;
  loaded.exercises.forEach((exercise, e) => {
    const at = (...rest: ProblemPath): ProblemPath => ['exercises', e, ...rest];
    exercise.reserve.forEach((p, i) => pattern(source, at('reserve', i), p));
    exercise.check.forEach((condition, c) => {
      if (condition.audit) pattern(source, at('check', c, 'audit', 'point'), condition.audit.point);
      if (condition.that !== undefined)
        problems.push(...expressionProblems(condition.that, exercise, metas, source, at('check', c, 'that')));
    });
  });
  return sortProblems(problems);
}

/** A scope of the site's points and the exercise's variables, for compiling `that`. */
export function exerciseScope(exercise: Exercise, metas: Map<string, PointMeta>): NameScope {
  return {
    isPoint: (id) => metas.has(id),
    isVariable: (name) => Object.hasOwn(exercise.variables, name),
    names: () => [...metas.keys(), ...Object.keys(exercise.variables)],
  };
}

function expressionProblems(
  text: string,
  exercise: Exercise,
  metas: Map<string, PointMeta>,
  source: YamlSource,
  path: ProblemPath,
): Problem[] {
  const result = compileExpression(text, exerciseScope(exercise, metas));
  if (!result.ok)
    return result.problems.map((p) => ({
      file: source.file,
      ...expressionPosition(source, path, p.index),
      message: p.message,
      ...(p.hint ? { hint: p.hint } : {}),
      path,
    }));
  return result.expr.points
    .filter((id) => !metas.get(id)!.readable)
    .map((id) => ({
      file: source.file,
      ...expressionPosition(source, path, text.indexOf(id)),
      message: `point ${id} is write-only: a check cannot read its live value`,
      hint: 'check the points it drives instead (the luminaires of a group: street.lamp01.level …)',
      path,
    }));
}
