/**
 * Profile schema (`schema: phare/profile@1`): a vendor device model as data
 * (ARCHITECTURE.md §2 "Profile"; hardware/profiles/README.md for vendors).
 *
 * A kind names the section that describes the device: `dali-gateway` has a `dali:` register map,
 * `modbus-device` a `points:` list of registers, `opcua-controller` a `points:` list of nodes
 * (opcua-points.ts), `serial-sensor` a `serial:` section, `firmata-board` a `components:` list of
 * what is wired to which pin (firmata-components.ts). Each is one row in KINDS.
 *
 * `points:` entries are Modbus registers or OPC-UA nodes; the kind says which (checked here, and
 * `modbusPointsOf` / `opcuaPointsOf` give consumers the right type). `connection` is one map: the
 * polling fields (pollIntervalMs, pollGroups, Modbus merging) belong to polled kinds, the security
 * and sampling fields to OPC-UA, which is not polled (monitored items push values).
 */
import { z } from 'zod';
import { citedSourceKey, endpointUri, reportDuplicates, type IssueParams } from './common.ts';
import { daliGatewayMap } from './dali-map.ts';
import { checkFirmataComponents, firmataComponent } from './firmata-components.ts';
import { profileFootprint } from './footprint.ts';
import { modbusPoint, REGISTERS_PER_TYPE, type ProfilePoint } from './modbus-points.ts';
import {
  OPCUA_ONLY_CONNECTION_KEYS,
  POLLING_ONLY_CONNECTION_KEYS,
  opcuaConnectionFields,
  opcuaPoint,
  type OpcuaProfilePoint,
} from './opcua-points.ts';
import { checkSerialSection, serialSensorSection } from './serial-sensor.ts';
import { nearest } from '../suggest.ts';

export const PROFILE_SCHEMA_ID = 'phare/profile@1';

/** What each kind requires: its protocol (or protocols) and the one section that describes it. */
export const KINDS = {
  'dali-gateway': { protocol: 'modbus', section: 'dali' },
  'modbus-device': { protocol: 'modbus', section: 'points' },
  'serial-sensor': { protocol: ['sdi12', 'ascii-line'], section: 'serial' },
  'opcua-controller': { protocol: 'opcua', section: 'points' },
  'firmata-board': { protocol: 'firmata', section: 'components' },
} as const;
type Kind = keyof typeof KINDS;
const SECTIONS = ['dali', 'points', 'serial', 'components'] as const;

/** Endpoint schemes each protocol speaks (device-drivers/src/endpoint.ts). */
const SCHEMES_BY_PROTOCOL = {
  modbus: ['modbus-tcp', 'modbus-rtu', 'modbus-rtu-tcp'],
  sdi12: ['sdi12', 'serial-tcp'],
  'ascii-line': ['serial', 'serial-tcp'],
  opcua: ['opc.tcp'],
  firmata: ['firmata', 'serial-tcp'],
} as const;
type Protocol = keyof typeof SCHEMES_BY_PROTOCOL;

const forbiddenRange = z
  .strictObject({
    table: z.enum(['holding', 'input', 'coil', 'discrete']),
    from: z.int().min(0).max(65535),
    to: z.int().min(0).max(65535),
  })
  .refine((r) => r.from <= r.to, { message: 'from must not exceed to', path: ['from'] });

const connection = z.strictObject({
  endpoint: endpointUri.meta({ description: 'Default endpoint; a site device may override it.' }),
  timeoutMs: z.int().min(1).max(60_000),
  pollIntervalMs: z.int().min(1).optional().meta({
    description: 'Polled kinds (all but opcua-controller): default poll interval, ms. Required there.',
  }),
  pollGroups: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a poll group name is a word'), z.int().min(1))
    .optional()
    .meta({ description: 'Named poll intervals in ms, used by points[].pollGroup.' }),
  maxGap: z
    .int()
    .min(0)
    .default(0)
    .meta({ description: 'Unmapped registers a merged read may span (read harmlessly).' }),
  // Modbus Application Protocol V1.1b3 §6.3: at most 125 registers per read.
  maxRegistersPerRequest: z.int().min(1).max(125).default(125),
  forbiddenRanges: z
    .array(forbiddenRange)
    .default([])
    .meta({ description: 'Inclusive address ranges never to be read.' }),
  ...opcuaConnectionFields,
});

const source = z.strictObject({
  title: z.string().min(1),
  url: z.url().optional(),
  page: z.union([z.int().min(1), z.string().min(1)]).optional(),
});

