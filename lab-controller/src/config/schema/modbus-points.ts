/**
 * The `points:` list of a Modbus device profile: each entry is a ModbusPointDef
 * (device-drivers/src/modbus/point-def.ts) plus what the twin shows (label, quantity, unit, range)
 * and what Phare allows writing (limits), with the datasheet citation.
 */
import { z } from 'zod';
import { localized, minMax, sourceCitation } from './common.ts';

const pointId = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)*$/,
    'use letters, digits, "_" and "-", with "." between parts (e.g. "temperature" or "pump1.state")',
  );

/** Registers a value occupies (Modbus Application Protocol V1.1b3 §4.2: registers are 16-bit). */
export const REGISTERS_PER_TYPE = {
  int16: 1,
  uint16: 1,
  bitmap16: 1,
  bool: 1,
  int32: 2,
  uint32: 2,
  float32: 2,
} as const;

const BIT_TABLES = new Set(['coil', 'discrete']);
const READ_ONLY_TABLES = new Set(['input', 'discrete']);

export const modbusPoint = z
  .strictObject({
    id: pointId,
    label: localized,
    quantity: z.string().min(1).optional().meta({ description: 'What is measured: temperature, power…' }),
    unit: z
      .string()
      .regex(/^\S+$/, 'a UCUM code has no spaces (e.g. "Cel", "kW.h", "%", "1")')
      .optional()
      .meta({ description: 'UCUM code: %, W, Cel, kW.h, m3/h, 1 for dimensionless.' }),
    table: z.enum(['holding', 'input', 'coil', 'discrete']),
    address: z
      .int()
      .min(0)
      .max(65535)
      .meta({ description: '0-based PDU address (not the 4xxxx reference).' }),
    type: z.enum(['int16', 'uint16', 'int32', 'uint32', 'float32', 'bool', 'bitmap16']),
    wordOrder: z
      .enum(['big', 'little'])
      .optional()
      .meta({ description: '32-bit values: big = high word first (AB CD), little = low word first.' }),
    bit: z.int().min(0).max(15).optional().meta({ description: 'bool read from a register: bit 0 = LSB.' }),
    scale: z.number().optional().meta({ description: 'engineering value = raw × scale + offset' }),
    offset: z.number().optional(),
    access: z.enum(['read', 'write', 'readwrite']),
    pollGroup: z.string().optional().meta({ description: 'A key of connection.pollGroups.' }),
    codec: z.string().optional(),
    range: minMax.optional().meta({ description: 'Values the device can represent.' }),
    limits: minMax.optional().meta({ description: 'Values Phare allows writing; within range.' }),
    source: sourceCitation,
  })
  .superRefine((point, ctx) => {
    const issue = (message: string, path: string, hint?: string): void =>
      ctx.addIssue({ code: 'custom', message, path: [path], ...(hint ? { params: { hint } } : {}) });
    const isBitTable = BIT_TABLES.has(point.table);
    if (isBitTable && point.type !== 'bool')
      issue(`a ${point.table} holds one bit: type must be bool`, 'type');
    if (point.bit !== undefined && (isBitTable || point.type !== 'bool'))
      issue('bit selects one bit of a register: only for type bool on holding or input', 'bit');
    if (point.wordOrder && REGISTERS_PER_TYPE[point.type] !== 2)
      issue(`wordOrder applies to 32-bit types, not ${point.type}`, 'wordOrder');
    if (point.address + REGISTERS_PER_TYPE[point.type] - 1 > 65535)
      issue(`a ${point.type} at ${point.address} runs past address 65535`, 'address');
    if (READ_ONLY_TABLES.has(point.table) && point.access !== 'read')
      issue(
        `${point.table} ${isBitTable ? 'inputs' : 'registers'} are read-only`,
        'access',
        'use access: read',
      );
    const numeric = point.type !== 'bool' && point.type !== 'bitmap16';
    if (numeric && point.unit === undefined)
      issue(
        'a numeric point needs a unit',
        'unit',
        'a UCUM code such as "Cel", "W", "%", or "1" if dimensionless',
      );
    if (point.limits && !point.range)
      issue('limits need a range to lie within', 'limits', 'add range: { min, max }');
    if (point.limits && point.range) {
      const { limits, range } = point;
      if (limits.min < range.min || limits.max > range.max)
        issue(
          `limits ${limits.min}–${limits.max} lie outside range ${range.min}–${range.max}`,
          'limits',
          'safe limits must lie within what the device can represent',
        );
    }
    if (point.limits && point.access === 'read')
      issue('limits restrict writes, but this point is read-only', 'limits');
  });

export type ProfilePoint = z.output<typeof modbusPoint>;
