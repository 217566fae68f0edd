/**
 * Profile-driven Modbus device driver: one unit id, points described by the profile
 * (ModbusPointDef), no register address in code (style.md principle 1).
 *
 * Follows the driver contract (../contract.ts): stateless between calls, so a reconnect only
 * needs a new ModbusClient. `planReads` merges contiguous points (read-plan.ts); `read` performs
 * exactly one Modbus request; `write` encodes and sends FC05/06/15/16 (write-plan.ts).
 * Errors name the device, the point or request, and keep the protocol's own detail
 * (Modbus exception code) from the client.
 */
import type {
  Driver,
  DriverPointInfo,
  PointReading,
  PointWrite,
  ReadRequest,
  WriteReport,
} from '../contract.ts';
import {
  ConfigInvalid,
  NotSupported,
  PhareError,
  UnknownPoint,
  asPhareError,
  ProtocolException,
  type ErrorContext,
} from '../errors.ts';
import type { ModbusClient } from './client-contract.ts';
import type { ModbusDeviceOptions, ModbusPointDef } from './point-def.ts';
import { planRanges, rangeKey, rangeOf, type PlanLimits } from './read-plan.ts';
import {
  decodeBit,
  decodeRegisters,
  encodeCoil,
  encodeRegisters,
  isBitTable,
  namedCodec,
  pointInfoOf,
  widthOf,
} from './value-codec.ts';
import {
  planCoilWrites,
  planRegisterWrites,
  type EncodedCoilWrite,
  type EncodedRegisterWrite,
} from './write-plan.ts';

/** Errors after which the rest of a write set is not sent: the link or the unit is not answering. */
const ABORTING_CODES = new Set(['TIMEOUT', 'DISCONNECTED', 'CANCELED']);

/** Re-creates a PhareError of the same class with the device, point and request in its message. */
export function withContext(error: unknown, where: string, context: ErrorContext): PhareError {
  const base = asPhareError(error, (message, ctx) => new ProtocolException(message, ctx));
  const Kind = base.constructor as new (message: string, ctx: ErrorContext) => PhareError;
  return new Kind(`${where}: ${base.message}`, {
    ...context,
    detail: { ...(base.detail ?? {}), ...(context.detail ?? {}) },
    cause: base,
  });
}

export class ModbusDeviceDriver implements Driver<ModbusClient> {
  readonly protocol = 'modbus';
  private readonly defs = new Map<string, ModbusPointDef>();
  private readonly limits: PlanLimits;
  private readonly device: string;

  constructor(private readonly options: ModbusDeviceOptions) {
    this.device = options.deviceId ?? `modbus unit ${options.unitId}`;
    this.limits = {
      maxGap: Math.max(0, options.maxGap ?? 0),
      maxRegistersPerRequest: options.maxRegistersPerRequest ?? 125,
      forbiddenRanges: options.forbiddenRanges ?? [],
    };
    for (const def of options.points) this.validate(def);
  }

  private validate(def: ModbusPointDef): void {
    const where = `${this.device} point ${def.id}`;
    if (this.defs.has(def.id))
      throw new ConfigInvalid(`${where}: defined twice`, { device: this.device, point: def.id });
    if (!Number.isInteger(def.address) || def.address < 0 || def.address + widthOf(def) - 1 > 0xffff) {
      throw new ConfigInvalid(`${where}: address ${def.address} is not a 0-based Modbus address 0–65535`, {
        device: this.device,
        point: def.id,
      });
    }
    if (isBitTable(def) && def.type !== 'bool') {
      throw new ConfigInvalid(`${where}: a ${def.table} holds single bits, so its type must be bool`, {
        device: this.device,
        point: def.id,
      });
    }
    if (def.bit !== undefined && (!Number.isInteger(def.bit) || def.bit < 0 || def.bit > 15)) {
      throw new ConfigInvalid(`${where}: bit must be 0–15`, { device: this.device, point: def.id });
    }
    if (def.codec !== undefined) namedCodec(def.codec);
    const end = def.address + widthOf(def) - 1;
    const forbidden = this.limits.forbiddenRanges.find(
      (range) => range.table === def.table && range.from <= end && range.to >= def.address,
    );
    if (forbidden) {
      throw new ConfigInvalid(
        `${where}: ${def.table} ${def.address} lies in the forbidden range ${forbidden.from}–${forbidden.to}`,
        { device: this.device, point: def.id },
      );
    }
    if (!isBitTable(def) && widthOf(def) > Math.min(125, this.limits.maxRegistersPerRequest)) {
      throw new ConfigInvalid(
        `${where}: a ${def.type} needs ${widthOf(def)} registers but requests are capped at ${this.limits.maxRegistersPerRequest}`,
        { device: this.device, point: def.id },
      );
    }
    this.defs.set(def.id, def);
  }

  points(): DriverPointInfo[] {
    return this.options.points.map(pointInfoOf);
  }

