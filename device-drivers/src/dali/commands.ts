/**
 * Encode and decode 16-bit control-gear frames from the command tables (command-table.ts).
 * Like python-dali's command registry (`Command.from_frame`, protocols.md §1.7), any frame decodes to
 * what it means: DAPC, an addressed command, a special command, or a reserved frame gear ignore.
 */
import { NotSupported, OutOfRange } from '../errors.ts';
import { decodeAddressByte, encodeAddressByte, formatAddress, type GearAddress } from './address.ts';
import {
  GEAR_COMMAND_ROWS,
  SPECIAL_COMMAND_ROWS,
  type CommandRow,
  type GearCommandName,
  type ResponseKind,
  type SpecialCommandName,
} from './command-table.ts';
import { ForwardFrame } from './frame.ts';

export type { GearCommandName, ResponseKind, SpecialCommandName } from './command-table.ts';
export { GEAR_COMMAND_ROWS, SPECIAL_COMMAND_ROWS } from './command-table.ts';

/** A command-table row with every flag spelled out. */
export interface CommandDef {
  readonly opcode: number;
  readonly name: string;
  /** 1 for a single command; 16 for GO TO SCENE n and the like (opcode + n). */
  readonly count: number;
  readonly sendTwice: boolean;
  readonly usesDtr0: boolean;
  readonly usesDtr1: boolean;
  readonly usesDtr2: boolean;
  readonly response: ResponseKind;
  readonly note: string | undefined;
}

function toDef(row: CommandRow): CommandDef {
  const dtr: readonly string[] = row.dtr ?? [];
  return {
    opcode: row.opcode,
    name: row.name,
    count: row.count ?? 1,
    sendTwice: row.sendTwice ?? false,
    usesDtr0: dtr.includes('dtr0'),
    usesDtr1: dtr.includes('dtr1'),
    usesDtr2: dtr.includes('dtr2'),
    response: row.response,
    note: row.note,
  };
}

export const GEAR_COMMANDS: readonly CommandDef[] = GEAR_COMMAND_ROWS.map(toDef);
export const SPECIAL_COMMANDS: readonly CommandDef[] = SPECIAL_COMMAND_ROWS.map(toDef);

const gearByName = new Map(GEAR_COMMANDS.map((def) => [def.name, def]));
const specialByName = new Map(SPECIAL_COMMANDS.map((def) => [def.name, def]));
const gearByOpcode = indexByOpcode(GEAR_COMMANDS);
const specialByOpcode = indexByOpcode(SPECIAL_COMMANDS);

function indexByOpcode(defs: readonly CommandDef[]): Map<number, CommandDef> {
  const index = new Map<number, CommandDef>();
  for (const def of defs) for (let n = 0; n < def.count; n++) index.set(def.opcode + n, def);
  return index;
}

/** The gear command for a name or an opcode byte (any opcode inside a range finds the range), or undefined. */
export function findGearCommand(nameOrOpcode: GearCommandName | number): CommandDef | undefined {
  return typeof nameOrOpcode === 'number' ? gearByOpcode.get(nameOrOpcode) : gearByName.get(nameOrOpcode);
}

export function findSpecialCommand(nameOrOpcode: SpecialCommandName | number): CommandDef | undefined {
  return typeof nameOrOpcode === 'number'
    ? specialByOpcode.get(nameOrOpcode)
    : specialByName.get(nameOrOpcode);
}

/** DIRECT ARC POWER CONTROL: S = 0, second byte = level 0–254, or 255 (MASK) to stop a fade (§1.4). */
export function dapc(address: GearAddress, level: number): ForwardFrame {
  checkByte(level, `DAPC level to ${formatAddress(address)}`);
  return ForwardFrame.gear(encodeAddressByte(address, 0), level);
}

/**
 * An addressed command (S = 1). Ranges take their parameter: `command(group(3), 'GO TO SCENE', 2)` is `87 12`.
 * An opcode byte can be given instead of a name; inside a range it already carries the parameter.
 */
export function command(
  address: GearAddress,
  nameOrOpcode: GearCommandName | number,
  param?: number,
): ForwardFrame {
  const def = requireDef(findGearCommand(nameOrOpcode), nameOrOpcode, 'control-gear command');
  const opcode = opcodeWithParam(def, nameOrOpcode, param);
  return ForwardFrame.gear(encodeAddressByte(address, 1), opcode);
}

/** A special command: first byte = opcode, second byte = data (DTR0 value, search address byte…). */
export function special(nameOrOpcode: SpecialCommandName | number, data = 0): ForwardFrame {
  const def = requireDef(findSpecialCommand(nameOrOpcode), nameOrOpcode, 'special command');
  checkByte(data, `${def.name} data`);
  return ForwardFrame.gear(def.opcode, data);
}

export type DecodedFrameKind = 'dapc' | 'command' | 'special' | 'reserved';

