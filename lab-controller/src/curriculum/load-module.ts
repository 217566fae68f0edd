/**
 * Reads curriculum modules: `curriculum/modules/<NN-topic>/{module.yaml,exercises.yaml,README.md}`
 * (schema.ts). Problems name file:line:column with the same wording as profiles, sites and
 * scenarios (config/issues.ts). Checks against a site (points exist, expressions compile) are in
 * module-site-check.ts; this file needs no site.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isMap, isScalar } from 'yaml';
import type { z } from 'zod';
import { issuesToProblems, sortProblems } from '../config/issues.ts';
import { repoRoot } from '../config/paths.ts';
import { fileProblem, type Problem, type Result } from '../config/problem.ts';
import { readYaml, valuePosition, type YamlSource } from '../config/yaml-source.ts';
import {
  EXERCISES_SCHEMA_ID,
  exercisesFileSchema,
  MODULE_SCHEMA_ID,
  moduleSchema,
  type CurriculumModule,
  type ExercisesFile,
} from './schema.ts';

export const defaultModulesDir: string = resolve(repoRoot, 'curriculum', 'modules');

export const MODULE_FILE = 'module.yaml';
export const EXERCISES_FILE = 'exercises.yaml';
export const LESSON_FILE = 'README.md';

const NO_KIND = 'a check condition needs one of';

/** `03-dali`: two digits, a dash, the topic. */
const FOLDER_PATTERN = /^(\d{2})-[a-z0-9-]+$/;

export interface LoadedModule {
  /** Absolute path of the module folder. */
  dir: string;
  /** `03-dali`. */
  folder: string;
  module: CurriculumModule;
  exercises: ExercisesFile['exercises'];
  /** Absolute path of the lesson (README.md). */
  lessonFile: string;
  sources: { module: YamlSource; exercises: YamlSource };
}

export function parseModuleSource(source: YamlSource): Result<CurriculumModule> {
  return parseWith(source, MODULE_SCHEMA_ID, moduleSchema);
}

export function parseExercisesSource(source: YamlSource): Result<ExercisesFile> {
  return parseWith(source, EXERCISES_SCHEMA_ID, exercisesFileSchema);
}

function parseWith<S extends z.ZodType>(
  source: YamlSource,
  schemaId: string,
  schema: S,
): Result<z.output<S>> {
  const keyProblem = checkSchemaKey(source, schemaId);
  if (keyProblem) return { ok: false, problems: [keyProblem] };
  const parsed = schema.safeParse(source.value, { reportInput: true });
  if (!parsed.success) {
    // A misspelt kind key ("audti:") is already reported with "did you mean audit?"; saying the
    // condition has no kind as well would only repeat it (as scenario steps do, load-scenario.ts).
    const misspelt = new Set(
      parsed.error.issues.filter((i) => i.code === 'unrecognized_keys').map((i) => i.path.join('/')),
    );
    const issues = parsed.error.issues.filter(
      (i) => !(i.code === 'custom' && i.message.startsWith(NO_KIND) && misspelt.has(i.path.join('/'))),
    );
    return { ok: false, problems: issuesToProblems(issues, source, schema) };
  }
  return { ok: true, value: parsed.data };
}

