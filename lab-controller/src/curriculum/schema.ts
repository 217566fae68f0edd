/**
 * Curriculum format (ARCHITECTURE.md §1 "Apprentices", §4 `curriculum/`): one folder per module,
 * `curriculum/modules/<NN-topic>/`, holding
 * - `module.yaml` (`schema: phare/curriculum-module@1`): what the module is, what it needs, and
 *   the writes that put the lab in its starting state (`start`, applied by resetToModuleStart);
 * - `exercises.yaml` (`schema: phare/curriculum-exercises@1`): exercises, each with a `check`
 *   evaluated against the live lab (check-exercise.ts);
 * - `README.md`: the lesson in French; its ```sh blocks are run by a test (style.md principle 12).
 *
 * A check condition is a map with exactly one kind key (`that`, `audit`, `scenario`, `run`) and a
 * French `explain` shown when it fails, as scenario steps are (scenario/schema.ts): a misspelt key
 * then gets "did you mean …?" at its line.
 */
import { z } from 'zod';
import { localized, slug, type IssueParams } from '../config/schema/common.ts';
import { DURATION_PATTERN } from '../scenario/duration.ts';

export const MODULE_SCHEMA_ID = 'phare/curriculum-module@1';
export const EXERCISES_SCHEMA_ID = 'phare/curriculum-exercises@1';

export const CONDITION_KINDS = ['that', 'audit', 'scenario', 'run'] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** Written in `who:` to mean whoever is being checked (`phare learn check … --as NAME`). */
export const APPRENTICE_PLACEHOLDER = '$apprentice';

const duration = z
  .string()
  .regex(DURATION_PATTERN, 'expected a duration such as 30s, 10m or 1h')
  .meta({ description: 'A duration: 30s, 10m, 1h.' });

const french = z.string().min(1).meta({ description: 'Text in French.' });

const pointPattern = z
  .string()
  .regex(/^[A-Za-z0-9*][A-Za-z0-9_.*-]*$/, 'a point id or pattern such as street.lamp*.level')
  .meta({
    description: 'A point id or pattern: `*` within one part (street.lamp*.level), `**` across parts.',
  });

const scalar = z.union([z.number(), z.boolean(), z.string()]);

const startWrite = z.strictObject({
  point: z.string().min(1).meta({ description: 'A writable point id, e.g. street.all.level.' }),
  value: scalar,
});

export const moduleSchema = z.strictObject({
  schema: z.literal(MODULE_SCHEMA_ID),
  id: slug.meta({ description: 'Module id, used by prerequisites and `phare learn check`.' }),
  number: z.int().min(1).max(99).meta({ description: 'Order in the curriculum; the folder is NN-topic.' }),
  title: localized,
  summary: localized,
  objectives: z.array(french).min(1),
  prerequisites: z.array(slug).default([]).meta({ description: 'Ids of modules to follow first.' }),
  durationMin: z.int().min(5).max(600),
  safety: z
    .array(french)
    .default([])
    .meta({ description: 'Safety notes for the bench, in French: required when the module uses live kit.' }),
  devices: z.array(pointPattern).min(1).meta({ description: 'Points (ids or patterns) the module uses.' }),
  start: z
    .array(startWrite)
    .default([])
    .meta({ description: 'Writes that put the lab in the starting state, audited as trainer:<name>.' }),
});

const thatCondition = z.string().min(1).meta({
  description:
    'A condition over points, in the scenario expression language: abs(street.lamp03.level - 40) <= 3.',
});

const auditCondition = z.strictObject({
  who: z
    .string()
    .min(1)
    .default(APPRENTICE_PLACEHOLDER)
    .meta({ description: '`$apprentice`, or a name; matches `cli:NAME`, `ui:NAME` … as audited.' }),
  point: pointPattern,
  within: duration.default('10m').meta({ description: 'How far back to look.' }),
  ok: z.boolean().default(true).meta({ description: 'Whether the write must have succeeded.' }),
  value: scalar.optional().meta({ description: 'The value the write must have carried.' }),
  latestAmong: pointPattern.optional().meta({
    description:
      'The matching write must be the latest successful write to these points (street.group2.*): nothing changed them since.',
  }),
});