export interface DecodedForwardFrame {
  readonly kind: DecodedFrameKind;
  /** Undefined for special commands (they reach all gear) and reserved frames. */
  readonly address: GearAddress | undefined;
  /** The opcode byte: second byte of an addressed command (the level for DAPC), first byte of a special one. */
  readonly opcode: number;
  readonly name: 'DAPC' | GearCommandName | SpecialCommandName | 'RESERVED';
  /** DAPC: the level. Range command: n (scene, group). Special command: the data byte. */
  readonly param: number | undefined;
  readonly sendTwice: boolean;
  readonly usesDtr0: boolean;
  readonly usesDtr1: boolean;
  readonly usesDtr2: boolean;
  readonly response: ResponseKind;
}

const NO_FLAGS = {
  sendTwice: false,
  usesDtr0: false,
  usesDtr1: false,
  usesDtr2: false,
  response: 'none',
} as const;

/** What a 16-bit forward frame means to control gear. */
export function decodeForwardFrame(frame: ForwardFrame): DecodedForwardFrame {
  if (frame.bits !== 16) {
    throw new NotSupported(
      `${frame.bits}-bit frame ${frame.toHex()} is for control devices (Part 103), not gear`,
      {
        detail: { frame: frame.toHex() },
      },
    );
  }
  const first = decodeAddressByte(frame.addressByte);
  const data = frame.dataByte;
  if (first.kind === 'special') {
    const def = specialByOpcode.get(first.opcode);
    if (def === undefined) return reserved(first.opcode, undefined, data);
    return { kind: 'special', address: undefined, ...flagsOf(def), opcode: def.opcode, param: data };
  }
  if (first.kind === 'reserved') return reserved(first.byte, undefined, data);
  if (first.selector === 0) {
    return { kind: 'dapc', address: first.address, ...NO_FLAGS, name: 'DAPC', opcode: data, param: data };
  }
  const def = gearByOpcode.get(data);
  if (def === undefined) return reserved(data, first.address, undefined);
  return {
    kind: 'command',
    address: first.address,
    ...flagsOf(def),
    opcode: data,
    param: def.count > 1 ? data - def.opcode : undefined,
  };
}

/** "0B A0 QUERY ACTUAL LEVEL → short 5": one line for debug logs. */
export function describeForwardFrame(frame: ForwardFrame): string {
  if (frame.bits !== 16) return `${frame.toHex()} (${frame.bits}-bit device frame)`;
  const decoded = decodeForwardFrame(frame);
  const param = decoded.param === undefined ? '' : ` ${decoded.param}`;
  const target = decoded.address === undefined ? '' : ` → ${formatAddress(decoded.address)}`;
  return `${frame.toHex()} ${decoded.name}${param}${target}`;
}

function flagsOf(def: CommandDef) {
  return {
    name: def.name as GearCommandName | SpecialCommandName,
    sendTwice: def.sendTwice,
    usesDtr0: def.usesDtr0,
    usesDtr1: def.usesDtr1,
    usesDtr2: def.usesDtr2,
    response: def.response,
  };
}

function reserved(
  opcode: number,
  address: GearAddress | undefined,
  param: number | undefined,
): DecodedForwardFrame {
  return { kind: 'reserved', address, ...NO_FLAGS, name: 'RESERVED', opcode, param };
}

function opcodeWithParam(def: CommandDef, nameOrOpcode: string | number, param: number | undefined): number {
  if (typeof nameOrOpcode === 'number') {
    if (param !== undefined) {
      throw new OutOfRange(
        `${def.name}: give either opcode 0x${hex(nameOrOpcode)} or a parameter, not both`,
        {
          detail: { opcode: nameOrOpcode, param },
        },
      );
    }
    return nameOrOpcode;
  }
  if (def.count === 1) {
    if (param !== undefined) {
      throw new OutOfRange(`${def.name} takes no parameter, got ${param}`, {
        detail: { command: def.name, param },
      });
    }
    return def.opcode;
  }
  if (param === undefined || !Number.isInteger(param) || param < 0 || param >= def.count) {
    throw new OutOfRange(`${def.name} needs a parameter in 0–${def.count - 1}, got ${String(param)}`, {
      detail: { command: def.name, param, min: 0, max: def.count - 1 },
    });
  }
  return def.opcode + param;
}

function requireDef(def: CommandDef | undefined, nameOrOpcode: string | number, what: string): CommandDef {
  if (def !== undefined) return def;
  if (typeof nameOrOpcode === 'number') {
    throw new OutOfRange(`opcode ${nameOrOpcode} (0x${hex(nameOrOpcode)}) is not a DALI ${what}`, {
      detail: { opcode: nameOrOpcode },
    });
  }
  throw new NotSupported(`"${nameOrOpcode}" is not a DALI ${what} (IEC 62386-102)`, {
    detail: { command: nameOrOpcode },
  });
}

function checkByte(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new OutOfRange(`${what}: ${value} is not an integer in 0–255`, {
      detail: { value, min: 0, max: 255 },
    });
  }
}

function hex(value: number): string {
  return Number.isInteger(value) && value >= 0
    ? value.toString(16).toUpperCase().padStart(2, '0')
    : String(value);
}
