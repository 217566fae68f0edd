/**
 * Site sections for write safety (issue 9 §2), checked on every write by the write path
 * (registry/write-path.ts):
 *
 * - `interlocks`: while a condition over the site's points holds (`when`, an expression in the
 *   scenario expression language), some writes are refused (`forbid`): any write to the points, or
 *   only values above / below a bound, or equal to a value. Example: no heating setpoint above 21 °C
 *   while a window is open. The expression and the point patterns are checked against the site's
 *   points when the site loads (../interlock-checks.ts), with file:line:column.
 * - `writeRate`: a token bucket per point (refill `perSecond`, capacity `burst`), by default 5
 *   writes per second per point, with overrides per point pattern. It protects a device from a
 *   stuck slider or a script looping on the LAN; how internal sources count is explained in
 *   registry/write-rate.ts.
 *
 * Point patterns are point ids or globs: `*` matches within one dot-separated part, `**` across
 * parts (`school.zone*.setpoint`), the same as scenario patterns.
 */
import { z } from 'zod';
import { localized, slug } from './common.ts';

const pointPatterns = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .meta({ description: 'A point id or glob (school.zone*.setpoint), or a list of them.' });

export const siteInterlocks = z
  .array(
    z.strictObject({
      id: slug,
      when: z.string().min(1).meta({
        description:
          'Condition in the scenario expression language, e.g. point("school.zone1.window-open") == true.',
      }),
      forbid: z
        .strictObject({
          points: pointPatterns,
          above: z.number().optional().meta({ description: 'Refuse values strictly above this.' }),
          below: z.number().optional().meta({ description: 'Refuse values strictly below this.' }),
          equals: z
            .union([z.number(), z.boolean(), z.string()])
            .optional()
            .meta({ description: 'Refuse exactly this value.' }),
        })
        .meta({ description: 'Which writes are refused while `when` holds; no bound: every write.' }),
      message: localized.meta({ description: 'Why, shown with the refusal.' }),
    }),
  )
  .default([])
  .meta({ description: 'Writes refused while a condition over the site holds.' });

const rate = {
  perSecond: z.number().positive().meta({ description: 'Writes per second, sustained.' }),
  burst: z.int().min(1).meta({ description: 'Writes allowed at once before the rate applies.' }),
};

export const siteWriteRate = z
  .strictObject({
    perSecond: rate.perSecond.default(5),
    burst: rate.burst.default(5),
    points: z
      .array(
        z.strictObject({
          points: pointPatterns,
          perSecond: rate.perSecond,
          burst: rate.burst.optional().meta({ description: 'Default: the same as the site default.' }),
        }),
      )
      .default([])
      .meta({ description: 'Overrides for some points; the first matching entry wins.' }),
  })
  .prefault({})
  .meta({ description: 'Rate limit per point for writes (token bucket).' });

export type Interlock = z.output<typeof siteInterlocks>[number];
export type WriteRateConfig = z.output<typeof siteWriteRate>;

/** The patterns of a `points:` field as a list. */
export function patternList(points: string | string[]): string[] {
  return typeof points === 'string' ? [points] : points;
}
