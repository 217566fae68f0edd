/**
 * Discovery: browse a server from the Objects folder and propose the points of a profile
 * (`npx phare discover`). Each Variable found becomes a DraftPoint with its NodeId, browse path,
 * DataType, access (UserAccessLevel) and, for AnalogItemType variables, the unit (EngineeringUnits
 * → UCUM, units.ts) and range (EURange), OPC UA Part 8 §5.3.2.3. Namespace 0 (the Server object
 * and the standard model) is skipped. What discovery cannot know (labels in French, safe limits,
 * the vendor's documentation) is left to a human: draft-yaml.ts marks it TODO.
 */
import {
  AttributeIds,
  BrowseDirection,
  DataType,
  NodeClass,
  type BrowseResult,
  type ClientSession,
  type ReferenceDescription,
} from 'node-opcua';
import { ucumOfUnitId, uneceCodeOf } from './units.ts';
import { openOpcuaLink, type OpcuaLink, type OpcuaLinkOptions } from './link.ts';
import { builtInDataType } from './value-coerce.ts';

export interface DraftPoint {
  /** Proposed point id, from the browse path (`zone1.temperature`). */
  id: string;
  nodeId: string;
  /** `/Objects/1:Building/1:Zone1/1:Temperature`, usable as a profile `browsePath`. */
  browsePath: string;
  displayName: string;
  description?: string;
  dataType?: string;
  access: 'read' | 'write' | 'readwrite';
  /** UCUM code when the EngineeringUnits are known. */
  unit?: string;
  /** EngineeringUnits as the server gave them, when they did not map to UCUM (or for the comment). */
  serverUnit?: { uneceCode?: string; displayName?: string };
  range?: { min: number; max: number };
  analog: boolean;
}

export interface DraftProfile {
  endpoint: string;
  discoveredAt: string;
  server: {
    applicationUri?: string;
    productName?: string;
    manufacturerName?: string;
    softwareVersion?: string;
  };
  securityMode: string;
  securityPolicy: string;
  points: DraftPoint[];
  /** True when maxNodes stopped the browse before the end. */
  truncated: boolean;
}

export interface DiscoveryOptions extends OpcuaLinkOptions {
  /** Folders below Objects to descend. Default 8. */
  maxDepth?: number;
  /** Variables to propose at most. Default 2000. */
  maxNodes?: number;
}

interface FoundVariable {
  nodeId: string;
  segments: string[];
  browsePath: string;
  displayName: string;
}

const OBJECTS_FOLDER = 'ns=0;i=85';
const ACCESS_READ = 1;
const ACCESS_WRITE = 2;

async function browseAll(
  session: ClientSession,
  nodeId: string,
  referenceTypeId: string,
): Promise<ReferenceDescription[]> {
  let result: BrowseResult = await session.browse({
    nodeId,
    referenceTypeId,
    includeSubtypes: true,
    browseDirection: BrowseDirection.Forward,
    nodeClassMask: NodeClass.Object | NodeClass.Variable,
    resultMask: 0x3f,
  });
  const references = [...(result.references ?? [])];
  while (result.continuationPoint && result.continuationPoint.length > 0) {
    result = await session.browseNext(result.continuationPoint, false);
    references.push(...(result.references ?? []));
  }
  return references;
}

/** `HeatPump` → `heat-pump`, `CO2` → `co2`, `|var|PFC.Application.GVL.rTemp` → `var-pfc-application-gvl-r-temp`. */
export function pointIdSegment(name: string): string {
  const kebab = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return /^[a-z]/.test(kebab) ? kebab : `p${kebab}`;
}

async function findVariables(
  link: OpcuaLink,
  options: DiscoveryOptions,
): Promise<{ found: FoundVariable[]; truncated: boolean }> {
  const maxDepth = options.maxDepth ?? 8;
  const maxNodes = options.maxNodes ?? 2000;
  const found: FoundVariable[] = [];
  const seen = new Set<string>([OBJECTS_FOLDER]);
  let truncated = false;
  const visit = async (nodeId: string, segments: string[], path: string, depth: number): Promise<void> => {
    const children = await link.request(`${link.device}: browse ${nodeId}`, (session) =>
      browseAll(session, nodeId, 'HierarchicalReferences'),
    );
    for (const child of children) {
      const childId = child.nodeId.toString();
      if (child.nodeId.namespace === 0 || seen.has(childId)) continue;
      seen.add(childId);
      const name = child.browseName.name ?? childId;
      const childPath = `${path}/${child.browseName.namespaceIndex}:${name}`;
      if (child.nodeClass === NodeClass.Variable) {
        if (found.length >= maxNodes) {
          truncated = true;
          return;
        }
        found.push({
          nodeId: childId,
          segments: [...segments, name],
          browsePath: childPath,
          displayName: child.displayName.text ?? name,
        });
      } else if (depth < maxDepth) {
        await visit(childId, [...segments, name], childPath, depth + 1);
      }
    }
  };
  await visit(OBJECTS_FOLDER, [], '/Objects', 0);
  return { found, truncated };
}

