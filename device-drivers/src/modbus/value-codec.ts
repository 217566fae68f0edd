/**
 * Register words ⇄ point values for one ModbusPointDef: integer and float types, word order,
 * bits inside a register, linear scaling (engineering = raw × scale + offset) and named codecs
 * (DALI level codecs, protocols.md §2.4: each gateway encodes a light level differently).
 *
 * Pure code. Decoding never throws for a value the device sent: a raw value a codec cannot map
 * becomes a `bad` reading, because the device answered and the other points of the request are fine.
 * Encoding throws OutOfRange for a value the register cannot hold.
 */
import { OutOfRange, NotSupported, PhareError } from '../errors.ts';
import type { PointValue, DriverPointInfo } from '../contract.ts';
import { levelCodec, LEVEL_CODEC_NAMES, type LevelCodec } from '../dali/level.ts';
import type { LevelCodecName } from '../dali/gateway-map.ts';
import type { ModbusPointDef, ModbusValueType } from './point-def.ts';

export function isBitTable(def: Pick<ModbusPointDef, 'table'>): boolean {
  return def.table === 'coil' || def.table === 'discrete';
}

/** Registers (or bits, for coil/discrete tables) one point occupies. */
export function widthOf(def: Pick<ModbusPointDef, 'table' | 'type'>): number {
  if (isBitTable(def)) return 1;
  return def.type === 'int32' || def.type === 'uint32' || def.type === 'float32' ? 2 : 1;
}

const RAW_RANGES: Record<ModbusValueType, { min: number; max: number }> = {
  int16: { min: -0x8000, max: 0x7fff },
  uint16: { min: 0, max: 0xffff },
  int32: { min: -0x80000000, max: 0x7fffffff },
  uint32: { min: 0, max: 0xffffffff },
  float32: { min: -3.4028234663852886e38, max: 3.4028234663852886e38 },
  bool: { min: 0, max: 1 },
  bitmap16: { min: 0, max: 0xffff },
};

export function namedCodec(name: string): LevelCodec {
  if (!(LEVEL_CODEC_NAMES as string[]).includes(name)) {
    throw new NotSupported(`unknown value codec "${name}"; known: ${LEVEL_CODEC_NAMES.join(', ')}`, {
      detail: { codec: name },
    });
  }
  return levelCodec(name as LevelCodecName);
}

/** How the point looks from above the driver: type and representable range. */
export function pointInfoOf(def: ModbusPointDef): DriverPointInfo {
  const info: DriverPointInfo = { id: def.id, type: 'number', access: def.access };
  if (def.pollGroup !== undefined) info.pollGroup = def.pollGroup;
  if (def.type === 'bool') return { ...info, type: 'boolean' };
  if (def.type === 'bitmap16') return { ...info, type: 'bitmap', range: { min: 0, max: 0xffff } };
  if (def.codec !== undefined) return { ...info, unit: '%', range: { min: 0, max: 100 } };
  const scale = def.scale ?? 1;
  const offset = def.offset ?? 0;
  const raw = RAW_RANGES[def.type];
  const ends = [tidy(raw.min * scale + offset), tidy(raw.max * scale + offset)];
  const integral = def.type !== 'float32' && Number.isInteger(scale) && Number.isInteger(offset);
  return {
    ...info,
    type: integral ? 'integer' : 'number',
    range: { min: Math.min(...ends), max: Math.max(...ends) },
  };
}

/** Removes binary noise of scaling (215 × 0.1 = 21.500000000000004) without touching real precision. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

function combine32(words: number[], def: ModbusPointDef): number {
  const [first = 0, second = 0] = words;
  const [high, low] = def.wordOrder === 'little' ? [second, first] : [first, second];
  return high * 0x10000 + low;
}

function split32(unsigned: number, def: ModbusPointDef): number[] {
  const high = Math.floor(unsigned / 0x10000) & 0xffff;
  const low = unsigned & 0xffff;
  return def.wordOrder === 'little' ? [low, high] : [high, low];
}

/**
 * Decodes one point from the words of a request starting at its own address.
 * Returns the value, or an error string when the device's value cannot be mapped.
 */
