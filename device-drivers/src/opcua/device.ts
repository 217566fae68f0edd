/**
 * Profile-driven OPC-UA device driver (contract.ts): points by NodeId or browse path, values pushed
 * by monitored items (`subscribe`), reads for the first value and for polling fallbacks, writes
 * coerced to each node's DataType.
 *
 * Stateless towards the connection, as the contract asks: what it learns from a server (NodeIds
 * resolved from browse paths) is cached per link in a WeakMap, so a new link starts afresh.
 * DataTypes are cached per NodeId for the life of the driver (a node's DataType does not change).
 * StatusCodes: Good → quality good; Uncertain/Bad → quality bad; a Bad write or call → a typed
 * error (status-errors.ts), BadNodeIdUnknown on read → UnknownPoint naming the point.
 */
import {
  AttributeIds,
  DataType,
  makeBrowsePath,
  resolveNodeId,
  type DataValue,
  type Variant,
} from 'node-opcua';
import type {
  Driver,
  DriverPointInfo,
  PointReading,
  PointSubscription,
  PointWrite,
  ReadRequest,
  WriteOutcome,
  WriteReport,
} from '../contract.ts';
import { ConfigInvalid, NotSupported, PhareError, UnknownPoint } from '../errors.ts';
import type { OpcuaLink } from './link.ts';
import type { OpcuaDataTypeName, OpcuaDeviceOptions, OpcuaPointDef } from './point-def.ts';
import { errorForStatus, qualityOf, wrapOpcuaError } from './status-errors.ts';
import { builtInDataType, coerceToVariant, pointValueOf } from './value-coerce.ts';

const ABORTING_CODES = new Set(['TIMEOUT', 'DISCONNECTED', 'CANCELED']);

function infoType(dataType: OpcuaDataTypeName | undefined): DriverPointInfo['type'] {
  if (dataType === 'Boolean') return 'boolean';
  if (dataType === 'String') return 'string';
  if (dataType === undefined || dataType === 'Float' || dataType === 'Double') return 'number';
  return 'integer';
}

export class OpcuaDeviceDriver implements Driver<OpcuaLink> {
  readonly protocol = 'opcua';
  private readonly defs = new Map<string, OpcuaPointDef>();
  private readonly dataTypes = new Map<string, DataType>();
  private readonly resolvedByLink = new WeakMap<OpcuaLink, Map<string, string>>();
  private readonly device: string;

  constructor(private readonly options: OpcuaDeviceOptions) {
    this.device = options.deviceId ?? 'opcua device';
    for (const def of options.points) this.validate(def);
  }

  private validate(def: OpcuaPointDef): void {
    const ctx = { device: this.device, point: def.id };
    const where = `${this.device} point ${def.id}`;
    if (this.defs.has(def.id)) throw new ConfigInvalid(`${where}: defined twice`, ctx);
    if ((def.nodeId === undefined) === (def.browsePath === undefined)) {
      throw new ConfigInvalid(`${where}: give exactly one of nodeId or browsePath`, ctx);
    }
    if (def.nodeId !== undefined) {
      try {
        resolveNodeId(def.nodeId);
      } catch (error) {
        throw new ConfigInvalid(
          `${where}: nodeId "${def.nodeId}" is not an OPC-UA NodeId (e.g. ns=1;s=Zone1.Temperature)`,
          {
            ...ctx,
            cause: error,
          },
        );
      }
    }
    if (def.browsePath !== undefined && !def.browsePath.startsWith('/')) {
      throw new ConfigInvalid(
        `${where}: browsePath must start at the RootFolder, e.g. /Objects/1:Building/1:Zone1`,
        ctx,
      );
    }
    this.defs.set(def.id, def);
  }

  points(): DriverPointInfo[] {
    return this.options.points.map((def) => ({
      id: def.id,
      type: infoType(def.dataType),
      access: def.access,
      ...(def.unit ? { unit: def.unit } : {}),
      ...(def.range ? { range: def.range } : {}),
    }));
  }