const profileObject = z.strictObject({
  schema: z.literal(PROFILE_SCHEMA_ID),
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/,
      'a profile id is "vendor/model" in lower case, e.g. "hms/intesis-dali-modbus"',
    )
    .meta({ description: 'vendor/model: the file path under hardware/profiles without .yaml.' }),
  vendor: z.string().min(1),
  model: z.string().min(1),
  kind: z.enum(Object.keys(KINDS) as [Kind, ...Kind[]]),
  protocol: z.enum(Object.keys(SCHEMES_BY_PROTOCOL) as [Protocol, ...Protocol[]]),
  simulator: z
    .string()
    .regex(
      /^[a-z0-9-]+\/[a-z0-9-]+$/,
      'a simulator is "<device kind>/<variant>", e.g. "dali-gateway/intesis"',
    )
    .optional()
    .meta({ description: 'The simulator in hardware/simulators that plays this device.' }),
  sources: z
    .record(z.string().regex(/^[A-Za-z0-9_-]+$/, 'a source key is one word'), source)
    .meta({ description: 'Datasheets and manuals, by key; every `source` cites one of these keys.' }),
  connection,
  dali: daliGatewayMap.optional(),
  points: z
    .array(z.union([modbusPoint, opcuaPoint]))
    .min(1)
    .optional()
    .meta({ description: 'Modbus registers (modbus-device) or OPC-UA nodes (opcua-controller).' }),
  serial: serialSensorSection.optional(),
  components: z
    .array(firmataComponent)
    .min(1)
    .optional()
    .meta({ description: 'firmata-board: what is wired to which pin; one component is one point.' }),
  footprint: profileFootprint.optional(),
});

export const profileSchema = profileObject
  .superRefine((profile, ctx) => {
    const issue = (message: string, path: (string | number)[], params?: IssueParams): void =>
      ctx.addIssue({ code: 'custom', message, path, ...(params ? { params } : {}) });

    const rule = KINDS[profile.kind];
    const protocols: readonly string[] = typeof rule.protocol === 'string' ? [rule.protocol] : rule.protocol;
    if (!protocols.includes(profile.protocol))
      issue(`a ${profile.kind} speaks ${protocols.join(' or ')}, not ${profile.protocol}`, ['protocol']);
    for (const section of SECTIONS) {
      const present = profile[section] !== undefined;
      if (section === rule.section && !present)
        issue(`a ${profile.kind} profile needs a "${section}" section`, ['kind']);
      if (section !== rule.section && present)
        issue(`"${section}" does not belong in a ${profile.kind} profile`, [section], {
          hint: `a ${profile.kind} is described by "${rule.section}"`,
        });
    }

    checkConnectionFamily(profile, issue);
    // Worded like any missing key (and left out when a misspelt key already says "did you mean").
    if (profile.kind !== 'opcua-controller' && profile.connection.pollIntervalMs === undefined)
      ctx.addIssue({
        code: 'invalid_type',
        expected: 'number',
        input: undefined,
        path: ['connection', 'pollIntervalMs'],
        message: `a ${profile.kind} is polled: connection needs pollIntervalMs`,
      });
    checkPointFamily(profile, issue);

    const schemes: readonly string[] = SCHEMES_BY_PROTOCOL[profile.protocol];
    if (!schemes.includes(profile.connection.endpoint.scheme))
      issue(
        `a ${profile.protocol} device cannot use a ${profile.connection.endpoint.scheme} endpoint`,
        ['connection', 'endpoint'],
        { hint: `use one of ${schemes.join(', ')}` },
      );

    const { scheme, params } = profile.connection.endpoint;
    if (profile.protocol === 'firmata' && scheme === 'serial-tcp' && params['protocol'] !== 'firmata')
      issue(
        'a Firmata board behind a serial device server needs ?protocol=firmata',
        ['connection', 'endpoint'],
        {
          hint: 'serial-tcp://host:4010?protocol=firmata',
        },
      );

    const sourceKeys = Object.keys(profile.sources);
    const checkCitation = (citation: string, path: (string | number)[]): void => {
      const key = citedSourceKey(citation);
      if (key in profile.sources) return;
      const near = nearest(key, sourceKeys);
      issue(`source "${key}" is not a key of sources`, path, {
        hint: near ? `did you mean "${near}"?` : `known sources: ${sourceKeys.join(', ') || 'none'}`,
      });
    };
    for (const block of ['gear', 'group', 'broadcast'] as const) {
      const citation = profile.dali?.[block]?.source;
      if (citation) checkCitation(citation, ['dali', block, 'source']);
    }

    if (profile.serial) {
      checkSerialSection(ctx, profile.protocol, profile.serial, (message, path, hint) =>
        issue(message, path, hint ? { hint } : undefined),
      );
      profile.serial.points.forEach((point, i) =>
        checkCitation(point.source, ['serial', 'points', i, 'source']),
      );
      (profile.serial.sentences ?? []).forEach((s, i) =>
        checkCitation(s.source, ['serial', 'sentences', i, 'source']),
      );
      const groups = Object.keys(profile.connection.pollGroups ?? {});
      profile.serial.points.forEach((point, i) => {
        if (point.pollGroup !== undefined && !groups.includes(point.pollGroup))
          issue(`poll group "${point.pollGroup}" is not in connection.pollGroups`, [
            'serial',
            'points',
            i,
            'pollGroup',
          ]);
      });
    }

    if (profile.components) {
      checkFirmataComponents(ctx, profile.components, (message, path, hint) =>
        issue(message, path, hint ? { hint } : undefined),
      );
      profile.components.forEach((c, i) => checkCitation(c.source, ['components', i, 'source']));
    }

    const points = modbusPointsOf(profile);
    reportDuplicates(
      ctx,
      opcuaPointsOf(profile),
      (p) => p.id,
      (i) => ['points', i, 'id'],
      'point id',
    );
    opcuaPointsOf(profile).forEach((point, i) => checkCitation(point.source, ['points', i, 'source']));
    reportDuplicates(
      ctx,
      points,
      (p) => p.id,
      (i) => ['points', i, 'id'],
      'point id',
    );
    const pollGroups = Object.keys(profile.connection.pollGroups ?? {});
    points.forEach((point, i) => {
      checkCitation(point.source, ['points', i, 'source']);
      if (point.pollGroup !== undefined && !pollGroups.includes(point.pollGroup)) {
        const near = nearest(point.pollGroup, pollGroups);
        issue(`poll group "${point.pollGroup}" is not in connection.pollGroups`, ['points', i, 'pollGroup'], {
          hint: near ? `did you mean "${near}"?` : `declared: ${pollGroups.join(', ') || 'none'}`,
        });
      }
      const last = point.address + REGISTERS_PER_TYPE[point.type] - 1;
      const clash = profile.connection.forbiddenRanges.find(
        (r) => r.table === point.table && point.address <= r.to && last >= r.from,
      );
      if (clash)
        issue(
          `${point.table} ${point.address} lies in forbidden range ${clash.from}–${clash.to}`,
          ['points', i, 'address'],
          { hint: 'a point in a forbidden range could never be read' },
        );
    });
  })
  .meta({
    title: 'Phare device profile',
    description: 'A vendor device model as data (phare/profile@1). See hardware/profiles/README.md.',
  });