const scenarioCondition = z.strictObject({
  file: z.string().min(1).meta({
    description: "Path of the apprentice's scenario, relative to the work folder; may use $apprentice.",
  }),
  id: slug.optional().meta({ description: 'The scenario id the file must declare.' }),
  sets: z.array(pointPattern).default([]).meta({ description: 'Points the scenario must set.' }),
  reads: z
    .array(pointPattern)
    .default([])
    .meta({ description: 'Points its conditions (wait until, expect, repeat while) must read.' }),
  minExpects: z.int().min(0).default(0).meta({ description: 'How many expect steps it must have at least.' }),
});

const runCondition = z.strictObject({
  scenario: slug.meta({ description: 'Scenario id of the run.' }),
  who: z.string().min(1).default(APPRENTICE_PLACEHOLDER),
  outcome: z.enum(['passed', 'failed', 'aborted', 'error']).default('passed'),
  within: duration.default('1h'),
});

export interface CheckCondition {
  that?: string | undefined;
  audit?: z.output<typeof auditCondition> | undefined;
  scenario?: z.output<typeof scenarioCondition> | undefined;
  run?: z.output<typeof runCondition> | undefined;
  /** French, shown when the condition fails; `{street.lamp03.level}` is replaced by the live value. */
  explain: string;
}

export const conditionSchema = z
  .strictObject({
    that: thatCondition.optional(),
    audit: auditCondition.optional(),
    scenario: scenarioCondition.optional(),
    run: runCondition.optional(),
    explain: french.meta({
      description:
        'Why it fails, in plain French; {point.id} shows its live value: "lamp03 est à {street.lamp03.level} %".',
    }),
  })
  .superRefine((condition, ctx) => {
    const kinds = CONDITION_KINDS.filter((k) => condition[k] !== undefined);
    if (kinds.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? `a check condition needs one of ${CONDITION_KINDS.join(', ')}`
            : `a check condition has exactly one kind, this one has ${kinds.join(' and ')}`,
        params: { hint: 'write one condition per list item' } satisfies IssueParams,
      });
  });

export const exerciseSchema = z.strictObject({
  id: slug,
  title: localized,
  instructions: french.meta({ description: 'What to do, in French Markdown.' }),
  hints: z.array(french).default([]).meta({ description: 'Revealed one at a time.' }),
  reserve: z
    .array(pointPattern)
    .default([])
    .meta({ description: 'Points or devices locked for the apprentice during the exercise.' }),
  variables: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name: letters, digits, _'), scalar)
    .default({}),
  check: z.array(conditionSchema).min(1),
  solution: z
    .string()
    .min(1)
    .meta({ description: 'For trainers and tests: shell commands that solve the exercise.' }),
});

export const exercisesFileSchema = z
  .strictObject({
    schema: z.literal(EXERCISES_SCHEMA_ID),
    module: slug.meta({ description: 'The id of the module these exercises belong to.' }),
    exercises: z.array(exerciseSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.exercises.forEach((exercise, index) => {
      const first = seen.get(exercise.id);
      if (first === undefined) seen.set(exercise.id, index);
      else
        ctx.addIssue({
          code: 'custom',
          message: `duplicate exercise id "${exercise.id}"`,
          path: ['exercises', index, 'id'],
          params: { alsoAt: ['exercises', first, 'id'], hint: 'each exercise id must be unique' },
        });
    });
  });

export type CurriculumModule = z.output<typeof moduleSchema>;
export type Exercise = z.output<typeof exerciseSchema>;
export type ExercisesFile = z.output<typeof exercisesFileSchema>;
export type AuditCondition = z.output<typeof auditCondition>;
export type ScenarioFileCondition = z.output<typeof scenarioCondition>;
export type RunCondition = z.output<typeof runCondition>;

export function conditionKindOf(condition: CheckCondition): ConditionKind {
  return CONDITION_KINDS.find((k) => condition[k] !== undefined)!;
}
