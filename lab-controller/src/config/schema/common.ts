/**
 * Building blocks shared by the profile and site schemas. The zod schemas are the single source of
 * truth: the TypeScript types are inferred from them and the JSON Schemas in hardware/schema are
 * generated from them (scripts/generate-schemas.ts).
 *
 * Custom issues may carry `params`, which the loader turns into the problem's text:
 * - `hint`: how to fix it;
 * - `alsoAt`: the path of the other occurrence of a duplicate, shown as its line and column.
 */
import { z } from 'zod';
import { parseEndpoint, type Endpoint } from '@phare/device-drivers/endpoint.ts';
import { PhareError } from '@phare/device-drivers/errors.ts';
import type { ProblemPath } from '../problem.ts';

export interface IssueParams {
  hint?: string;
  alsoAt?: ProblemPath;
}

/** Lower-case ids used in point ids and URLs: `street`, `sidewalk-north`. */
export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and "-", starting with a letter or digit');

export const localized = z
  .strictObject({
    fr: z.string().min(1),
    en: z.string().min(1),
  })
  .meta({ description: 'Text in French and English.' });

/** A position on the site plan, in metres from its origin (x east, y north). */
export const planPosition = z.strictObject({ x: z.number(), y: z.number() });

export const port = z.int().min(1).max(65535);

export const minMax = z
  .strictObject({ min: z.number(), max: z.number() })
  .refine((r) => r.min <= r.max, { message: 'min must not exceed max', path: ['min'] });

/** Modbus unit id rules (Modbus over serial line V1.02 §2.2: 0 is broadcast, 1–247 individual). */
function unitIdIssue(endpoint: Endpoint): string | undefined {
  if (!endpoint.scheme.startsWith('modbus')) return undefined;
  const raw = endpoint.params['unit'];
  if (raw === undefined) return 'a Modbus endpoint needs the unit id: add ?unit=N';
  const unit = Number(raw);
  const max = endpoint.scheme === 'modbus-tcp' ? 255 : 247;
  if (!/^\d+$/.test(raw) || unit < 1 || unit > max) return `unit must be an integer 1–${max}, got "${raw}"`;
  return undefined;
}

/** The Modbus unit id of a parsed endpoint, or undefined for other protocols. */
export function unitIdOf(endpoint: Endpoint): number | undefined {
  const raw = endpoint.params['unit'];
  return endpoint.scheme.startsWith('modbus') && raw !== undefined ? Number(raw) : undefined;
}

/**
 * An endpoint URI (ARCHITECTURE.md §2), parsed by the drivers' own parser so that a file that
 * validates is one the drivers accept; its ConfigInvalid message becomes the schema issue.
 */
export const endpointUri = z
  .string()
  .meta({
    description:
      'Endpoint URI, e.g. modbus-tcp://127.0.0.1:502?unit=1 or modbus-rtu:///dev/ttyUSB0?baud=19200&parity=even&unit=3',
  })
  .transform((uri, ctx): Endpoint => {
    let endpoint: Endpoint;
    try {
      endpoint = parseEndpoint(uri);
    } catch (error) {
      const message = error instanceof PhareError ? error.message : String(error);
      ctx.addIssue({ code: 'custom', message, input: uri });
      return z.NEVER;
    }
    const unitIssue = unitIdIssue(endpoint);
    if (unitIssue) {
      ctx.addIssue({
        code: 'custom',
        message: `endpoint "${uri}": ${unitIssue}`,
        input: uri,
        params: { hint: 'for example modbus-tcp://127.0.0.1:502?unit=1' } satisfies IssueParams,
      });
      return z.NEVER;
    }
    return endpoint;
  });

/**
 * Reports every value that occurs twice in a list, at the second occurrence, pointing back to the
 * first (both positions appear in the problem).
 */
export function reportDuplicates<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  keyOf: (item: T) => string | number,
  pathOf: (index: number) => ProblemPath,
  what: string,
): void {
  const firstIndex = new Map<string | number, number>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      message: `duplicate ${what} ${JSON.stringify(key)}`,
      path: pathOf(index),
      params: { alsoAt: pathOf(first), hint: `each ${what} must be unique` } satisfies IssueParams,
    });
  });
}

/**
 * A `source` citation: a key of the profile's `sources` followed by where in it
 * ("manual p.10, ballast signals table"). Returns the key, or undefined when the text has no locator.
 */
export const sourceCitation = z
  .string()
  .regex(/^[A-Za-z0-9_-]+[ ,]+\S/, 'cite a key of "sources" and where in it, e.g. "manual p.12, table 4"')
  .meta({ description: 'A key of `sources` followed by page/table, e.g. "manual p.12, table 4".' });

export function citedSourceKey(citation: string): string {
  return /^[A-Za-z0-9_-]+/.exec(citation)?.[0] ?? '';
}
