/**
 * The `points:` list of an `opcua-controller` profile and its connection fields: each entry is an
 * OpcuaPointDef (device-drivers/src/opcua/point-def.ts) plus what the twin shows (label, quantity)
 * and what Phare allows writing (limits), with the citation. A point names its node by `nodeId` or
 * by `browsePath` (OPC UA Part 4 Annex A.2), exactly one of the two (protocols.md §5.1).
 *
 * The enums are written out here rather than imported from the driver, whose modules load node-opcua
 * (2.5 s); driver-compat.ts proves at compile time that both lists agree.
 */
import { z } from 'zod';
import { localized, minMax, sourceCitation } from './common.ts';

export const OPCUA_DATA_TYPE_NAMES = [
  'Boolean',
  'SByte',
  'Byte',
  'Int16',
  'UInt16',
  'Int32',
  'UInt32',
  'Int64',
  'UInt64',
  'Float',
  'Double',
  'String',
] as const;

export const OPCUA_SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;
export const OPCUA_SECURITY_POLICIES = [
  'None',
  'Basic256Sha256',
  'Aes128_Sha256_RsaOaep',
  'Aes256_Sha256_RsaPss',
  'Basic256',
  'Basic128Rsa15',
] as const;

const pointId = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)*$/,
    'use letters, digits, "_" and "-", with "." between parts (e.g. "zone1.temperature")',
  );

/** OPC UA Part 6 §5.3.1.10 string form: `ns=<index>;<i|s|g|b>=<identifier>` (ns= optional for 0). */
const NODE_ID = /^(?:ns=\d+;)?(?:i=\d+|s=.+|g=[0-9A-Fa-f-]{36}|b=[A-Za-z0-9+/=]+)$/;
/** Part 4 Annex A.2 relative path from the RootFolder, each element `<ns>:<BrowseName>`. */
const BROWSE_PATH = /^(\/(?:\d+:)?[^/]+)+$/;

const NON_NUMERIC = new Set(['Boolean', 'String']);

export const opcuaPoint = z
  .strictObject({
    id: pointId,
    label: localized,
    quantity: z.string().min(1).optional().meta({ description: 'What is measured: temperature, power…' }),
    nodeId: z
      .string()
      .regex(
        NODE_ID,
        'an OPC-UA NodeId is ns=<index>;s=<name> (or i=, g=, b=), e.g. ns=1;s=Zone1.Temperature',
      )
      .optional()
      .meta({ description: 'e.g. ns=1;s=Building.Zone1.Temperature. Give nodeId or browsePath.' }),
    browsePath: z
      .string()
      .regex(BROWSE_PATH, 'a browse path starts at the RootFolder: /Objects/1:Building/1:Zone1')
      .optional()
      .meta({ description: 'e.g. /Objects/1:Building/1:Zone1/1:Temperature. Give nodeId or browsePath.' }),
    dataType: z
      .enum(OPCUA_DATA_TYPE_NAMES)
      .optional()
      .meta({ description: 'Built-in DataType (OPC UA Part 6 §5.1.2); writes are coerced to it.' }),
    access: z.enum(['read', 'write', 'readwrite']),
    unit: z
      .string()
      .regex(/^\S+$/, 'a UCUM code has no spaces (e.g. "Cel", "kW.h", "%", "1")')
      .optional()
      .meta({ description: 'UCUM code: %, W, Cel, kW.h, [ppm], 1 for dimensionless.' }),
    range: minMax.optional().meta({ description: 'Values the device can represent (EURange).' }),
    limits: minMax.optional().meta({ description: 'Values Phare allows writing; within range.' }),
    samplingIntervalMs: z
      .int()
      .min(0)
      .optional()
      .meta({ description: "Sampling interval of this point's monitored item; default the connection's." }),
    source: sourceCitation,
  })
  .superRefine((point, ctx) => {
    const issue = (message: string, path: string, hint?: string): void =>
      ctx.addIssue({ code: 'custom', message, path: [path], ...(hint ? { params: { hint } } : {}) });
    // Aborting (continue: false): without a node the entry is no OPC-UA point at all, so a Modbus
    // register with a mistake is judged as a register (zod unions prefer a non-aborted option).
    if ((point.nodeId === undefined) === (point.browsePath === undefined))
      ctx.addIssue({
        code: 'custom',
        continue: false,
        message: `point ${point.id}: give exactly one of nodeId or browsePath`,
        path: point.nodeId === undefined ? [] : ['browsePath'],
        params: {
          hint: 'nodeId: "ns=1;s=Zone1.Temperature", or browsePath if the namespace index may change',
        },
      });
    const numeric = point.dataType === undefined || !NON_NUMERIC.has(point.dataType);
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

export type OpcuaProfilePoint = z.output<typeof opcuaPoint>;

/** Connection fields only an OPC-UA controller has (the others are Modbus/serial polling fields). */
export const opcuaConnectionFields = {
  securityMode: z
    .enum(OPCUA_SECURITY_MODES)
    .optional()
    .meta({ description: 'OPC-UA only: None, Sign or SignAndEncrypt (default None).' }),
  securityPolicy: z
    .enum(OPCUA_SECURITY_POLICIES)
    .optional()
    .meta({ description: 'OPC-UA only: e.g. Basic256Sha256 (default None).' }),
  samplingIntervalMs: z
    .int()
    .min(0)
    .optional()
    .meta({ description: 'OPC-UA only: default sampling interval of monitored items, ms.' }),
};

/** Keys of `connection` that belong to each family of kinds. */
export const OPCUA_ONLY_CONNECTION_KEYS = ['securityMode', 'securityPolicy', 'samplingIntervalMs'] as const;
export const POLLING_ONLY_CONNECTION_KEYS = ['pollIntervalMs', 'pollGroups'] as const;