export function decodeRegisters(
  def: ModbusPointDef,
  words: number[],
): { value: PointValue; problem?: string } {
  const first = words[0] ?? 0;
  let raw: number;
  switch (def.type) {
    case 'bool':
      return { value: def.bit === undefined ? first !== 0 : ((first >> def.bit) & 1) === 1 };
    case 'bitmap16':
      return { value: first & 0xffff };
    case 'uint16':
      raw = first & 0xffff;
      break;
    case 'int16':
      raw = first & 0x8000 ? (first & 0xffff) - 0x10000 : first & 0xffff;
      break;
    case 'uint32':
      raw = combine32(words, def);
      break;
    case 'int32': {
      const unsigned = combine32(words, def);
      raw = unsigned >= 0x80000000 ? unsigned - 0x100000000 : unsigned;
      break;
    }
    case 'float32': {
      const view = new DataView(new ArrayBuffer(4));
      view.setUint32(0, combine32(words, def));
      raw = view.getFloat32(0);
      break;
    }
  }
  if (def.codec !== undefined) {
    try {
      return { value: namedCodec(def.codec).decode(raw) };
    } catch (error) {
      return { value: null, problem: error instanceof Error ? error.message : String(error) };
    }
  }
  if (def.scale === undefined && def.offset === undefined) return { value: raw };
  return { value: tidy(raw * (def.scale ?? 1) + (def.offset ?? 0)) };
}

export function decodeBit(def: ModbusPointDef, bit: boolean): PointValue {
  return def.type === 'bool' ? bit : bit ? 1 : 0;
}

function refuse(def: ModbusPointDef, value: PointValue, why: string, device?: string): never {
  throw new OutOfRange(
    `${device ?? 'device'} point ${def.id}: cannot write ${JSON.stringify(value)}: ${why}`,
    {
      ...(device ? { device } : {}),
      point: def.id,
      detail: { value, type: def.type, address: def.address, table: def.table },
    },
  );
}

/** Register words for a value, or OutOfRange when the register cannot hold it. */
export function encodeRegisters(def: ModbusPointDef, value: PointValue, device?: string): number[] {
  if (def.type === 'bool') {
    if (def.bit !== undefined) {
      // Writing one bit of a shared register needs a read-modify-write that is not atomic on Modbus.
      throw new NotSupported(
        `${device ?? 'device'} point ${def.id}: writing bit ${def.bit} of holding ${def.address} would overwrite its neighbours`,
        { ...(device ? { device } : {}), point: def.id },
      );
    }
    if (typeof value !== 'boolean' && value !== 0 && value !== 1)
      refuse(def, value, 'expected a boolean', device);
    return [value === true || value === 1 ? 1 : 0];
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) refuse(def, value, 'expected a number', device);
  let raw: number;
  if (def.codec !== undefined) {
    try {
      raw = namedCodec(def.codec).encode(value);
    } catch (error) {
      if (error instanceof PhareError && error.code === 'NOT_SUPPORTED') throw error;
      refuse(def, value, error instanceof Error ? error.message : String(error), device);
    }
  } else {
    const engineering = (value - (def.offset ?? 0)) / (def.scale ?? 1);
    raw = def.type === 'float32' ? engineering : Math.round(tidy(engineering));
  }
  const range = RAW_RANGES[def.type];
  if (raw < range.min || raw > range.max) {
    refuse(def, value, `raw ${raw} is outside ${def.type} ${range.min}…${range.max}`, device);
  }
  switch (def.type) {
    case 'int16':
    case 'uint16':
    case 'bitmap16':
      if (def.type === 'bitmap16' && !Number.isInteger(value))
        refuse(def, value, 'a bitmap is an integer', device);
      return [raw & 0xffff];
    case 'uint32':
      return split32(raw, def);
    case 'int32':
      return split32(raw < 0 ? raw + 0x100000000 : raw, def);
    case 'float32': {
      const view = new DataView(new ArrayBuffer(4));
      view.setFloat32(0, raw);
      return split32(view.getUint32(0), def);
    }
  }
}

export function encodeCoil(def: ModbusPointDef, value: PointValue, device?: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  return refuse(def, value, 'a coil takes true or false', device);
}