/** Loads one module folder: both YAML files, the lesson, and their agreement with the folder name. */
export function loadModuleDir(dirPath: string): Result<LoadedModule> {
  const dir = resolve(dirPath);
  const folder = basename(dir);
  const problems: Problem[] = [];
  const moduleRead = readYaml(join(dir, MODULE_FILE));
  const exercisesRead = readYaml(join(dir, EXERCISES_FILE));
  if (!moduleRead.ok) problems.push(...moduleRead.problems);
  if (!exercisesRead.ok) problems.push(...exercisesRead.problems);
  const lessonFile = join(dir, LESSON_FILE);
  if (!existsSync(lessonFile))
    problems.push(fileProblem(lessonFile, 'no lesson', 'write the lesson in French in README.md'));
  if (!moduleRead.ok || !exercisesRead.ok) return { ok: false, problems: sortProblems(problems) };

  const module = parseModuleSource(moduleRead.value);
  const exercises = parseExercisesSource(exercisesRead.value);
  if (!module.ok) problems.push(...module.problems);
  if (!exercises.ok) problems.push(...exercises.problems);
  if (module.ok) {
    const match = FOLDER_PATTERN.exec(folder);
    if (!match || Number(match[1]) !== module.value.number)
      problems.push({
        file: moduleRead.value.file,
        ...valuePosition(moduleRead.value, ['number']),
        message: `number ${module.value.number} does not match the folder name "${folder}"`,
        hint: `name the folder ${String(module.value.number).padStart(2, '0')}-<topic>`,
        path: ['number'],
      });
    if (exercises.ok && exercises.value.module !== module.value.id)
      problems.push({
        file: exercisesRead.value.file,
        ...valuePosition(exercisesRead.value, ['module']),
        message: `module "${exercises.value.module}" is not this folder's module "${module.value.id}"`,
        hint: `write module: ${module.value.id}`,
        path: ['module'],
      });
  }
  if (problems.length > 0 || !module.ok || !exercises.ok)
    return { ok: false, problems: sortProblems(problems) };
  return {
    ok: true,
    value: {
      dir,
      folder,
      module: module.value,
      exercises: exercises.value.exercises,
      lessonFile,
      sources: { module: moduleRead.value, exercises: exercisesRead.value },
    },
  };
}

/** Module folders (NN-topic) under `root`, sorted. */
export function listModuleDirs(root = defaultModulesDir): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && FOLDER_PATTERN.test(d.name))
    .map((d) => join(root, d.name))
    .sort();
}

export interface CurriculumLoad {
  modules: LoadedModule[];
  problems: Problem[];
}

/**
 * Every module under `root`, with the problems of those that do not load, and prerequisites
 * checked across modules (each must exist and come earlier).
 */
export function loadCurriculum(root = defaultModulesDir): CurriculumLoad {
  const modules: LoadedModule[] = [];
  const problems: Problem[] = [];
  for (const dir of listModuleDirs(root)) {
    const loaded = loadModuleDir(dir);
    if (loaded.ok) modules.push(loaded.value);
    else problems.push(...loaded.problems);
  }
  const numbers = new Map(modules.map((m) => [m.module.id, m.module.number]));
  for (const m of modules) {
    m.module.prerequisites.forEach((id, index) => {
      const number = numbers.get(id);
      if (number !== undefined && number < m.module.number) return;
      problems.push({
        file: m.sources.module.file,
        ...valuePosition(m.sources.module, ['prerequisites', index]),
        message:
          number === undefined
            ? `no module "${id}" in the curriculum`
            : `prerequisite "${id}" (module ${number}) does not come before module ${m.module.number}`,
        hint: `modules: ${[...numbers.keys()].join(', ')}`,
        path: ['prerequisites', index],
      });
    });
  }
  return { modules, problems: sortProblems(problems) };
}

/** A module by id (`dali`), number (`3`, `03`) or folder name (`03-dali`). */
export function findModule(modules: LoadedModule[], key: string): LoadedModule | undefined {
  const asNumber = /^\d+$/.test(key) ? Number(key) : undefined;
  return modules.find(
    (m) =>
      m.module.id === key || m.folder === key || (asNumber !== undefined && m.module.number === asNumber),
  );
}

function checkSchemaKey(source: YamlSource, schemaId: string): Problem | undefined {
  const root = source.doc.contents;
  const pair = isMap(root) ? root.items.find((p) => isScalar(p.key) && p.key.value === 'schema') : undefined;
  const value = isScalar(pair?.value) ? pair.value.value : undefined;
  if (value === schemaId) return undefined;
  return {
    file: source.file,
    ...valuePosition(source, ['schema']),
    message: pair ? `schema: expected "${schemaId}", got ${JSON.stringify(value)}` : 'no "schema:" key',
    hint: `start the file with schema: ${schemaId}`,
    path: ['schema'],
  };
}
