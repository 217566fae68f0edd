/**
 * `phare learn`: the curriculum from the command line (curriculum/modules, lab-controller/src/curriculum).
 *
 *   learn list                                   the modules and their exercises
 *   learn check MODULE EXERCISE --site F --as N  checks an exercise against the live lab now
 *   learn reset MODULE --site F --as TRAINER     puts the lab in the module's starting state
 *   learn progress [--as N]                      who passed what
 *
 * `check` is one-shot, like `phare read`: it reads the points it needs straight from the devices,
 * and the audit log and recorded runs from the data folder, which the daemon and every CLI write
 * share. So it works with or without a running controller, and needs no API or account.
 */
import type { Command } from 'commander';
import { loadSiteOrThrow } from '../../controller/site-loading.ts';
import { formatProblem } from '../../config/problem.ts';
import { checkExercise, type ExerciseCheck } from '../../curriculum/check-exercise.ts';
import { openLabStorage } from '../../curriculum/lab-storage.ts';
import { devicesOf, openOneShotLab, pointsReadBy } from '../../curriculum/live-lab.ts';
import {
  defaultModulesDir,
  findModule,
  loadCurriculum,
  type LoadedModule,
} from '../../curriculum/load-module.ts';
import { resetToModuleStart, trainerActor } from '../../curriculum/reset.ts';
import { WritePath } from '../../registry/write-path.ts';
import type { CheckCondition } from '../../curriculum/schema.ts';
import { siteFacts } from '../../scenario/validate-scenario.ts';
import { nearest } from '../../config/suggest.ts';
import { CliError } from '../cli-error.ts';
import { formatTable, printJson, printLines } from '../output.ts';
import type { CliContext } from '../context.ts';

type Lang = 'fr' | 'en';

export function registerLearn(program: Command, ctx: CliContext): void {
  const learn = program
    .command('learn')
    .description('training modules for apprentices, checked against the live lab');

  learn
    .command('list')
    .description('the modules of the curriculum and their exercises')
    .option('--modules <dir>', 'modules folder', defaultModulesDir)
    .option('--lang <fr|en>', 'language of titles', parseLang, 'fr')
    .option('--json', 'print the modules as JSON')
    .action((opts: { modules: string; lang: Lang; json?: boolean }) => {
      const { modules, problems } = loadCurriculum(opts.modules);
      if (opts.json)
        printJson({
          modules: modules.map((m) => ({
            ...m.module,
            folder: m.folder,
            exercises: m.exercises.map((e) => ({ id: e.id, title: e.title })),
          })),
          problems,
        });
      else
        printLines([
          ...formatTable(
            ['N°', 'MODULE', 'DURÉE', 'EXERCICES', 'TITRE'],
            modules.map((m) => [
              String(m.module.number).padStart(2, '0'),
              m.module.id,
              `${m.module.durationMin} min`,
              m.exercises.map((e) => e.id).join(', '),
              m.module.title[opts.lang],
            ]),
          ),
          ...problems.map(formatProblem),
        ]);
      if (problems.length > 0) process.exitCode = 1;
    });

  learn
    .command('check')
    .description("check an apprentice's exercise against the live lab now; exit 0 only if it passes")
    .argument('<module>', 'module id, number or folder (dali, 3, 03-dali)')
    .argument('<exercise>', 'exercise id')
    .requiredOption('--site <file>', 'site YAML file')
    .requiredOption('--as <name>', 'the apprentice checked (as in `phare write --as`)')
    .option('--modules <dir>', 'modules folder', defaultModulesDir)
    .option(
      '--data-dir <dir>',
      'data folder with the audit log, runs and progress (default ./data or PHARE_DATA_DIR)',
    )
    .option('--workdir <dir>', "where the apprentice's files are (default: the current folder)")
    .option('--json', 'print the check result as JSON')
    .action(
      async (
        moduleKey: string,
        exerciseId: string,
        opts: {
          site: string;
          as: string;
          modules: string;
          dataDir?: string;
          workdir?: string;
          json?: boolean;
        },
      ) => {
        const loaded = requireModule(opts.modules, moduleKey);
        const exercise = loaded.exercises.find((e) => e.id === exerciseId);
        if (!exercise) {
          const ids = loaded.exercises.map((e) => e.id);
          const near = nearest(exerciseId, ids);
          throw new CliError(
            `no exercise "${exerciseId}" in module ${loaded.module.id}` +
              (near ? `; did you mean ${near}?` : `; exercises: ${ids.join(', ')}`),
            'UNKNOWN_EXERCISE',
          );
        }
        const site = loadSiteOrThrow(opts.site);
        const facts = siteFacts(site);
        const points = pointsReadBy(exercise, facts);
        const lab = openOneShotLab(site, devicesOf(points, facts), ctx.logger);
        const storage = openLabStorage(opts.dataDir, ctx.logger);
        try {
          await lab.read(points);
          const result = checkExercise(exercise, {
            registry: lab.registry,
            audit: storage.audit,
            ...(storage.runs ? { runs: storage.runs } : {}),
            apprentice: opts.as,
            siteFacts: facts,
            ...(opts.workdir ? { workDir: opts.workdir } : {}),
          });
          const progress = storage.progress.recordAttempt({
            apprentice: opts.as,
            module: loaded.module.id,
            exercise: exercise.id,
            passed: result.passed,
            at: result.checkedAt,
          });
          if (opts.json) printJson({ module: loaded.module.id, ...result, progress });
          else printLines(describeCheck(loaded, result, progress.attempts));
          if (!result.passed) process.exitCode = 1;
        } finally {
          storage.close();
          await lab.close();
        }
      },
    );

  learn
    .command('reset')
    .description(
      "trainer: put the lab in a module's starting state (its start writes, audited as trainer:NAME)",
    )
    .argument('<module>', 'module id, number or folder')
    .requiredOption('--site <file>', 'site YAML file')
    .requiredOption('--as <trainer>', "the trainer's name")
    .option('--modules <dir>', 'modules folder', defaultModulesDir)
    .option('--data-dir <dir>', 'data folder for the audit log (default ./data or PHARE_DATA_DIR)')
    .option('--json', 'print the write results as JSON')
    .action(
      async (
        moduleKey: string,
        opts: { site: string; as: string; modules: string; dataDir?: string; json?: boolean },
      ) => {
        const loaded = requireModule(opts.modules, moduleKey);
        const site = loadSiteOrThrow(opts.site);
        const facts = siteFacts(site);
        const lab = openOneShotLab(
          site,
          devicesOf(
            loaded.module.start.map((w) => w.point),
            facts,
          ),
          ctx.logger,
        );
        const storage = openLabStorage(opts.dataDir, ctx.logger);
        try {
          const writePath = new WritePath(lab.registry, storage.audit, lab.bus);
          const result = await resetToModuleStart(loaded.module, { writePath, trainer: opts.as });
          if (opts.json) printJson(result);
          else
            printLines([
              `Module ${loaded.module.id} : laboratoire remis à l'état de départ par ${trainerActor(opts.as)} ` +
                `(${result.results.length} écriture${result.results.length > 1 ? 's' : ''}).`,
              ...result.results.map((r) => `  ${r.point} = ${String(r.value)} (audit #${r.auditId})`),
            ]);
        } finally {
          storage.close();
          await lab.close();
        }
      },
    );

  learn
    .command('progress')
    .description('exercises tried and passed, per apprentice')
    .option('--as <name>', 'one apprentice only')
    .option('--data-dir <dir>', 'data folder (default ./data or PHARE_DATA_DIR)')
    .option('--json', 'print the records as JSON')
    .action((opts: { as?: string; dataDir?: string; json?: boolean }) => {
      const storage = openLabStorage(opts.dataDir, ctx.logger);
      try {
        const records = storage.progress.list(opts.as);
        if (opts.json) return printJson(records);
        printLines(
          formatTable(
            ['APPRENTI', 'MODULE', 'EXERCICE', 'ESSAIS', 'RÉUSSI LE'],
            records.map((r) => [
              r.apprentice,
              r.module,
              r.exercise,
              String(r.attempts),
              r.passedAt === null ? '—' : new Date(r.passedAt).toLocaleString('fr-FR'),
            ]),
          ),
        );
      } finally {
        storage.close();
      }
    });
}

