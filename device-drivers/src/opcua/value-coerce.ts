/**
 * Values between Phare (number | boolean | string | null) and OPC-UA Variants.
 *
 * Writes are coerced to the node's own DataType (read once by the driver): a server answers
 * BadTypeMismatch to a Double written into an Int16 (OPC UA Part 4 §5.10.4), so the driver converts,
 * and refuses with OutOfRange what the type cannot hold instead of letting the server truncate.
 */
import { DataType, Variant } from 'node-opcua';
import type { PointValue } from '../contract.ts';
import { NotSupported, OutOfRange, type ErrorContext } from '../errors.ts';

const INTEGER_BOUNDS: Partial<Record<DataType, [number, number]>> = {
  [DataType.SByte]: [-128, 127],
  [DataType.Byte]: [0, 255],
  [DataType.Int16]: [-32768, 32767],
  [DataType.UInt16]: [0, 65535],
  [DataType.Int32]: [-2147483648, 2147483647],
  [DataType.UInt32]: [0, 4294967295],
};
const FLOAT_MAX = 3.4028234663852886e38;

export function coerceToVariant(
  value: PointValue,
  dataType: DataType,
  where: string,
  context: ErrorContext,
): Variant {
  const refuse = (why: string): never => {
    throw new OutOfRange(`${where}: ${JSON.stringify(value)} ${why}`, {
      ...context,
      detail: { ...(context.detail ?? {}), dataType: DataType[dataType] },
    });
  };
  const numeric = (): number => {
    if (typeof value === 'number') return value;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
      return Number(value);
    return refuse(`is not a number, and the node holds ${DataType[dataType]}`);
  };
  if (value === null) return refuse('cannot be written: a value is required');
  switch (dataType) {
    case DataType.Boolean: {
      if (typeof value === 'boolean') return new Variant({ dataType, value });
      if (value === 0 || value === 1 || value === 'true' || value === 'false') {
        return new Variant({ dataType, value: value === 1 || value === 'true' });
      }
      return refuse('is not a boolean (true/false, 0/1)');
    }
    case DataType.Float:
    case DataType.Double: {
      const number = numeric();
      if (!Number.isFinite(number)) return refuse('is not a finite number');
      if (dataType === DataType.Float && Math.abs(number) > FLOAT_MAX) return refuse('does not fit a Float');
      return new Variant({ dataType, value: number });
    }
    case DataType.String:
      return new Variant({ dataType, value: String(value) });
    default: {
      const bounds = INTEGER_BOUNDS[dataType];
      if (!bounds) {
        throw new NotSupported(`${where}: writing a ${DataType[dataType]} node is not supported`, {
          ...context,
          detail: { ...(context.detail ?? {}), dataType: DataType[dataType] },
        });
      }
      const number = numeric();
      if (!Number.isInteger(number))
        return refuse(`is not an integer, and the node holds ${DataType[dataType]}`);
      if (number < bounds[0] || number > bounds[1]) {
        return refuse(`does not fit ${DataType[dataType]} (${bounds[0]}–${bounds[1]})`);
      }
      return new Variant({ dataType, value: number });
    }
  }
}

/** A Variant's value as a Phare point value (Int64 [hi, lo] pairs, texts and dates flattened). */
export function pointValueOf(variant: Variant): PointValue {
  const value: unknown = variant.value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (variant.dataType === DataType.Int64 || variant.dataType === DataType.UInt64) {
    const [high, low] = value as [number, number];
    return high * 2 ** 32 + low;
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text ?? '');
  return JSON.stringify(value);
}

/** The built-in DataType for a DataType NodeId of namespace 0 (ids 1–25 are the built-ins). */
export function builtInDataType(namespace: number, id: unknown): DataType | undefined {
  if (namespace !== 0 || typeof id !== 'number') return undefined;
  if (id >= 1 && id <= 25) return id as DataType;
  if (id === 290) return DataType.Double; // Duration
  if (id === 294) return DataType.DateTime; // UtcTime
  return undefined;
}
