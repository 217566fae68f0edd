/**
 * Modbus PDU codec (function code + data), shared by the client (drivers) and the server framing
 * (simulators). Framing around it (MBAP for TCP, address + CRC for RTU) lives in mbap.ts and rtu.ts.
 * Source: Modbus Application Protocol V1.1b3 §6.1–§6.12 (request and response layouts, quantity
 * limits, the exception each server-side check answers with, figures 9–20 state diagrams).
 */
import {
  ExceptionCode,
  FunctionCode,
  MAX_READ_BITS,
  MAX_READ_REGISTERS,
  MAX_WRITE_COILS,
  MAX_WRITE_REGISTERS,
  type ExceptionCodeValue,
} from './types.ts';

export type ModbusRequest =
  | { kind: 'readBits'; table: 'coil' | 'discrete'; address: number; quantity: number }
  | { kind: 'readRegisters'; table: 'holding' | 'input'; address: number; quantity: number }
  | { kind: 'writeCoil'; address: number; value: boolean }
  | { kind: 'writeRegister'; address: number; value: number }
  | { kind: 'writeCoils'; address: number; values: boolean[] }
  | { kind: 'writeRegisters'; address: number; values: number[] };

export type ModbusResponse =
  | { kind: 'bits'; values: boolean[] }
  | { kind: 'registers'; values: number[] }
  | { kind: 'written' }
  | { kind: 'exception'; exceptionCode: number }
  | { kind: 'malformed'; reason: string };

export type DecodedRequest =
  | { ok: true; request: ModbusRequest }
  | { ok: false; functionCode: number; exceptionCode: ExceptionCodeValue };

/** Coil ON/OFF encodings of FC05 (Application Protocol §6.5): anything else is ILLEGAL DATA VALUE. */
const COIL_ON = 0xff00;
const COIL_OFF = 0x0000;

export function functionCodeOf(request: ModbusRequest): number {
  switch (request.kind) {
    case 'readBits':
      return request.table === 'coil' ? FunctionCode.ReadCoils : FunctionCode.ReadDiscreteInputs;
    case 'readRegisters':
      return request.table === 'holding'
        ? FunctionCode.ReadHoldingRegisters
        : FunctionCode.ReadInputRegisters;
    case 'writeCoil':
      return FunctionCode.WriteSingleCoil;
    case 'writeRegister':
      return FunctionCode.WriteSingleRegister;
    case 'writeCoils':
      return FunctionCode.WriteMultipleCoils;
    case 'writeRegisters':
      return FunctionCode.WriteMultipleRegisters;
  }
}

/** Number of registers or bits the request touches. */
export function quantityOf(request: ModbusRequest): number {
  switch (request.kind) {
    case 'readBits':
    case 'readRegisters':
      return request.quantity;
    case 'writeCoil':
    case 'writeRegister':
      return 1;
    case 'writeCoils':
    case 'writeRegisters':
      return request.values.length;
  }
}

/** `FC03 unit 1 address 106 qty 1`, the way error messages and logs name a request. */
export function describeRequest(unit: number, request: ModbusRequest): string {
  const fc = `FC${functionCodeOf(request).toString(16).padStart(2, '0').toUpperCase()}`;
  const what =
    request.kind === 'writeRegister'
      ? `value ${request.value}`
      : request.kind === 'writeCoil'
        ? `value ${request.value ? 'ON' : 'OFF'}`
        : `qty ${quantityOf(request)}`;
  return `${fc} unit ${unit} address ${request.address} ${what}`;
}

export function encodeRequestPdu(request: ModbusRequest): Buffer {
  const fc = functionCodeOf(request);
  switch (request.kind) {
    case 'readBits':
    case 'readRegisters':
      return header(fc, request.address, request.quantity);
    case 'writeCoil':
      return header(fc, request.address, request.value ? COIL_ON : COIL_OFF);
    case 'writeRegister':
      return header(fc, request.address, request.value);
    case 'writeCoils': {
      const bits = packBits(request.values);
      return Buffer.concat([
        header(fc, request.address, request.values.length),
        Buffer.of(bits.length),
        bits,
      ]);
    }
    case 'writeRegisters': {
      const words = packWords(request.values);
      return Buffer.concat([
        header(fc, request.address, request.values.length),
        Buffer.of(words.length),
        words,
      ]);
    }
  }
}

