/**
 * The `dali:` section of a DALI-to-Modbus gateway profile: the gateway's register map as data
 * (protocols.md §2), the exact shape of DaliGatewayMap (device-drivers/src/dali/gateway-map.ts)
 * plus a `source` citation per block and the safe level limits.
 */
import { z } from 'zod';
import { minMax, sourceCitation } from './common.ts';

const register = z.int().min(0).max(65535);

const signal = z.strictObject({
  offset: z.int().min(0).max(65535).meta({ description: 'Register offset from the block base.' }),
  access: z.enum(['read', 'write', 'readwrite']),
});

const addressing = {
  base: register.meta({ description: 'Address of the block of line 0, instance 0.' }),
  perLine: z.int().min(0).meta({ description: 'Added per DALI line (channel).' }),
  source: sourceCitation,
};

const groupSignals = z.strictObject({ level: signal.optional(), scene: signal.optional() });

export const daliGatewayMap = z
  .strictObject({
    // Levels and scenes are registers; coils and discrete inputs cannot carry them.
    table: z.enum(['holding', 'input']),
    levelCodec: z.enum(['percent', 'linear255', 'arcLog', 'arcLinear']).meta({
      description:
        'How a register encodes a level: percent 0–100 (Intesis), linear255 raw×100/255 (DALION), arcLog / arcLinear arc level 0–254.',
    }),
    sceneBase: z.literal([0, 1]).meta({
      description: 'Register value for scene 0: 0 (Intesis 0–15) or 1 (DALION 1–16, 0 = no action).',
    }),
    gear: z.strictObject({
      ...addressing,
      perInstance: z.int().min(0).meta({ description: 'Added per short address.' }),
      signals: z.strictObject({
        actualLevel: signal.optional(),
        level: signal,
        status: signal.optional(),
      }),
    }),
    group: z
      .strictObject({
        ...addressing,
        perInstance: z.int().min(0).meta({ description: 'Added per group number.' }),
        signals: groupSignals,
      })
      .optional(),
    broadcast: z.strictObject({ ...addressing, signals: groupSignals }).optional(),
    limits: z.strictObject({
      level: minMax.meta({ description: 'Levels Phare may write, in percent of light output.' }),
    }),
  })
  .superRefine((map, ctx) => {
    const { min, max } = map.limits.level;
    // Phare's level point is always percent of light output (gateway-map.ts, LevelCodecName).
    if (min < 0 || max > 100)
      ctx.addIssue({
        code: 'custom',
        message: `level limits ${min}–${max} % lie outside 0–100 %`,
        path: ['limits', 'level'],
      });
    const blocks = [
      ['gear', map.gear],
      ['group', map.group],
      ['broadcast', map.broadcast],
    ] as const;
    for (const [name, block] of blocks) {
      if (!block) continue;
      for (const [signalName, def] of Object.entries(block.signals)) {
        if (def && map.table === 'input' && def.access !== 'read')
          ctx.addIssue({
            code: 'custom',
            message: `signal ${signalName} is ${def.access} but input registers are read-only`,
            path: [name, 'signals', signalName, 'access'],
            params: { hint: 'use table: holding, or access: read' },
          });
      }
    }
  });

export type DaliSection = z.output<typeof daliGatewayMap>;
