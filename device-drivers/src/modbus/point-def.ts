/**
 * How a profile describes one Modbus point. The profile schema (lab-controller/src/config) produces
 * exactly these objects; the Modbus device driver consumes them. No register address lives in code.
 */
import type { RegisterTable } from './types.ts';

export type ModbusValueType = 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'bool' | 'bitmap16';

/** Word order for 32-bit values split over two registers: `big` = high word first (AB CD), `little` = low word first (CD AB). */
export type WordOrder = 'big' | 'little';

export interface ModbusPointDef {
  /** Local point id within the device, e.g. `temperature` or `lamp03.level`. */
  id: string;
  table: RegisterTable;
  /** 0-based protocol address (the PDU address, not the 4xxxx reference). */
  address: number;
  type: ModbusValueType;
  wordOrder?: WordOrder;
  /** For `bool` read from a register: which bit (0 = LSB). */
  bit?: number;
  /** engineering value = raw * scale + offset */
  scale?: number;
  offset?: number;
  access: 'read' | 'write' | 'readwrite';
  /** Named poll group of the profile (interval); absent = the profile's default. */
  pollGroup?: string;
  /** Value codec beyond linear scaling, by name (e.g. DALI level codecs `percent`, `linear255`, `arcLog`). */
  codec?: string;
}

export interface ModbusDeviceOptions {
  unitId: number;
  points: ModbusPointDef[];
  /** Registers that may be read across to merge two requests (unmapped registers read harmlessly). Default 0. */
  maxGap?: number;
  /** Inclusive address ranges that must never be read (a merged request never spans them). */
  forbiddenRanges?: { table: RegisterTable; from: number; to: number }[];
  /** Cap per request; the protocol limit 125 (registers) / 2000 (bits) applies anyway. */
  maxRegistersPerRequest?: number;
  /** Device id for error messages. */
  deviceId?: string;
  /** Which function to use for writing holding registers: FC06 for one register or always FC16. */
  writeFunction?: 'auto' | 'single' | 'multiple';
}