/**
 * Server side: parse a request PDU and apply the checks of the spec's state diagrams in their order:
 * function supported (01), quantity and byte count sane (03), address + quantity within 0–65535 (02).
 * Whether the address exists on the device is the unit handler's business.
 */
export function decodeRequestPdu(pdu: Uint8Array): DecodedRequest {
  const fc = pdu[0] ?? 0;
  const refuse = (exceptionCode: ExceptionCodeValue): DecodedRequest => ({
    ok: false,
    functionCode: fc,
    exceptionCode,
  });
  const view = Buffer.from(pdu.buffer, pdu.byteOffset, pdu.byteLength);
  const known = Object.values(FunctionCode) as number[];
  if (!known.includes(fc)) return refuse(ExceptionCode.IllegalFunction);
  if (view.length < 5) return refuse(ExceptionCode.IllegalDataValue);
  const address = view.readUInt16BE(1);
  const field = view.readUInt16BE(3);
  const within = (quantity: number): boolean => address + quantity <= 0x10000;

  switch (fc) {
    case FunctionCode.ReadCoils:
    case FunctionCode.ReadDiscreteInputs: {
      if (view.length !== 5 || field < 1 || field > MAX_READ_BITS)
        return refuse(ExceptionCode.IllegalDataValue);
      if (!within(field)) return refuse(ExceptionCode.IllegalDataAddress);
      const table = fc === FunctionCode.ReadCoils ? 'coil' : 'discrete';
      return { ok: true, request: { kind: 'readBits', table, address, quantity: field } };
    }
    case FunctionCode.ReadHoldingRegisters:
    case FunctionCode.ReadInputRegisters: {
      if (view.length !== 5 || field < 1 || field > MAX_READ_REGISTERS)
        return refuse(ExceptionCode.IllegalDataValue);
      if (!within(field)) return refuse(ExceptionCode.IllegalDataAddress);
      const table = fc === FunctionCode.ReadHoldingRegisters ? 'holding' : 'input';
      return { ok: true, request: { kind: 'readRegisters', table, address, quantity: field } };
    }
    case FunctionCode.WriteSingleCoil:
      if (view.length !== 5 || (field !== COIL_ON && field !== COIL_OFF))
        return refuse(ExceptionCode.IllegalDataValue);
      return { ok: true, request: { kind: 'writeCoil', address, value: field === COIL_ON } };
    case FunctionCode.WriteSingleRegister:
      if (view.length !== 5) return refuse(ExceptionCode.IllegalDataValue);
      return { ok: true, request: { kind: 'writeRegister', address, value: field } };
    case FunctionCode.WriteMultipleCoils: {
      const byteCount = view[5];
      if (
        field < 1 ||
        field > MAX_WRITE_COILS ||
        byteCount !== Math.ceil(field / 8) ||
        view.length !== 6 + byteCount
      )
        return refuse(ExceptionCode.IllegalDataValue);
      if (!within(field)) return refuse(ExceptionCode.IllegalDataAddress);
      return {
        ok: true,
        request: { kind: 'writeCoils', address, values: unpackBits(view.subarray(6), field) },
      };
    }
    default: {
      // FC16, the last known function code.
      const byteCount = view[5];
      if (
        field < 1 ||
        field > MAX_WRITE_REGISTERS ||
        byteCount !== field * 2 ||
        view.length !== 6 + byteCount
      )
        return refuse(ExceptionCode.IllegalDataValue);
      if (!within(field)) return refuse(ExceptionCode.IllegalDataAddress);
      return {
        ok: true,
        request: { kind: 'writeRegisters', address, values: unpackWords(view.subarray(6), field) },
      };
    }
  }
}

