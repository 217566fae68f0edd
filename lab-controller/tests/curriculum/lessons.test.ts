/**
 * Each lesson's shell commands run against the demo simulators (style.md principle 12): the text
 * cannot drift from the kit. Blocks run in order, from the module's starting state, with the
 * variables of curriculum/README.md; "```sh fails" blocks must exit non-zero.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '@phare/device-drivers/contract.ts';
import { DEMO_SITE } from '../../src/controller/demo.ts';
import { loadSiteOrThrow } from '../../src/controller/site-loading.ts';
import { openLabStorage } from '../../src/curriculum/lab-storage.ts';
import { devicesOf, openOneShotLab } from '../../src/curriculum/live-lab.ts';
import { loadCurriculum } from '../../src/curriculum/load-module.ts';
import { missingModulePoints } from '../../src/curriculum/module-site-check.ts';
import { resetToModuleStart } from '../../src/curriculum/reset.ts';
import { WritePath } from '../../src/registry/write-path.ts';
import { siteFacts } from '../../src/scenario/validate-scenario.ts';
import { runShell, startTestLab, type TestLab } from './support/lab.ts';
import { shellBlocks } from './support/lesson-blocks.ts';

const { modules } = loadCurriculum();
const demoFacts = siteFacts(loadSiteOrThrow(DEMO_SITE));
let lab: TestLab;

beforeAll(async () => {
  lab = await startTestLab();
}, 60_000);
afterAll(async () => {
  await lab?.stop();
});

describe('curriculum lessons', () => {
  it('every lesson shows commands to run', () => {
    expect(modules).toHaveLength(7);
    for (const m of modules)
      expect(shellBlocks(readFileSync(m.lessonFile, 'utf8')).length, m.folder).toBeGreaterThan(0);
  });

  for (const m of modules) {
    const missing = missingModulePoints(m, demoFacts);
    if (missing.length > 0)
      console.warn(
        `curriculum ${m.folder}: lesson skipped, the demo site has no point ${missing.join(', ')}`,
      );
    it.skipIf(missing.length > 0)(
      `${m.folder}: every shell block of the lesson runs against the simulators as the text says`,
      async () => {
        const facts = siteFacts(lab.site);
        const oneShot = openOneShotLab(
          lab.site,
          devicesOf(
            m.module.start.map((w) => w.point),
            facts,
          ),
          silentLogger,
        );
        const storage = openLabStorage(lab.dataDir, silentLogger);
        try {
          await resetToModuleStart(m.module, {
            writePath: new WritePath(oneShot.registry, storage.audit, oneShot.bus),
            trainer: 'test',
          });
        } finally {
          storage.close();
          await oneShot.close();
        }
        for (const block of shellBlocks(readFileSync(m.lessonFile, 'utf8'))) {
          const run = await runShell(block.script, lab.env(`lecon-${m.module.number}`), lab.workDir);
          const where = `${m.folder}/README.md:${block.line}\n${block.script}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
          if (block.mustFail) expect(run.code, where).not.toBe(0);
          else expect(run.code, where).toBe(0);
          // A failure must be an expected one, with a message: never a crash.
          expect(run.stderr, where).not.toMatch(/internal error/);
        }
      },
      240_000,
    );
  }
});