  definition(pointId: string): OpcuaPointDef {
    const def = this.defs.get(pointId);
    if (!def)
      throw new UnknownPoint(`${this.device} has no point "${pointId}"`, {
        device: this.device,
        point: pointId,
      });
    return def;
  }

  planReads(pointIds: string[]): ReadRequest[] {
    const defs = [...new Set(pointIds)].map((id) => this.definition(id));
    const writeOnly = defs.find((def) => def.access === 'write');
    if (writeOnly) {
      throw new NotSupported(`${this.device} point ${writeOnly.id} is write-only and cannot be read`, {
        device: this.device,
        point: writeOnly.id,
      });
    }
    const size = Math.max(1, this.options.maxNodesPerRead ?? 100);
    const requests: ReadRequest[] = [];
    for (let i = 0; i < defs.length; i += size) {
      const chunk = defs.slice(i, i + size).map((def) => def.id);
      requests.push({ key: `read ${chunk.length} node(s) from ${chunk[0]}`, unit: 'opcua', points: chunk });
    }
    return requests;
  }

  /** The NodeId of a point on this link (browse paths translated once per link). */
  async nodeIdOf(link: OpcuaLink, pointId: string): Promise<string> {
    const def = this.definition(pointId);
    if (def.nodeId !== undefined) return def.nodeId;
    const path = def.browsePath!;
    let cache = this.resolvedByLink.get(link);
    if (!cache) this.resolvedByLink.set(link, (cache = new Map()));
    const known = cache.get(path);
    if (known) return known;
    const where = `${this.device} point ${pointId}: translate browse path ${path}`;
    const result = await link.request(where, (session) =>
      session.translateBrowsePath(makeBrowsePath('RootFolder', path)),
    );
    const target = result.targets?.[0]?.targetId;
    if (!result.statusCode.isGood() || !target) {
      throw new UnknownPoint(
        `${where}: ${result.statusCode.name}; check the path against a browse of the server`,
        {
          device: this.device,
          point: pointId,
          detail: { statusCode: result.statusCode.name, browsePath: path },
        },
      );
    }
    const nodeId = target.toString();
    cache.set(path, nodeId);
    return nodeId;
  }