/** Server side: the normal response to `request`; reads need the values the unit handler returned. */
export function encodeResponsePdu(
  request: ModbusRequest,
  values?: readonly number[] | readonly boolean[],
): Buffer {
  const fc = functionCodeOf(request);
  switch (request.kind) {
    case 'readBits': {
      const bits = packBits((values ?? []) as boolean[], request.quantity);
      return Buffer.concat([Buffer.of(fc, bits.length), bits]);
    }
    case 'readRegisters': {
      const words = packWords((values ?? []) as number[], request.quantity);
      return Buffer.concat([Buffer.of(fc, words.length), words]);
    }
    case 'writeCoil':
    case 'writeRegister':
      // FC05/FC06 echo the request (Application Protocol §6.5, §6.6).
      return encodeRequestPdu(request);
    case 'writeCoils':
    case 'writeRegisters':
      return header(fc, request.address, request.values.length);
  }
}

export function encodeExceptionPdu(functionCode: number, exceptionCode: number): Buffer {
  return Buffer.of((functionCode | 0x80) & 0xff, exceptionCode);
}

/** Client side: interpret the response PDU to `request`, checking it really answers that request. */
export function decodeResponsePdu(request: ModbusRequest, pdu: Uint8Array): ModbusResponse {
  const fc = functionCodeOf(request);
  const view = Buffer.from(pdu.buffer, pdu.byteOffset, pdu.byteLength);
  const got = view[0];
  if (got === (fc | 0x80)) {
    if (view.length !== 2) return { kind: 'malformed', reason: `exception response of ${view.length} bytes` };
    return { kind: 'exception', exceptionCode: view[1]! };
  }
  if (got !== fc) return { kind: 'malformed', reason: `function code ${hex(got)} answers ${hex(fc)}` };
  switch (request.kind) {
    case 'readBits': {
      const expected = Math.ceil(request.quantity / 8);
      if (view[1] !== expected || view.length !== 2 + expected)
        return { kind: 'malformed', reason: `byte count ${view[1]} for ${request.quantity} bits` };
      return { kind: 'bits', values: unpackBits(view.subarray(2), request.quantity) };
    }
    case 'readRegisters': {
      const expected = request.quantity * 2;
      if (view[1] !== expected || view.length !== 2 + expected)
        return { kind: 'malformed', reason: `byte count ${view[1]} for ${request.quantity} registers` };
      return { kind: 'registers', values: unpackWords(view.subarray(2), request.quantity) };
    }
    case 'writeCoil':
    case 'writeRegister':
    case 'writeCoils':
    case 'writeRegisters': {
      const echo = encodeResponsePdu(request);
      if (!view.equals(echo))
        return { kind: 'malformed', reason: `write echo ${view.toString('hex')} differs` };
      return { kind: 'written' };
    }
  }
}

function header(fc: number, address: number, field: number): Buffer {
  const pdu = Buffer.allocUnsafe(5);
  pdu[0] = fc;
  pdu.writeUInt16BE(address, 1);
  pdu.writeUInt16BE(field, 3);
  return pdu;
}

/** Bits LSB first in each byte, first bit in the first byte (Application Protocol §6.1, §6.11). */
function packBits(values: readonly boolean[], count = values.length): Buffer {
  const bytes = Buffer.alloc(Math.ceil(count / 8));
  for (let i = 0; i < count; i++) if (values[i]) bytes[i >> 3]! |= 1 << (i & 7);
  return bytes;
}

function unpackBits(bytes: Uint8Array, count: number): boolean[] {
  const values = new Array<boolean>(count);
  for (let i = 0; i < count; i++) values[i] = ((bytes[i >> 3] ?? 0) & (1 << (i & 7))) !== 0;
  return values;
}

function packWords(values: readonly number[], count = values.length): Buffer {
  const bytes = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) bytes.writeUInt16BE((values[i] ?? 0) & 0xffff, i * 2);
  return bytes;
}

function unpackWords(bytes: Buffer, count: number): number[] {
  const values = new Array<number>(count);
  for (let i = 0; i < count; i++) values[i] = bytes.readUInt16BE(i * 2);
  return values;
}

function hex(byte: number | undefined): string {
  return `0x${(byte ?? 0).toString(16).padStart(2, '0').toUpperCase()}`;
}
