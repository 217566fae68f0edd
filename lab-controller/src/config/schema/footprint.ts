/**
 * A profile's optional `footprint` block: what one unit of this device costs the planet, from the
 * vendor's PEP ecopassport or datasheet (hardware/impact/README.md §6). When a site uses the
 * device, the impact model counts it with these exact figures instead of the ranges of
 * hardware/impact/factors-fr.yaml for its `equipmentKind`.
 *
 * Bounds are those of the projection's own inputs (lab-controller/src/impact/input-fields.ts), so
 * a profile accepted here is always accepted by the model.
 */
import { z } from 'zod';
import { EQUIPMENT_KINDS } from '../../impact/factors-schema.ts';

export const profileFootprint = z
  .strictObject({
    equipmentKind: z
      .enum(EQUIPMENT_KINDS)
      .meta({ description: 'Which row of hardware/impact/factors-fr.yaml `equipment` this device is.' }),
    embodiedKgCO2e: z
      .number()
      .min(0)
      .max(100_000)
      .meta({ description: 'Manufacture, transport and end of life of one unit, kgCO2e (PEP ecopassport).' }),
    lifetimeYears: z.number().gt(0).max(50).meta({ description: 'Years of service before renewal.' }),
    powerW: z.number().min(0).max(100_000).meta({ description: 'Own mean electrical power draw, W.' }),
    hoursPerYear: z
      .number()
      .min(0)
      .max(8784)
      .optional()
      .meta({ description: 'Hours powered per year; default: the equipment kind of the factors file.' }),
    source: z
      .string()
      .trim()
      .min(5, 'name the source (PEP ecopassport, datasheet page, or "estimate: …")')
      .meta({ description: 'Where the figures come from: document, page, or why they are estimates.' }),
    year: z.int().min(1990).max(2100).meta({ description: 'Year of the source.' }),
  })
  .meta({
    description:
      'Digital footprint of one unit, for the impact model (hardware/impact/README.md §6). Optional.',
  });

export type ProfileFootprint = z.output<typeof profileFootprint>;