function requireModule(dir: string, key: string): LoadedModule {
  const { modules, problems } = loadCurriculum(dir);
  const found = findModule(modules, key);
  if (found) return found;
  const broken = problems.filter((p) => p.file.includes(`/${key}`) || p.file.includes(`-${key}/`));
  if (broken.length > 0)
    throw new CliError(
      `module ${key} does not load:\n${broken.map(formatProblem).join('\n')}`,
      'INVALID_MODULE',
    );
  const near = nearest(
    key,
    modules.map((m) => m.module.id),
  );
  throw new CliError(
    `no module "${key}"` +
      (near ? `; did you mean ${near}?` : `; modules: ${modules.map((m) => m.module.id).join(', ')}`),
    'UNKNOWN_MODULE',
  );
}

function describeCheck(loaded: LoadedModule, result: ExerciseCheck, attempts: number): string[] {
  const passed = result.results.filter((r) => r.passed).length;
  const lines = [
    `Exercice ${loaded.module.id}/${result.exercise} pour ${result.apprentice} : ` +
      `${result.passed ? 'réussi' : 'pas encore'} (${passed}/${result.results.length} conditions remplies)`,
  ];
  for (const r of result.results) {
    if (r.passed) {
      lines.push(`  ok      ${summarize(r.condition)}`);
      continue;
    }
    lines.push(`  MANQUE  ${r.explanation ?? ''}`);
    if (r.detail) lines.push(...r.detail.split('\n').map((d) => `          (${d})`));
  }
  lines.push(`Essai n° ${attempts} enregistré.`);
  return lines;
}

function summarize(condition: CheckCondition): string {
  if (condition.that !== undefined) return condition.that;
  if (condition.audit) return `écriture sur ${condition.audit.point} (journal d'audit)`;
  if (condition.scenario) return `scénario ${condition.scenario.file} valide`;
  return `run du scénario ${condition.run!.scenario} (${condition.run!.outcome})`;
}

function parseLang(text: string): Lang {
  if (text !== 'fr' && text !== 'en') throw new CliError(`--lang must be fr or en, got "${text}"`);
  return text;
}
