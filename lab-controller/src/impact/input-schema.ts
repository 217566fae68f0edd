/**
 * The input of projectTerritory, validated by zod. Numeric bounds come from input-fields.ts; the
 * bilingual messages are worded by input-issues.ts.
 *
 * Sections are optional but at least one of `lighting` and `building` is required: a projection
 * with nothing to save is refused rather than shown as "0 € saved".
 */
import { z } from 'zod';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { EQUIPMENT_KINDS } from './factors-schema.ts';
import { INPUT_FIELDS } from './input-fields.ts';

/** A number checked against INPUT_FIELDS[key]; the issue carries `params.range` for the message. */
function bounded(key: string) {
  const spec = INPUT_FIELDS[key];
  if (!spec) throw new ConfigInvalid(`impact/input-fields.ts has no field spec for ${key}`);
  return z.number().superRefine((value, ctx) => {
    const tooLow = spec.minExclusive ? value <= spec.min : value < spec.min;
    const notInteger = spec.integer === true && !Number.isInteger(value);
    if (tooLow || value > spec.max || notInteger)
      ctx.addIssue({
        code: 'custom',
        message: 'out of range',
        input: value,
        params: { range: key, notInteger },
      });
  });
}

const dimming = z.union([
  z.strictObject({ average: bounded('lighting.dimming.average') }),
  z.strictObject({ hourly: z.array(bounded('lighting.dimming.hourly.*').nullable()).length(24) }),
]);

const operatingHours = z.union([
  z.literal('astronomical'),
  z.literal('reference'),
  z.strictObject({ fixedHoursPerYear: bounded('lighting.operatingHours.fixedHoursPerYear') }),
]);

export const lightingInputSchema = z.strictObject({
  luminaireCount: bounded('lighting.luminaireCount'),
  luminaireWattageW: bounded('lighting.luminaireWattageW'),
  /** Power of the luminaires replaced, when the project also changes them; default: the same. */
  baselineWattageW: bounded('lighting.baselineWattageW').optional(),
  latitudeDeg: bounded('lighting.latitudeDeg'),
  /** Default 2.5° E (the middle of metropolitan France): it shifts dusk by minutes only. */
  longitudeDeg: bounded('lighting.longitudeDeg').default(2.5),
  dimming,
  operatingHours: operatingHours.default('astronomical'),
});

export const buildingInputSchema = z.strictObject({
  floorAreaM2: bounded('building.floorAreaM2'),
  /** Final energy for heating, kWh per m² per year (kWh PCI for gas, as in the DPE). */
  heatingKWhPerM2Year: bounded('building.heatingKWhPerM2Year'),
  energy: z.enum(['gas', 'electricity']),
  savedFraction: bounded('building.savedFraction'),
});

export const kitItemSchema = z
  .strictObject({
    kind: z.enum(EQUIPMENT_KINDS),
    count: bounded('digitalKit.*.count').optional(),
    perLuminaire: bounded('digitalKit.*.perLuminaire').optional(),
    /** Overrides from the device profile (exact values replace the factors' ranges). */
    embodiedKgCO2e: bounded('digitalKit.*.embodiedKgCO2e').optional(),
    lifetimeYears: bounded('digitalKit.*.lifetimeYears').optional(),
    powerW: bounded('digitalKit.*.powerW').optional(),
    hoursPerYear: bounded('digitalKit.*.hoursPerYear').optional(),
  })
  .superRefine((item, ctx) => {
    if ((item.count === undefined) === (item.perLuminaire === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'count xor perLuminaire',
        params: { rule: 'count-or-per-luminaire' },
      });
  });

export const territoryInputSchema = z
  .strictObject({
    lighting: lightingInputSchema.optional(),
    building: buildingInputSchema.optional(),
    digitalKit: z.array(kitItemSchema).max(100).default([]),
    prices: z
      .strictObject({
        electricityEurPerKWh: bounded('prices.electricityEurPerKWh').optional(),
        gasEurPerKWhPcs: bounded('prices.gasEurPerKWhPcs').optional(),
      })
      .default({}),
    emissionFactors: z
      .strictObject({
        electricityKgPerKWh: bounded('emissionFactors.electricityKgPerKWh').optional(),
        electricityHeatingKgPerKWh: bounded('emissionFactors.electricityHeatingKgPerKWh').optional(),
        gasKgPerKWhPci: bounded('emissionFactors.gasKgPerKWhPci').optional(),
      })
      .default({}),
    investment: z
      .strictObject({
        perLuminaireEur: bounded('investment.perLuminaireEur').default(0),
        fixedEur: bounded('investment.fixedEur').default(0),
      })
      .default({ perLuminaireEur: 0, fixedEur: 0 }),
    /** Years shown in the lifetime series; default: the longest central lifetime in the kit. */
    horizonYears: bounded('horizonYears').optional(),
    /** Fixes leap days and clock changes of the darkness calendar. */
    year: bounded('year').default(2025),
  })
  .superRefine((input, ctx) => {
    if (!input.lighting && !input.building)
      ctx.addIssue({ code: 'custom', message: 'nothing to project', params: { rule: 'nothing-to-project' } });
    input.digitalKit.forEach((item, i) => {
      if (item.perLuminaire !== undefined && !input.lighting)
        ctx.addIssue({
          code: 'custom',
          message: 'perLuminaire without lighting',
          path: ['digitalKit', i, 'perLuminaire'],
          params: { rule: 'per-luminaire-without-lighting' },
        });
    });
  });

export type TerritoryInputRaw = z.input<typeof territoryInputSchema>;
export type TerritoryInput = z.output<typeof territoryInputSchema>;
export type LightingInput = z.output<typeof lightingInputSchema>;
export type BuildingInput = z.output<typeof buildingInputSchema>;
export type KitItemInput = z.output<typeof kitItemSchema>;