  async read(link: OpcuaLink, request: ReadRequest): Promise<PointReading[]> {
    const nodeIds = await Promise.all(request.points.map((id) => this.nodeIdOf(link, id)));
    const values = await link.request(`${this.device}: ${request.key}`, (session) =>
      session.read(nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value }))),
    );
    return values.map((dataValue, i) => {
      const point = request.points[i]!;
      if (dataValue.statusCode.name === 'BadNodeIdUnknown') {
        throw errorForStatus(dataValue.statusCode, `${this.device} point ${point}: read ${nodeIds[i]}`, {
          device: this.device,
          point,
        });
      }
      return this.readingOf(point, dataValue);
    });
  }

  private readingOf(point: string, dataValue: DataValue): PointReading {
    const good = dataValue.statusCode.isGood();
    return {
      point,
      value: good ? pointValueOf(dataValue.value) : null,
      quality: qualityOf(dataValue.statusCode),
      ...(dataValue.sourceTimestamp ? { sourceTime: dataValue.sourceTimestamp.getTime() } : {}),
    };
  }

  /** The node's built-in DataType, read once (DataType attribute, or the current value's type). */
  private async dataTypeOf(link: OpcuaLink, nodeId: string, point: string): Promise<DataType> {
    const cached = this.dataTypes.get(nodeId);
    if (cached !== undefined) return cached;
    const [typeAttribute, value] = await link.request(
      `${this.device} point ${point}: read DataType of ${nodeId}`,
      (session) =>
        session.read([
          { nodeId, attributeId: AttributeIds.DataType },
          { nodeId, attributeId: AttributeIds.Value },
        ]),
    );
    if (!typeAttribute!.statusCode.isGood()) {
      throw errorForStatus(
        typeAttribute!.statusCode,
        `${this.device} point ${point}: read DataType of ${nodeId}`,
        {
          device: this.device,
          point,
        },
      );
    }
    const typeNode = typeAttribute!.value.value as { namespace: number; value: unknown } | null;
    const dataType =
      (typeNode ? builtInDataType(typeNode.namespace, typeNode.value) : undefined) ??
      (value!.value.dataType !== DataType.Null ? value!.value.dataType : undefined);
    if (dataType === undefined) {
      throw new NotSupported(
        `${this.device} point ${point}: cannot tell the DataType of ${nodeId} (${String(typeNode)})`,
        {
          device: this.device,
          point,
        },
      );
    }
    this.dataTypes.set(nodeId, dataType);
    return dataType;
  }

  async write(link: OpcuaLink, writes: PointWrite[]): Promise<WriteReport> {
    const outcomes: WriteOutcome[] = [];
    const commands: string[] = [];
    let abort: PhareError | undefined;
    for (const { point, value } of writes) {
      if (abort) {
        outcomes.push({ point, ok: false, error: abort });
        continue;
      }
      try {
        const def = this.definition(point);
        const ctx = { device: this.device, point };
        if (def.access === 'read') throw new NotSupported(`${this.device} point ${point} is read-only`, ctx);
        const nodeId = await this.nodeIdOf(link, point);
        const dataType = await this.dataTypeOf(link, nodeId, point);
        const where = `${this.device} point ${point}: write ${JSON.stringify(value)} to ${nodeId}`;
        const variant = coerceToVariant(value, dataType, where, ctx);
        const status = await link.request(where, (session) =>
          session.write({ nodeId, attributeId: AttributeIds.Value, value: { value: variant } }),
        );
        commands.push(
          `write ${nodeId} = ${JSON.stringify(variant.value)} (${DataType[dataType]}): ${status.name}`,
        );
        if (!status.isGood()) throw errorForStatus(status, where, ctx);
        outcomes.push({ point, ok: true });
      } catch (error) {
        const typed = wrapOpcuaError(error, `${this.device} point ${point}`, { device: this.device, point });
        outcomes.push({ point, ok: false, error: typed });
        if (ABORTING_CODES.has(typed.code)) abort = typed;
      }
    }
    return { outcomes, commands };
  }

  async subscribe(
    link: OpcuaLink,
    pointIds: string[],
    onChange: (reading: PointReading) => void,
  ): Promise<PointSubscription> {
    const removers: Array<() => Promise<void>> = [];
    const close = async (): Promise<void> => {
      await Promise.all(removers.splice(0).map((remove) => remove()));
    };
    try {
      for (const point of new Set(pointIds)) {
        const def = this.definition(point);
        const nodeId = await this.nodeIdOf(link, point);
        const listener = (dataValue: DataValue): void => onChange(this.readingOf(point, dataValue));
        removers.push(await link.monitor(nodeId, listener, def.samplingIntervalMs));
      }
    } catch (error) {
      await close();
      throw wrapOpcuaError(error, `${this.device}: subscribe`, { device: this.device });
    }
    return { close };
  }

  /**
   * Calls a method (e.g. the building controller's `SetMode`): the inputs are coerced to the
   * method's declared argument types. Resolves with the output arguments' values.
   */
  async callMethod(
    link: OpcuaLink,
    objectId: string,
    methodId: string,
    inputs: Array<{ dataType: OpcuaDataTypeName; value: PointValueInput }>,
  ): Promise<Array<ReturnType<typeof pointValueOf>>> {
    const where = `${this.device}: call ${methodId}(${inputs.map((i) => JSON.stringify(i.value)).join(', ')})`;
    const ctx = { device: this.device, detail: { method: methodId } };
    const inputArguments: Variant[] = inputs.map((input) =>
      coerceToVariant(input.value, DataType[input.dataType], where, ctx),
    );
    const result = await link.request(where, (session) =>
      session.call({ objectId, methodId, inputArguments }),
    );
    if (!result.statusCode.isGood()) throw errorForStatus(result.statusCode, where, ctx);
    return (result.outputArguments ?? []).map(pointValueOf);
  }
}

type PointValueInput = number | boolean | string;