type Issue = (message: string, path: (string | number)[], params?: IssueParams) => void;
type ParsedProfile = z.output<typeof profileObject>;

/** Polling fields on a polled kind (pollIntervalMs required), OPC-UA fields on an OPC-UA one only. */
function checkConnectionFamily(profile: ParsedProfile, issue: Issue): void {
  const connection = profile.connection;
  const opcua = profile.kind === 'opcua-controller';
  const foreign = opcua ? POLLING_ONLY_CONNECTION_KEYS : OPCUA_ONLY_CONNECTION_KEYS;
  for (const key of foreign)
    if (connection[key] !== undefined)
      issue(`"${key}" does not belong in the connection of a ${profile.kind}`, ['connection', key], {
        hint: opcua
          ? 'an OPC-UA controller is not polled: monitored items push values (samplingIntervalMs)'
          : `${key} is for OPC-UA controllers`,
      });
  if (opcua) {
    const modbusOnly =
      connection.maxGap !== 0 ||
      connection.maxRegistersPerRequest !== 125 ||
      connection.forbiddenRanges.length;
    if (modbusOnly)
      issue('maxGap, maxRegistersPerRequest and forbiddenRanges are Modbus fields', ['connection'], {
        hint: 'remove them from an opcua-controller profile',
      });
  }
}

/** Points of a modbus-device are registers; points of an opcua-controller are nodes. */
function checkPointFamily(profile: ParsedProfile, issue: Issue): void {
  const wantsNodes = profile.kind === 'opcua-controller';
  (profile.points ?? []).forEach((point, i) => {
    if (isOpcuaPoint(point) === wantsNodes) return;
    issue(
      wantsNodes
        ? `point ${point.id} is a Modbus register, but a ${profile.kind} has OPC-UA nodes`
        : `point ${point.id} is an OPC-UA node, but a ${profile.kind} has Modbus registers`,
      ['points', i],
      { hint: wantsNodes ? 'give nodeId or browsePath, dataType, access' : 'give table, address, type' },
    );
  });
}

function isOpcuaPoint(point: ProfilePoint | OpcuaProfilePoint): point is OpcuaProfilePoint {
  return !('table' in point);
}

/** The Modbus register points of a profile (none for other kinds). */
export function modbusPointsOf(profile: Pick<ParsedProfile, 'kind' | 'points'>): ProfilePoint[] {
  if (profile.kind === 'opcua-controller') return [];
  return (profile.points ?? []).filter((p): p is ProfilePoint => !isOpcuaPoint(p));
}

/** The OPC-UA node points of an opcua-controller profile (none for other kinds). */
export function opcuaPointsOf(profile: Pick<ParsedProfile, 'kind' | 'points'>): OpcuaProfilePoint[] {
  if (profile.kind !== 'opcua-controller') return [];
  return (profile.points ?? []).filter(isOpcuaPoint);
}

export type ProfileFile = z.input<typeof profileSchema>;
export type Profile = z.output<typeof profileSchema>;
export type ProfileKind = Profile['kind'];
export type { ProfilePoint } from './modbus-points.ts';
export type { OpcuaProfilePoint } from './opcua-points.ts';
export type { DaliSection } from './dali-map.ts';
export type { SerialSensorSection, SerialSensorPoint } from './serial-sensor.ts';
export type { FirmataProfileComponent } from './firmata-components.ts';
