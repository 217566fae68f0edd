/**
 * Scenario schema (`schema: phare/scenario@1`): one showcase or exercise as data
 * (ARCHITECTURE.md §2 "Scenario"; examples in scenarios/<workstream>/<id>.yaml).
 *
 * A step is a map with exactly one kind key (`set`, `wait`, `expect`, `stimulate`, `say`, `alarm`,
 * `parallel`, `repeat`) and an optional `id` (the timeline and `confirmPrompt` name steps by it;
 * without one a step is named by its path, e.g. `steps[3]`). One object with optional kind keys
 * rather than a union: zod then reports a misspelt key as "did you mean …?" at its line, where a
 * union could only say "not allowed here".
 *
 * Checks that need the site (points exist, are writable, values within limits, expressions name
 * known points) live in validate-scenario.ts. The JSON Schema in hardware/schema is generated from
 * this file (lab-controller/src/config/json-schema.ts).
 */
import { z } from 'zod';
import { localized, slug, type IssueParams } from '../config/schema/common.ts';
import { DURATION_PATTERN } from './duration.ts';

export const SCENARIO_SCHEMA_ID = 'phare/scenario@1';

/** Same list as the site schema's workstreams (config/schema/site.ts). */
export const SCENARIO_WORKSTREAMS = ['lighting', 'water', 'climate', 'building'] as const;

export const STEP_KINDS = [
  'set',
  'wait',
  'expect',
  'stimulate',
  'say',
  'alarm',
  'parallel',
  'repeat',
  'capture',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

const duration = z
  .string()
  .regex(DURATION_PATTERN, 'expected a duration such as 500ms, 2s, 1.5m or 1h')
  .meta({ description: 'A duration: 500ms, 2s, 1.5m, 1h.' });

const expression = z
  .string()
  .min(1)
  .meta({
    description:
      'A safe expression over point ids and variables: street.lamp03.level >= 95 && !street.lamp07.lampFailure. ' +
      'Functions: abs, min, max, round, now(), hour() (simulated time of day, UTC), age(point), point("id-with-dash.level").',
  });

const pointId = z
  .string()
  .min(1)
  .meta({ description: 'A point id <device>.<point>, e.g. street.group1.level.' });

const scalar = z.union([z.number(), z.boolean(), z.string()]);

const setBody = z
  .strictObject({
    point: pointId.optional(),
    points: z
      .array(pointId)
      .min(1)
      .optional()
      .meta({ description: 'Several points set alike in one write (one DALI frame per group).' }),
    value: scalar.optional(),
    expr: expression.optional().meta({ description: 'A value computed when the step runs.' }),
  })
  .superRefine((body, ctx) => {
    if ((body.point === undefined) === (body.points === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'set needs either point or points',
        params: { hint: 'point: street.group1.level, or points: [a, b]' } satisfies IssueParams,
      });
    if ((body.value === undefined) === (body.expr === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'set needs either value or expr',
        params: { hint: 'value: 30, or expr: "street.lamp01.level + 10"' } satisfies IssueParams,
      });
  });

const waitBody = z
  .strictObject({
    duration: duration.optional(),
    until: expression.optional(),
    timeout: duration.optional().meta({ description: 'How long `until` may take before the run fails.' }),
  })
  .superRefine((body, ctx) => {
    if ((body.duration === undefined) === (body.until === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'wait needs either duration or until',
        params: { hint: 'duration: 2s, or until: "…" with timeout: 10s' } satisfies IssueParams,
      });
    if (body.until !== undefined && body.timeout === undefined)
      ctx.addIssue({
        code: 'custom',
        message: 'wait until needs a timeout',
        params: { hint: 'add timeout: 10s; a condition that never comes must not hang the show' },
      });
  });

const expectBody = z.strictObject({
  that: expression,
  within: duration.optional().meta({ description: 'Time allowed for the condition to become true.' }),
  label: localized,
});

const stimulateBody = z.strictObject({
  device: slug.meta({ description: 'The site device acted upon.' }),
  action: z
    .string()
    .regex(/^[a-z0-9][a-z0-9/_-]*$/, 'a control route such as gear/6')
    .meta({ description: 'In simulation: the simulator control route to POST to (e.g. gear/6).' }),
  params: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({ description: 'The JSON body of the control request, e.g. { lampFailure: true }.' }),
  prompt: localized.meta({ description: 'What the operator does with real kit.' }),
  timeout: duration
    .optional()
    .meta({ description: 'How long to wait for the operator to confirm (real kit); default 5m.' }),
});

const alarmBody = z.strictObject({
  point: pointId.meta({ description: 'The point the alarm is about.' }),
  severity: z.enum(['info', 'warning', 'critical']),
  message: localized,
});

const captureBody = z.strictObject({
  variable: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name: letters, digits, _')
    .meta({ description: 'A variable declared under `variables:`; later expressions read the value.' }),
  expr: expression.meta({ description: 'The value to keep, e.g. school.meter.active-energy.' }),
  label: localized.optional().meta({ description: 'What the value is, shown with it on the timeline.' }),
  unit: z.string().optional().meta({ description: 'UCUM unit shown with the value (kW.h).' }),
});

/** Simulation only: how the showcase is played on simulators (ignored with real kit). */
const simulationSchema = z.strictObject({
  speed: z.number().positive().max(100_000).optional().meta({
    description:
      'Simulated seconds per real second when every device is simulated (default 1): a flood of hours in a minute.',
  }),
  startsAt: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM, e.g. 21:00')
    .optional()
    .meta({
      description:
        'The simulated clock skips ahead to this time of day (UTC, as the simulators count days) before the run.',
    }),
});

interface SetBody {
  point?: string | undefined;
  points?: string[] | undefined;
  value?: number | boolean | string | undefined;
  expr?: string | undefined;
}

export interface ScenarioStep {
  id?: string | undefined;
  set?: SetBody | undefined;
  wait?: z.infer<typeof waitBody> | undefined;
  expect?: z.infer<typeof expectBody> | undefined;
  stimulate?: z.infer<typeof stimulateBody> | undefined;
  say?: z.infer<typeof localized> | undefined;
  alarm?: z.infer<typeof alarmBody> | undefined;
  parallel?: { steps: ScenarioStep[] }[] | undefined;
  repeat?:
    | {
        times?: number | undefined;
        while?: string | undefined;
        max?: number | undefined;
        steps: ScenarioStep[];
      }
    | undefined;
  capture?: z.infer<typeof captureBody> | undefined;
}

const branchSchema: z.ZodType<{ steps: ScenarioStep[] }> = z.strictObject({
  get steps() {
    return z.array(stepSchema).min(1);
  },
});

const repeatSchema: z.ZodType<NonNullable<ScenarioStep['repeat']>> = z
  .strictObject({
    times: z.int().min(1).optional(),
    while: expression.optional(),
    max: z.int().min(1).optional().meta({ description: 'Safety cap on `while` iterations (default 1000).' }),
    get steps() {
      return z.array(stepSchema).min(1);
    },
  })
  .superRefine((body, ctx) => {
    if ((body.times === undefined) === (body.while === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'repeat needs either times or while',
        params: { hint: 'times: 3, or while: "…"' } satisfies IssueParams,
      });
  });

export const stepSchema: z.ZodType<ScenarioStep> = z
  .strictObject({
    id: slug.optional().meta({ description: 'Names the step in the timeline and for confirmPrompt.' }),
    set: setBody.optional(),
    wait: waitBody.optional(),
    expect: expectBody.optional(),
    stimulate: stimulateBody.optional(),
    say: localized.optional().meta({ description: 'Narration shown on the kiosk.' }),
    alarm: alarmBody.optional().meta({ description: 'Raises an alarm (a maintenance ticket) on the bus.' }),
    get parallel() {
      return z
        .array(branchSchema)
        .min(2)
        .optional()
        .meta({ description: 'Branches run at the same time; the step ends when all have ended.' });
    },
    get repeat() {
      return repeatSchema.optional();
    },
    capture: captureBody
      .optional()
      .meta({ description: 'Keeps a value (a meter reading) in a variable, to compare later.' }),
  })
  .superRefine((step, ctx) => {
    const kinds = STEP_KINDS.filter((k) => step[k] !== undefined);
    if (kinds.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? 'a step needs one of ' + STEP_KINDS.join(', ')
            : `a step has exactly one kind, this one has ${kinds.join(' and ')}`,
        params: { hint: 'write one step per list item' } satisfies IssueParams,
      });
  });

