/**
 * Checks of a site's write-safety sections (schema/write-safety.ts) against the points the site
 * will have: every interlock condition compiles in the scenario expression language over the
 * site's point ids (a typo gets "did you mean"), every point pattern matches at least one point,
 * interlocks forbid writable points only, and numeric bounds apply to numeric points.
 *
 * The points are those the registry will serve, built by the same code (scenario/site-points.ts),
 * so a site that validates is one whose interlocks the write path can evaluate.
 */
import type { PointMeta } from '../api/wire.ts';
import { compileExpression } from '../scenario/expression/compile.ts';
import { pointPattern, sitePointMetas } from '../scenario/site-points.ts';
import type { ProblemPath } from './problem.ts';
import type { Profile } from './schema/profile.ts';
import type { Site } from './schema/site.ts';
import { patternList } from './schema/write-safety.ts';
import type { SiteIssue } from './site-profile-checks.ts';
import { closestOf, nearest } from './suggest.ts';

const NUMERIC = new Set(['number', 'integer', 'bitmap']);

export function checkWriteSafety(site: Site, profiles: ReadonlyMap<string, Profile>): SiteIssue[] {
  const interlocks = site.interlocks ?? [];
  const rates = site.writeRate?.points ?? [];
  if (interlocks.length === 0 && rates.length === 0) return [];
  const metas = sitePointMetas({ site, profiles, siteFile: '' });
  const ids = metas.map((m) => m.id);
  const byId = new Map(metas.map((m) => [m.id, m]));
  const issues: SiteIssue[] = [];

  const firstOfId = new Map<string, number>();
  interlocks.forEach((interlock, i) => {
    const at = (...rest: (string | number)[]): ProblemPath => ['interlocks', i, ...rest];
    const first = firstOfId.get(interlock.id);
    if (first === undefined) firstOfId.set(interlock.id, i);
    else
      issues.push({
        path: at('id'),
        message: `duplicate interlock id "${interlock.id}"`,
        hint: 'each interlock id must be unique',
        alsoAt: ['interlocks', first, 'id'],
      });

    const compiled = compileExpression(interlock.when, {
      isPoint: (id) => byId.has(id),
      isVariable: () => false,
      names: () => ids,
    });
    if (!compiled.ok)
      for (const problem of compiled.problems)
        issues.push({
          path: at('when'),
          expressionIndex: problem.index,
          // No variables here: the compiler's wording names them for scenarios.
          message: `interlock ${interlock.id}: ${problem.message.replace(' nor a variable of the scenario', '')}`,
          ...(problem.hint ? { hint: problem.hint } : {}),
        });

    const { forbid } = interlock;
    const numericBound = forbid.above !== undefined || forbid.below !== undefined;
    eachPattern(forbid.points, at('forbid', 'points'), (pattern, path) => {
      const matched = matching(pattern, metas);
      if (matched.length === 0) {
        issues.push(noMatch(`interlock ${interlock.id}`, pattern, path, ids));
        return;
      }
      const readOnly = matched.filter((m) => !m.writable).map((m) => m.id);
      if (readOnly.length > 0)
        issues.push({
          path,
          message: `interlock ${interlock.id} forbids writes to read-only ${list(readOnly)}`,
          hint: 'name the writable points the condition must protect (a setpoint, a level)',
        });
      const notNumeric = matched.filter((m) => m.writable && !NUMERIC.has(m.type)).map((m) => m.id);
      if (numericBound && notNumeric.length > 0)
        issues.push({
          path: at('forbid', forbid.above !== undefined ? 'above' : 'below'),
          message: `interlock ${interlock.id}: above/below need numeric points; ${list(notNumeric)} ${notNumeric.length === 1 ? 'is' : 'are'} not`,
          hint: 'use equals: for a boolean or text point',
        });
    });
  });

  rates.forEach((entry, r) =>
    eachPattern(entry.points, ['writeRate', 'points', r, 'points'], (pattern, path) => {
      if (matching(pattern, metas).length === 0) issues.push(noMatch('writeRate', pattern, path, ids));
    }),
  );
  return issues;
}

function eachPattern(
  points: string | string[],
  path: ProblemPath,
  check: (pattern: string, path: ProblemPath) => void,
): void {
  if (typeof points === 'string') check(points, path);
  else patternList(points).forEach((p, j) => check(p, [...path, j]));
}

function matching(pattern: string, metas: PointMeta[]): PointMeta[] {
  const re = pointPattern(pattern);
  return metas.filter((m) => re.test(m.id));
}

function noMatch(what: string, pattern: string, path: ProblemPath, ids: string[]): SiteIssue {
  const near = nearest(pattern, ids) ?? closestOf(pattern, ids);
  return {
    path,
    message: `${what}: "${pattern}" matches no point of this site`,
    hint: near
      ? `did you mean ${near}?`
      : 'a point id <device>.<point>, or a glob like school.zone*.setpoint',
  };
}

function list(ids: string[]): string {
  return ids.length > 4 ? `${ids.slice(0, 4).join(', ')} and ${ids.length - 4} more` : ids.join(', ');
}
