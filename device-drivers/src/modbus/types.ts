/**
 * Modbus vocabulary shared by the client (drivers) and the server framing (simulators).
 * Source: Modbus Application Protocol V1.1b3 (function codes §6, exception codes §7, limits §6.3/§6.12).
 */

export type RegisterTable = 'holding' | 'input' | 'coil' | 'discrete';

export const FunctionCode = {
  ReadCoils: 0x01,
  ReadDiscreteInputs: 0x02,
  ReadHoldingRegisters: 0x03,
  ReadInputRegisters: 0x04,
  WriteSingleCoil: 0x05,
  WriteSingleRegister: 0x06,
  WriteMultipleCoils: 0x0f,
  WriteMultipleRegisters: 0x10,
} as const;

export const ExceptionCode = {
  IllegalFunction: 0x01,
  IllegalDataAddress: 0x02,
  IllegalDataValue: 0x03,
  ServerDeviceFailure: 0x04,
  Acknowledge: 0x05,
  ServerDeviceBusy: 0x06,
  MemoryParityError: 0x08,
  GatewayPathUnavailable: 0x0a,
  GatewayTargetFailedToRespond: 0x0b,
} as const;
export type ExceptionCodeValue = (typeof ExceptionCode)[keyof typeof ExceptionCode];

export const EXCEPTION_NAMES: Record<number, string> = {
  0x01: 'ILLEGAL FUNCTION',
  0x02: 'ILLEGAL DATA ADDRESS',
  0x03: 'ILLEGAL DATA VALUE',
  0x04: 'SERVER DEVICE FAILURE',
  0x05: 'ACKNOWLEDGE',
  0x06: 'SERVER DEVICE BUSY',
  0x08: 'MEMORY PARITY ERROR',
  0x0a: 'GATEWAY PATH UNAVAILABLE',
  0x0b: 'GATEWAY TARGET DEVICE FAILED TO RESPOND',
};

/** Protocol quantity limits per request (Application Protocol §6.3, §6.4, §6.12). */
export const MAX_READ_REGISTERS = 125;
export const MAX_WRITE_REGISTERS = 123;
export const MAX_READ_BITS = 2000;
export const MAX_WRITE_COILS = 1968;

/**
 * Thrown by a server-side handler to answer with a Modbus exception response
 * (function code | 0x80, exception code). The server framing turns it into bytes.
 */
export class ModbusExceptionResponse extends Error {
  constructor(readonly exceptionCode: ExceptionCodeValue) {
    super(`Modbus exception ${exceptionCode}: ${EXCEPTION_NAMES[exceptionCode] ?? 'unknown'}`);
    this.name = 'ModbusExceptionResponse';
  }
}

/**
 * What a simulated Modbus device implements. The server framing (TCP MBAP, RTU on a tty or over TCP)
 * decodes requests, calls these, and encodes the answer or the exception.
 * Handlers may be async (to model gateway processing or bus time) and throw ModbusExceptionResponse.
 * Return `undefined` to stay silent (a dead unit behind a gateway: the client times out).
 */
export interface ModbusUnitHandler {
  readRegisters(
    table: 'holding' | 'input',
    address: number,
    quantity: number,
  ): Promise<number[] | undefined> | number[] | undefined;
  writeRegisters(address: number, values: number[]): Promise<void | 'silent'> | void | 'silent';
  readBits?(
    table: 'coil' | 'discrete',
    address: number,
    quantity: number,
  ): Promise<boolean[] | undefined> | boolean[] | undefined;
  writeCoils?(address: number, values: boolean[]): Promise<void | 'silent'> | void | 'silent';
}

/** Resolves a unit id to its handler; undefined means no such unit (TCP: exception 0x0B; RTU: silence). */
export type ModbusUnitResolver = (unitId: number) => ModbusUnitHandler | undefined;
