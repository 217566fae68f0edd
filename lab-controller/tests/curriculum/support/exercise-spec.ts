/**
 * One specification for every exercise of the given modules: from the module's starting state the
 * check fails with a French explanation (through `phare learn check`), the exercise's scripted
 * solution (its `solution` shell, as an apprentice types it) makes it pass, and progress records it.
 * Modules whose points the demo site does not have are skipped with the reason printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { DEMO_SITE } from '../../../src/controller/demo.ts';
import { loadSiteOrThrow } from '../../../src/controller/site-loading.ts';
import { checkExercise, type ExerciseCheck } from '../../../src/curriculum/check-exercise.ts';
import { openLabStorage } from '../../../src/curriculum/lab-storage.ts';
import { devicesOf, openOneShotLab, pointsReadBy } from '../../../src/curriculum/live-lab.ts';
import { findModule, loadCurriculum, type LoadedModule } from '../../../src/curriculum/load-module.ts';
import { missingModulePoints } from '../../../src/curriculum/module-site-check.ts';
import { resetToModuleStart } from '../../../src/curriculum/reset.ts';
import type { Exercise } from '../../../src/curriculum/schema.ts';
import { WritePath } from '../../../src/registry/write-path.ts';
import { siteFacts } from '../../../src/scenario/validate-scenario.ts';
import { eventually } from '../../support/harness.ts';
import { runShell, startTestLab, type TestLab } from './lab.ts';

const FRENCH = /[éèàçù]|\b(le|la|les|est|pas|du|de|aucun|aucune)\b/i;

export function describeExercises(moduleKeys: string[]): void {
  const { modules } = loadCurriculum();
  const demoFacts = siteFacts(loadSiteOrThrow(DEMO_SITE));
  let lab: TestLab;

  beforeAll(async () => {
    lab = await startTestLab();
  }, 60_000);
  afterAll(async () => {
    await lab?.stop();
  });

  for (const key of moduleKeys) {
    const loaded = findModule(modules, key);
    if (!loaded) throw new Error(`no module ${key} in curriculum/modules`);
    const missing = missingModulePoints(loaded, demoFacts);
    if (missing.length > 0)
      console.warn(`curriculum ${loaded.folder}: skipped, the demo site has no point ${missing.join(', ')}`);
    describe(`module ${loaded.folder}`, () => {
      for (const exercise of loaded.exercises) {
        it.skipIf(missing.length > 0)(
          `${exercise.id}: the starting lab fails with a French explanation, the scripted solution passes`,
          async () => {
            const apprentice = `apprenti-${loaded.module.number}-${exercise.id}`;
            await resetLab(lab, loaded);

            const first = await runShell(
              `npx phare learn check ${loaded.module.id} ${exercise.id} --site "$PHARE_SITE" --as "$PHARE_APPRENTI" --json`,
              lab.env(apprentice),
              lab.workDir,
            );
            expect(first.code, first.stderr).toBe(1);
            const failed = JSON.parse(first.stdout) as ExerciseCheck;
            expect(failed.passed).toBe(false);
            for (const r of failed.results.filter((x) => !x.passed)) {
              expect(r.explanation).toMatch(FRENCH);
              expect(r.explanation).not.toMatch(/\{[a-z]+[.}]/); // every placeholder filled
            }

            const solved = await runShell(exercise.solution, lab.env(apprentice), lab.workDir);
            expect(solved.code, `${solved.stdout}\n${solved.stderr}`).toBe(0);

            // DALI fades take 2 s and the gateway polls its gear: give the lab time to settle.
            const passing = await eventually(
              async () => {
                const result = await checkNow(lab, exercise, apprentice);
                return result.passed ? result : undefined;
              },
              20_000,
              `${exercise.id} to pass`,
            ).catch(async (error: unknown) => {
              const last = await checkNow(lab, exercise, apprentice);
              throw new Error(`${String(error)}\n${JSON.stringify(last.results, null, 2)}`);
            });
            expect(passing.results.every((r) => r.passed && r.explanation === null)).toBe(true);

            const final = await runShell(
              `npx phare learn check ${loaded.module.number} ${exercise.id} --site "$PHARE_SITE" --as "$PHARE_APPRENTI" --json`,
              lab.env(apprentice),
              lab.workDir,
            );
            expect(final.code, final.stderr).toBe(0);
            const body = JSON.parse(final.stdout) as ExerciseCheck & {
              progress: { attempts: number; passedAt: number };
            };
            expect(body.passed).toBe(true);
            expect(body.progress.attempts).toBe(2);
            expect(body.progress.passedAt).toBeGreaterThan(0);
          },
          150_000,
        );
      }
    });
  }
}

async function resetLab(lab: TestLab, loaded: LoadedModule): Promise<void> {
  const facts = siteFacts(lab.site);
  const oneShot = openOneShotLab(
    lab.site,
    devicesOf(
      loaded.module.start.map((w) => w.point),
      facts,
    ),
    silentLogger,
  );
  const storage = openLabStorage(lab.dataDir, silentLogger);
  try {
    const writePath = new WritePath(oneShot.registry, storage.audit, oneShot.bus);
    const result = await resetToModuleStart(loaded.module, { writePath, trainer: 'test' });
    expect(result.results).toHaveLength(loaded.module.start.length);
  } finally {
    storage.close();
    await oneShot.close();
  }
}

async function checkNow(lab: TestLab, exercise: Exercise, apprentice: string): Promise<ExerciseCheck> {
  const facts = siteFacts(lab.site);
  const points = pointsReadBy(exercise, facts);
  const oneShot = openOneShotLab(lab.site, devicesOf(points, facts), silentLogger);
  const storage = openLabStorage(lab.dataDir, silentLogger);
  try {
    await oneShot.read(points);
    return checkExercise(exercise, {
      registry: oneShot.registry,
      audit: storage.audit,
      ...(storage.runs ? { runs: storage.runs } : {}),
      apprentice,
      siteFacts: facts,
      workDir: lab.workDir,
    });
  } finally {
    storage.close();
    await oneShot.close();
  }
}