/** EURange and EngineeringUnits of a variable (its HasProperty children). */
async function analogMetadata(
  link: OpcuaLink,
  nodeId: string,
): Promise<{ range?: { min: number; max: number }; unitId?: number; unitName?: string }> {
  const properties = await link.request(`${link.device}: browse properties of ${nodeId}`, (session) =>
    browseAll(session, nodeId, 'HasProperty'),
  );
  const byName = new Map(properties.map((p) => [p.browseName.name ?? '', p.nodeId.toString()]));
  const wanted = ['EURange', 'EngineeringUnits'].filter((name) => byName.has(name));
  if (wanted.length === 0) return {};
  const values = await link.request(`${link.device}: read EURange/EngineeringUnits of ${nodeId}`, (session) =>
    session.read(wanted.map((name) => ({ nodeId: byName.get(name)!, attributeId: AttributeIds.Value }))),
  );
  const out: { range?: { min: number; max: number }; unitId?: number; unitName?: string } = {};
  wanted.forEach((name, i) => {
    const value = values[i]?.value.value as Record<string, unknown> | null | undefined;
    if (!value) return;
    if (name === 'EURange' && typeof value['low'] === 'number' && typeof value['high'] === 'number') {
      out.range = { min: value['low'], max: value['high'] };
    }
    if (name === 'EngineeringUnits') {
      if (typeof value['unitId'] === 'number') out.unitId = value['unitId'];
      const display = value['displayName'] as { text?: string } | undefined;
      if (display?.text) out.unitName = display.text;
    }
  });
  return out;
}

async function describeVariables(link: OpcuaLink, found: FoundVariable[]): Promise<DraftPoint[]> {
  const points: DraftPoint[] = [];
  const common =
    found.length > 0 && found.every((f) => f.segments.length > 1 && f.segments[0] === found[0]!.segments[0]);
  for (let i = 0; i < found.length; i += 50) {
    const chunk = found.slice(i, i + 50);
    const attributes = [
      AttributeIds.DataType,
      AttributeIds.UserAccessLevel,
      AttributeIds.Description,
      AttributeIds.Value,
    ];
    const values = await link.request(
      `${link.device}: read attributes of ${chunk.length} variables`,
      (session) =>
        session.read(
          chunk.flatMap((f) => attributes.map((attributeId) => ({ nodeId: f.nodeId, attributeId }))),
        ),
    );
    for (const [j, variable] of chunk.entries()) {
      const [typeValue, accessValue, descriptionValue, currentValue] = values.slice(j * 4, j * 4 + 4);
      const typeNode = typeValue?.value.value as { namespace: number; value: unknown } | null | undefined;
      const builtIn =
        (typeNode ? builtInDataType(typeNode.namespace, typeNode.value) : undefined) ??
        (currentValue && currentValue.value.dataType !== DataType.Null
          ? currentValue.value.dataType
          : undefined);
      const accessLevel =
        typeof accessValue?.value.value === 'number' ? accessValue.value.value : ACCESS_READ;
      const readable = (accessLevel & ACCESS_READ) !== 0;
      const writable = (accessLevel & ACCESS_WRITE) !== 0;
      const description = (descriptionValue?.value.value as { text?: string } | null | undefined)?.text;
      const meta = await analogMetadata(link, variable.nodeId);
      const unit = meta.unitId === undefined ? undefined : ucumOfUnitId(meta.unitId);
      const uneceCode = meta.unitId === undefined ? undefined : uneceCodeOf(meta.unitId);
      const idSegments = common ? variable.segments.slice(1) : variable.segments;
      points.push({
        id: idSegments.map(pointIdSegment).join('.'),
        nodeId: variable.nodeId,
        browsePath: variable.browsePath,
        displayName: variable.displayName,
        ...(description ? { description } : {}),
        ...(builtIn !== undefined ? { dataType: DataType[builtIn] } : {}),
        access: writable && readable ? 'readwrite' : writable ? 'write' : 'read',
        ...(unit ? { unit } : {}),
        ...(meta.unitId !== undefined
          ? {
              serverUnit: {
                ...(uneceCode ? { uneceCode } : {}),
                ...(meta.unitName ? { displayName: meta.unitName } : {}),
              },
            }
          : {}),
        ...(meta.range ? { range: meta.range } : {}),
        analog: meta.range !== undefined,
      });
    }
  }
  return points;
}

/** Browses the server at `endpointUrl` and proposes a profile. Opens and always closes its own link. */
export async function discoverOpcua(endpointUrl: string, options: DiscoveryOptions): Promise<DraftProfile> {
  const link = await openOpcuaLink(endpointUrl, options);
  try {
    const [buildInfo] = await link.request(`${link.device}: read BuildInfo`, (session) =>
      session.read([{ nodeId: 'ns=0;i=2260', attributeId: AttributeIds.Value }]),
    );
    const info = (buildInfo?.value.value ?? {}) as Record<string, unknown>;
    const text = (key: string): string | undefined =>
      typeof info[key] === 'string' && info[key] !== '' ? (info[key] as string) : undefined;
    const { found, truncated } = await findVariables(link, options);
    const points = await describeVariables(link, found);
    const server: DraftProfile['server'] = {};
    for (const [key, source] of [
      ['applicationUri', 'productUri'],
      ['productName', 'productName'],
      ['manufacturerName', 'manufacturerName'],
      ['softwareVersion', 'softwareVersion'],
    ] as const) {
      const value = text(source);
      if (value) server[key] = value;
    }
    return {
      endpoint: endpointUrl,
      discoveredAt: new Date().toISOString(),
      server,
      securityMode: options.securityMode ?? 'None',
      securityPolicy:
        options.securityPolicy ??
        (options.securityMode && options.securityMode !== 'None' ? 'Basic256Sha256' : 'None'),
      points,
      truncated,
    };
  } finally {
    await link.close();
  }
}
