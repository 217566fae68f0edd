/**
 * What a profile says about one OPC-UA point (hardware/profiles/<vendor>/<model>.yaml, `points:` of an
 * `opcua-controller`): where the node is and what it holds. Exactly one of `nodeId` or `browsePath`.
 */

/** Built-in DataTypes a profile may name (OPC UA Part 6 §5.1.2). */
export const OPCUA_DATA_TYPES = [
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
export type OpcuaDataTypeName = (typeof OPCUA_DATA_TYPES)[number];

export interface OpcuaPointDef {
  /** Local point id within the device, e.g. `zone1.temperature`. */
  id: string;
  /** e.g. `ns=1;s=Building.Zone1.Temperature` or `ns=4;s=|var|PFC200.Application.GVL.rTemp`. */
  nodeId?: string;
  /**
   * Relative to the RootFolder, with namespace indexes, as in OPC UA Part 4 Annex A.2:
   * `/Objects/1:Building/1:Zone1/1:Temperature`. Resolved once per link (TranslateBrowsePaths).
   */
  browsePath?: string;
  /** Expected DataType; a write is coerced to the type the server reports in any case. */
  dataType?: OpcuaDataTypeName;
  access: 'read' | 'write' | 'readwrite';
  /** UCUM. */
  unit?: string;
  range?: { min: number; max: number };
  /** Sampling interval of the monitored item, ms (default: the link's). */
  samplingIntervalMs?: number;
}

export interface OpcuaDeviceOptions {
  deviceId?: string;
  points: OpcuaPointDef[];
  /** Nodes per Read request (servers advertise MaxNodesPerRead; 100 is accepted by all we know). */
  maxNodesPerRead?: number;
}