  /** The definition of a point, for adapters built on this driver (the DALI gateway). */
  definition(pointId: string): ModbusPointDef {
    const def = this.defs.get(pointId);
    if (!def) {
      throw new UnknownPoint(`${this.device} has no point "${pointId}"`, {
        device: this.device,
        point: pointId,
      });
    }
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
    return planRanges(defs, this.limits).map((range) => ({
      key: rangeKey(range.table, range.start, range.quantity, this.options.unitId),
      unit: String(this.options.unitId),
      points: range.points,
    }));
  }

  async read(client: ModbusClient, request: ReadRequest): Promise<PointReading[]> {
    const defs = request.points.map((id) => this.definition(id));
    if (defs.length === 0) return [];
    const { table, start, quantity } = rangeOf(defs);
    if (defs.some((def) => def.table !== table)) {
      throw new ConfigInvalid(`${this.device} request ${request.key} mixes register tables`, {
        device: this.device,
      });
    }
    const where = `${this.device} read ${rangeKey(table, start, quantity, this.options.unitId)}`;
    const context: ErrorContext = {
      device: this.device,
      detail: { unit: this.options.unitId, table, address: start, quantity, points: request.points },
    };
    if (table === 'coil' || table === 'discrete') {
      let bits: boolean[];
      try {
        bits = await client.readBits(this.options.unitId, table, start, quantity);
      } catch (error) {
        throw withContext(error, where, context);
      }
      this.checkLength(bits.length, quantity, where, context);
      return defs.map((def) => ({
        point: def.id,
        value: decodeBit(def, bits[def.address - start] ?? false),
      }));
    }
    let words: number[];
    try {
      words = await client.readRegisters(this.options.unitId, table, start, quantity);
    } catch (error) {
      throw withContext(error, where, context);
    }
    this.checkLength(words.length, quantity, where, context);
    return defs.map((def) => {
      const offset = def.address - start;
      const decoded = decodeRegisters(def, words.slice(offset, offset + widthOf(def)));
      return decoded.problem === undefined
        ? { point: def.id, value: decoded.value }
        : { point: def.id, value: null, quality: 'bad' as const };
    });
  }

  private checkLength(got: number, expected: number, where: string, context: ErrorContext): void {
    if (got < expected) {
      throw new ProtocolException(`${where}: expected ${expected} values, the device sent ${got}`, context);
    }
  }

  async write(client: ModbusClient, writes: PointWrite[]): Promise<WriteReport> {
    const failures = new Map<string, Error>();
    const latest = new Map<string, PointWrite>();
    for (const write of writes) latest.set(write.point, write);

    const registerWrites: EncodedRegisterWrite[] = [];
    const coilWrites: EncodedCoilWrite[] = [];
    for (const { point, value } of latest.values()) {
      try {
        const def = this.definition(point);
        if (def.access === 'read' || def.table === 'input' || def.table === 'discrete') {
          throw new NotSupported(`${this.device} point ${point} is read-only (${def.table} ${def.address})`, {
            device: this.device,
            point,
          });
        }
        if (def.table === 'coil')
          coilWrites.push({ point, address: def.address, bit: encodeCoil(def, value, this.device) });
        else
          registerWrites.push({
            point,
            address: def.address,
            words: encodeRegisters(def, value, this.device),
          });
      } catch (error) {
        failures.set(point, error instanceof Error ? error : new Error(String(error)));
      }
    }

    const commands: string[] = [];
    const unit = this.options.unitId;
    const blocks = [
      ...planRegisterWrites(registerWrites, this.options.writeFunction ?? 'auto').map((block) => ({
        points: block.points,
        describe: () =>
          block.fc === 6
            ? `FC06 holding ${block.address} ← ${block.values[0]} (unit ${unit})`
            : `FC16 holding ${block.address}..${block.address + block.values.length - 1} ← [${block.values.join(', ')}] (unit ${unit})`,
        send: () =>
          block.fc === 6
            ? client.writeRegister(unit, block.address, block.values[0]!)
            : client.writeRegisters(unit, block.address, block.values),
      })),
      ...planCoilWrites(coilWrites).map((block) => ({
        points: block.points,
        describe: () =>
          `FC${block.fc === 5 ? '05' : '15'} coil ${block.address}${block.values.length > 1 ? `..${block.address + block.values.length - 1}` : ''} ← ${block.values.map((bit) => (bit ? 1 : 0)).join(', ')} (unit ${unit})`,
        send: () => client.writeCoils(unit, block.address, block.values),
      })),
    ];

    let abortedBy: PhareError | undefined;
    for (const block of blocks) {
      const text = block.describe();
      if (abortedBy) {
        for (const point of block.points) failures.set(point, abortedBy);
        continue;
      }
      try {
        await block.send();
        commands.push(text);
      } catch (error) {
        const wrapped = withContext(error, `${this.device} write ${text} (${block.points.join(', ')})`, {
          device: this.device,
          ...(block.points.length === 1 ? { point: block.points[0] } : {}),
          detail: { points: block.points },
        });
        for (const point of block.points) failures.set(point, wrapped);
        if (ABORTING_CODES.has(wrapped.code)) abortedBy = wrapped;
      }
    }

    return {
      outcomes: writes.map(({ point }) => {
        const error = failures.get(point);
        return error ? { point, ok: false, error } : { point, ok: true };
      }),
      commands,
    };
  }
}
