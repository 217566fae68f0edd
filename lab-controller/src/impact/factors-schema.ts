/**
 * Schema of hardware/impact/factors-fr.yaml: every factor has a value range, a unit, a source and
 * a year, so that no number reaches a visitor without saying where it comes from.
 */
import { z } from 'zod';
import { localized } from '../config/schema/common.ts';

export const FACTOR_KEYS = [
  'electricityEmission',
  'electricityHeatingEmission',
  'gasEmission',
  'electricityPrice',
  'gasPrice',
  'gasPcsPerPci',
  'lightingHoursPerYear',
  'switchSunAltitude',
] as const;
export type FactorKey = (typeof FACTOR_KEYS)[number];

export const EQUIPMENT_KINDS = [
  'gateway',
  'controller',
  'networkSwitch',
  'screen',
  'tablet',
  'sensor',
  'luminaireNode',
] as const;
export type EquipmentKind = (typeof EQUIPMENT_KINDS)[number];

const certainty = z.enum(['published', 'to-verify', 'estimate']);

const origin = {
  source: z.string().trim().min(5, 'name the source (publication, table, year)'),
  year: z.int().min(1990).max(2100),
  certainty,
};

const rangeShape = z
  .strictObject({ low: z.number(), central: z.number(), high: z.number() })
  .refine((r) => r.low <= r.central && r.central <= r.high, {
    message: 'expected low <= central <= high',
    path: ['central'],
  });

const positiveRange = rangeShape.refine((r) => r.low > 0, {
  message: 'low must be greater than 0',
  path: ['low'],
});

export const factorSchema = z
  .strictObject({
    label: localized,
    unit: z.string().min(1),
    low: z.number(),
    central: z.number(),
    high: z.number(),
    ...origin,
  })
  .refine((f) => f.low <= f.central && f.central <= f.high, {
    message: 'expected low <= central <= high',
    path: ['central'],
  });

export const equipmentSchema = z.strictObject({
  label: localized,
  embodiedKgCO2e: rangeShape.refine((r) => r.low >= 0, { message: 'must not be negative', path: ['low'] }),
  lifetimeYears: positiveRange,
  powerW: rangeShape.refine((r) => r.low >= 0, { message: 'must not be negative', path: ['low'] }),
  hoursPerYear: z.number().min(0).max(8784),
  ...origin,
});

export const factorsFileSchema = z.strictObject({
  version: z.literal(1),
  country: z.string().length(2),
  factors: z.strictObject(
    Object.fromEntries(FACTOR_KEYS.map((k) => [k, factorSchema])) as Record<FactorKey, typeof factorSchema>,
  ),
  equipment: z.strictObject(
    Object.fromEntries(EQUIPMENT_KINDS.map((k) => [k, equipmentSchema])) as Record<
      EquipmentKind,
      typeof equipmentSchema
    >,
  ),
});

export type Factor = z.infer<typeof factorSchema>;
export type EquipmentFactors = z.infer<typeof equipmentSchema>;
export type ImpactFactors = z.infer<typeof factorsFileSchema>;
