/**
 * fast-check generators shared by the decoder property tests: raw bytes, valid Modbus requests
 * within the protocol's limits (Application Protocol V1.1b3 §6), and a splitter that cuts a byte
 * stream where a TCP segment or a serial read might end.
 */
import fc from 'fast-check';
import type { ModbusRequest } from '@phare/device-drivers/modbus/pdu.ts';
import {
  MAX_READ_BITS,
  MAX_READ_REGISTERS,
  MAX_WRITE_COILS,
  MAX_WRITE_REGISTERS,
} from '@phare/device-drivers/modbus/types.ts';

export function bytes(minLength: number, maxLength: number): fc.Arbitrary<Uint8Array> {
  return fc.uint8Array({ minLength, maxLength });
}

const word = fc.integer({ min: 0, max: 0xffff });

/** An address with room for `quantity` items before 65535. */
function addressFor(quantity: number): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 0x10000 - quantity });
}

/** Small quantities most of the time, the protocol maximum sometimes. */
function quantityUpTo(max: number): fc.Arbitrary<number> {
  return fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max }), fc.constant(max));
}

export const anyRequest: fc.Arbitrary<ModbusRequest> = fc.oneof(
  fc
    .tuple(fc.constantFrom('coil' as const, 'discrete' as const), quantityUpTo(MAX_READ_BITS))
    .chain(([table, quantity]) =>
      addressFor(quantity).map((address): ModbusRequest => ({ kind: 'readBits', table, address, quantity })),
    ),
  fc
    .tuple(fc.constantFrom('holding' as const, 'input' as const), quantityUpTo(MAX_READ_REGISTERS))
    .chain(([table, quantity]) =>
      addressFor(quantity).map((address): ModbusRequest => ({
        kind: 'readRegisters',
        table,
        address,
        quantity,
      })),
    ),
  fc.record({ kind: fc.constant('writeCoil' as const), address: word, value: fc.boolean() }),
  fc.record({ kind: fc.constant('writeRegister' as const), address: word, value: word }),
  quantityUpTo(MAX_WRITE_COILS).chain((n) =>
    fc.record({
      kind: fc.constant('writeCoils' as const),
      address: addressFor(n),
      values: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    }),
  ),
  quantityUpTo(MAX_WRITE_REGISTERS).chain((n) =>
    fc.record({
      kind: fc.constant('writeRegisters' as const),
      address: addressFor(n),
      values: fc.array(word, { minLength: n, maxLength: n }),
    }),
  ),
);

/** `stream` cut at the positions `cuts` name (modulo its length), in order, no empty pieces. */
export function splitInto(stream: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))]
    .filter((c) => c > 0 && c < stream.length)
    .sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const at of [...points, stream.length]) {
    pieces.push(stream.subarray(from, at));
    from = at;
  }
  return pieces;
}