/**
 * What the run's energy is compared with (issue 11, hardware/impact/README.md §2): the baseline is
 * part of the story the scenario tells, so the scenario declares it.
 */
const impactBaselineSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('full-power').meta({
      description: "The same luminaires at 100 % over the run's time (lighting).",
    }),
    label: localized,
  }),
  z.strictObject({
    kind: z.literal('captured').meta({
      description:
        'Two `capture` steps of the run, in kWh: the reference (e.g. the week before renovation) and the measured one, under the same weather.',
    }),
    reference: slug.meta({ description: 'Id of the capture step holding the reference energy (kWh).' }),
    measured: slug.meta({ description: 'Id of the capture step holding the energy to compare (kWh).' }),
    label: localized,
  }),
]);

export type ImpactBaseline = z.output<typeof impactBaselineSchema>;

export const scenarioSchema = z.strictObject({
  schema: z.literal(SCENARIO_SCHEMA_ID),
  id: slug.meta({ description: 'Scenario id; the file is scenarios/<workstream>/<id>.yaml.' }),
  title: localized,
  summary: localized,
  workstreams: z.array(z.enum(SCENARIO_WORKSTREAMS)).min(1),
  expectedDurationS: z
    .number()
    .positive()
    .meta({ description: 'How long the show lasts in real seconds (at simulation.speed on simulators).' }),
  simulation: simulationSchema.optional(),
  requires: z.array(z.string().min(1)).default([]).meta({
    description:
      'Points that must be online to start: ids or patterns (* within one part: street.lamp*.level).',
  }),
  onDeviceLoss: z
    .enum(['pause', 'fail'])
    .default('fail')
    .meta({ description: 'What to do when a device used by the run goes offline.' }),
  variables: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name: letters, digits, _'), scalar)
    .default({})
    .meta({ description: 'Named values the expressions may use (a run may override them).' }),
  impact: z
    .strictObject({ baseline: impactBaselineSchema })
    .optional()
    .meta({ description: "How the run's measured energy is judged: its baseline (issue 11)." }),
  steps: z.array(stepSchema).min(1),
  finally: z
    .array(stepSchema)
    .default([])
    .meta({ description: 'Steps that restore a safe state; always run (success, failure, abort, error).' }),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioVariables = Scenario['variables'];
export type ScenarioValue = number | boolean | string;

export function stepKindOf(step: ScenarioStep): StepKind {
  return STEP_KINDS.find((k) => step[k] !== undefined)!;
}
