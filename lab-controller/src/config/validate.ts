/**
 * `phare validate FILE...`: checks every file given, whatever its kind, and reports all problems
 * of all files. The result is plain data, so `--json` is JSON.stringify of it.
 */
import { resolve } from 'node:path';
import { detectKindOf, type FileKind } from './file-kind.ts';
import { parseProfile } from './load-profile.ts';
import { parsePhareConfig } from './phare-config.ts';
import { loadSite, type LoadSiteOptions } from './load-site.ts';
import { displayPath } from './paths.ts';
import { formatProblem, type Problem } from './problem.ts';
import { readYaml, type YamlSource } from './yaml-source.ts';
import { parseScenario } from '../scenario/load-scenario.ts';
import { validateScenarioSyntax } from '../scenario/validate-scenario.ts';
import { parseExercisesSource, parseModuleSource } from '../curriculum/load-module.ts';

export interface FileValidation {
  /** The file as shown in problems. */
  file: string;
  /** Undefined when the kind could not be told (unreadable, no `schema:`). */
  kind: FileKind | undefined;
  ok: boolean;
  /** Problems of this file, and for a site those of the profiles it uses (each names its file). */
  problems: Problem[];
}

export interface ValidationReport {
  files: FileValidation[];
  ok: boolean;
}

function validateOne(path: string, options: LoadSiteOptions): FileValidation {
  const file = displayPath(path);
  const read = readYaml(path);
  if (!read.ok) return { file, kind: undefined, ok: false, problems: read.problems };
  const detected = detectKindOf(read.value);
  if (!detected.ok) return { file, kind: undefined, ok: false, problems: detected.problems };
  if (detected.kind === 'scenario') {
    const problems = scenarioProblems(read.value, path);
    return { file, kind: 'scenario', ok: problems.length === 0, problems };
  }
  if (detected.kind === 'config') {
    const parsed = parsePhareConfig(read.value, path);
    return { file, kind: 'config', ok: parsed.ok, problems: parsed.ok ? [] : parsed.problems };
  }
  if (detected.kind === 'curriculum-module' || detected.kind === 'curriculum-exercises') {
    // A module file alone: its schema (points are checked against a site by the curriculum tests).
    const parsed = (detected.kind === 'curriculum-module' ? parseModuleSource : parseExercisesSource)(
      read.value,
    );
    return { file, kind: detected.kind, ok: parsed.ok, problems: parsed.ok ? [] : parsed.problems };
  }
  const result = detected.kind === 'profile' ? parseProfile(read.value, path) : loadSite(path, options);
  return { file, kind: detected.kind, ok: result.ok, problems: result.ok ? [] : result.problems };
}

/** A scenario alone: schema and expression syntax (its points are checked against a site when it runs). */
function scenarioProblems(source: YamlSource, path: string): Problem[] {
  const parsed = parseScenario(source, path);
  return parsed.ok ? validateScenarioSyntax(parsed.value) : parsed.problems;
}

export function validateFiles(paths: string[], options: LoadSiteOptions = {}): ValidationReport {
  const files = paths.map((path) => validateOne(resolve(path), options));
  return { files, ok: files.every((f) => f.ok) };
}

/** Human report: every problem as `file:line:column: message — hint`, then one summary line. */
export function formatValidationReport(report: ValidationReport): string {
  const lines = report.files.flatMap((f) =>
    f.ok ? [`${f.file}: ok (${f.kind})`] : f.problems.map(formatProblem),
  );
  const invalid = report.files.filter((f) => !f.ok);
  const problemCount = invalid.reduce((n, f) => n + f.problems.length, 0);
  lines.push(
    invalid.length === 0
      ? `${report.files.length} file${report.files.length === 1 ? '' : 's'} valid`
      : `${invalid.length} of ${report.files.length} file${report.files.length === 1 ? '' : 's'} invalid, ${problemCount} problem${problemCount === 1 ? '' : 's'}`,
  );
  return lines.join('\n');
}
