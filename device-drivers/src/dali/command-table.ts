/**
 * The DALI control-gear command set as data (IEC 62386-102; protocols.md §1.5, every opcode from
 * `sde1000/python-dali` `dali/gear/general.py` at 9ba8e26). commands.ts encodes and decodes from it.
 *
 * - `count` > 1 marks a range: the opcode is `opcode + n` for n = 0…count−1 (GO TO SCENE n, ADD TO GROUP n…).
 * - `sendTwice`: configuration commands act only if the identical frame repeats within 100 ms (§1.2).
 * - `dtr`: the data transfer registers the command reads; drivers re-send them before each use (§1.5).
 * - `response`: what the gear answers. `yesNo`: 0xFF or silence; `numeric`: a byte; `numericMask`: a
 *   byte where 255 (MASK) means "not set"; `bitmap`: a byte of flags (QUERY STATUS, QUERY GROUPS).
 */

export type ResponseKind = 'none' | 'yesNo' | 'numeric' | 'numericMask' | 'bitmap';
export type DtrRegister = 'dtr0' | 'dtr1' | 'dtr2';

export interface CommandRow {
  readonly opcode: number;
  readonly name: string;
  readonly response: ResponseKind;
  readonly sendTwice?: boolean;
  readonly dtr?: readonly DtrRegister[];
  readonly count?: number;
  /** Why the row is as it is, when the opcode alone does not say. */
  readonly note?: string;
}

const twice = { sendTwice: true } as const;
const twiceDtr0 = { sendTwice: true, dtr: ['dtr0'] } as const;

/** Second byte of an addressed frame with S = 1 (IEC 62386-102 Table 15). */
export const GEAR_COMMAND_ROWS = [
  { opcode: 0x00, name: 'OFF', response: 'none', note: 'immediate, no fade' },
  { opcode: 0x01, name: 'UP', response: 'none', note: '200 ms at the fade rate; never switches on' },
  { opcode: 0x02, name: 'DOWN', response: 'none', note: '200 ms at the fade rate' },
  { opcode: 0x03, name: 'STEP UP', response: 'none' },
  { opcode: 0x04, name: 'STEP DOWN', response: 'none' },
  { opcode: 0x05, name: 'RECALL MAX LEVEL', response: 'none', note: 'immediate' },
  { opcode: 0x06, name: 'RECALL MIN LEVEL', response: 'none', note: 'immediate' },
  { opcode: 0x07, name: 'STEP DOWN AND OFF', response: 'none' },
  { opcode: 0x08, name: 'ON AND STEP UP', response: 'none' },
  { opcode: 0x09, name: 'ENABLE DAPC SEQUENCE', response: 'none' },
  { opcode: 0x0a, name: 'GO TO LAST ACTIVE LEVEL', response: 'none', note: 'DALI-2' },
  { opcode: 0x0b, name: 'CONTINUOUS UP', response: 'none', note: 'DALI-2' },
  { opcode: 0x0c, name: 'CONTINUOUS DOWN', response: 'none', note: 'DALI-2' },
  { opcode: 0x10, name: 'GO TO SCENE', response: 'none', count: 16, note: 'fades; MASK scene: no change' },
  { opcode: 0x20, name: 'RESET', response: 'none', ...twice },
  { opcode: 0x21, name: 'STORE ACTUAL LEVEL IN DTR0', response: 'none', ...twice, note: 'writes DTR0' },
  { opcode: 0x22, name: 'SAVE PERSISTENT VARIABLES', response: 'none', ...twice, note: 'DALI-2' },
  { opcode: 0x23, name: 'SET OPERATING MODE', response: 'none', ...twiceDtr0 },
  { opcode: 0x24, name: 'RESET MEMORY BANK', response: 'none', ...twiceDtr0 },
  { opcode: 0x25, name: 'IDENTIFY DEVICE', response: 'none', ...twice },
  { opcode: 0x2a, name: 'SET MAX LEVEL', response: 'none', ...twiceDtr0 },
  { opcode: 0x2b, name: 'SET MIN LEVEL', response: 'none', ...twiceDtr0 },
  { opcode: 0x2c, name: 'SET SYSTEM FAILURE LEVEL', response: 'none', ...twiceDtr0 },
  { opcode: 0x2d, name: 'SET POWER ON LEVEL', response: 'none', ...twiceDtr0 },
  { opcode: 0x2e, name: 'SET FADE TIME', response: 'none', ...twiceDtr0 },
  { opcode: 0x2f, name: 'SET FADE RATE', response: 'none', ...twiceDtr0 },
  { opcode: 0x30, name: 'SET EXTENDED FADE TIME', response: 'none', ...twiceDtr0 },
  { opcode: 0x40, name: 'SET SCENE', response: 'none', count: 16, ...twiceDtr0, note: 'DTR0 = level' },
  { opcode: 0x50, name: 'REMOVE FROM SCENE', response: 'none', count: 16, ...twice },
  { opcode: 0x60, name: 'ADD TO GROUP', response: 'none', count: 16, ...twice },
  { opcode: 0x70, name: 'REMOVE FROM GROUP', response: 'none', count: 16, ...twice },
  {
    opcode: 0x80,
    name: 'SET SHORT ADDRESS',
    response: 'none',
    ...twiceDtr0,
    note: 'DTR0 = (a<<1)|1 or 0xFF',
  },
  { opcode: 0x81, name: 'ENABLE WRITE MEMORY', response: 'none', ...twice },
  { opcode: 0x90, name: 'QUERY STATUS', response: 'bitmap', note: 'status.ts' },
  { opcode: 0x91, name: 'QUERY CONTROL GEAR PRESENT', response: 'yesNo' },
  { opcode: 0x92, name: 'QUERY LAMP FAILURE', response: 'yesNo' },
  { opcode: 0x93, name: 'QUERY LAMP POWER ON', response: 'yesNo' },
  { opcode: 0x94, name: 'QUERY LIMIT ERROR', response: 'yesNo' },
  { opcode: 0x95, name: 'QUERY RESET STATE', response: 'yesNo' },
  { opcode: 0x96, name: 'QUERY MISSING SHORT ADDRESS', response: 'yesNo' },
  { opcode: 0x97, name: 'QUERY VERSION NUMBER', response: 'numeric' },
  { opcode: 0x98, name: 'QUERY CONTENT DTR0', response: 'numeric' },
  { opcode: 0x99, name: 'QUERY DEVICE TYPE', response: 'numeric', note: '254 none, 255 several' },
  { opcode: 0x9a, name: 'QUERY PHYSICAL MINIMUM', response: 'numeric' },
  { opcode: 0x9b, name: 'QUERY POWER FAILURE', response: 'yesNo' },
  { opcode: 0x9c, name: 'QUERY CONTENT DTR1', response: 'numeric' },
  { opcode: 0x9d, name: 'QUERY CONTENT DTR2', response: 'numeric' },
  { opcode: 0x9e, name: 'QUERY OPERATING MODE', response: 'numeric' },
  { opcode: 0x9f, name: 'QUERY LIGHT SOURCE TYPE', response: 'numeric' },
  {
    opcode: 0xa0,
    name: 'QUERY ACTUAL LEVEL',
    response: 'numericMask',
    note: 'MASK in preheat or lamp error',
  },
  { opcode: 0xa1, name: 'QUERY MAX LEVEL', response: 'numeric' },
  { opcode: 0xa2, name: 'QUERY MIN LEVEL', response: 'numeric' },
  { opcode: 0xa3, name: 'QUERY POWER ON LEVEL', response: 'numericMask' },
  { opcode: 0xa4, name: 'QUERY SYSTEM FAILURE LEVEL', response: 'numericMask' },
  {
    opcode: 0xa5,
    name: 'QUERY FADE TIME/FADE RATE',
    response: 'numeric',
    note: 'time high nibble, rate low',
  },
  { opcode: 0xa6, name: 'QUERY MANUFACTURER SPECIFIC MODE', response: 'yesNo' },
  { opcode: 0xa7, name: 'QUERY NEXT DEVICE TYPE', response: 'numeric' },
  { opcode: 0xa8, name: 'QUERY EXTENDED FADE TIME', response: 'numeric' },
  { opcode: 0xaa, name: 'QUERY CONTROL GEAR FAILURE', response: 'yesNo' },
  { opcode: 0xb0, name: 'QUERY SCENE LEVEL', response: 'numericMask', count: 16, note: 'MASK: not in scene' },
  { opcode: 0xc0, name: 'QUERY GROUPS 0-7', response: 'bitmap', note: 'lowest group in bit 0' },
  { opcode: 0xc1, name: 'QUERY GROUPS 8-15', response: 'bitmap', note: 'group 8 in bit 0' },
  { opcode: 0xc2, name: 'QUERY RANDOM ADDRESS (H)', response: 'numeric' },
  { opcode: 0xc3, name: 'QUERY RANDOM ADDRESS (M)', response: 'numeric' },
  { opcode: 0xc4, name: 'QUERY RANDOM ADDRESS (L)', response: 'numeric' },
  { opcode: 0xc5, name: 'READ MEMORY LOCATION', response: 'numeric', dtr: ['dtr0', 'dtr1'] },
  {
    opcode: 0xe0,
    name: 'APPLICATION EXTENDED COMMAND',
    response: 'none',
    count: 32,
    note: 'DT6/DT8… meaning and answer depend on the device type enabled just before by ENABLE DEVICE TYPE',
  },
] as const satisfies readonly CommandRow[];

/**
 * First byte of an unaddressed frame (IEC 62386-102 Table 16; python-dali `_SpecialCommand`).
 * The second byte is the data. These reach every gear on the line.
 */
export const SPECIAL_COMMAND_ROWS = [
  { opcode: 0xa1, name: 'TERMINATE', response: 'none', note: 'ends the addressing window' },
  { opcode: 0xa3, name: 'DTR0', response: 'none', note: 'writes DTR0 of all gear' },
  {
    opcode: 0xa5,
    name: 'INITIALISE',
    response: 'none',
    ...twice,
    note: '0x00 all gear, 0xFF gear without short address, (a<<1)|1 one address; opens 15 min',
  },
  { opcode: 0xa7, name: 'RANDOMISE', response: 'none', ...twice },
  { opcode: 0xa9, name: 'COMPARE', response: 'yesNo', note: 'random address ≤ search address' },
  { opcode: 0xab, name: 'WITHDRAW', response: 'none' },
  { opcode: 0xad, name: 'PING', response: 'none' },
  { opcode: 0xb1, name: 'SEARCHADDRH', response: 'none' },
  { opcode: 0xb3, name: 'SEARCHADDRM', response: 'none' },
  { opcode: 0xb5, name: 'SEARCHADDRL', response: 'none' },
  { opcode: 0xb7, name: 'PROGRAM SHORT ADDRESS', response: 'none', note: 'data (a<<1)|1 or 0xFF' },
  { opcode: 0xb9, name: 'VERIFY SHORT ADDRESS', response: 'yesNo' },
  { opcode: 0xbb, name: 'QUERY SHORT ADDRESS', response: 'numeric', note: 'answers (a<<1)|1' },
  {
    opcode: 0xc1,
    name: 'ENABLE DEVICE TYPE',
    response: 'none',
    note: 'precedes an application extended command',
  },
  { opcode: 0xc3, name: 'DTR1', response: 'none' },
  { opcode: 0xc5, name: 'DTR2', response: 'none' },
  {
    opcode: 0xc7,
    name: 'WRITE MEMORY LOCATION',
    response: 'numeric',
    dtr: ['dtr0', 'dtr1'],
    note: 'DTR1 = bank, DTR0 = location; answers the byte written',
  },
  {
    opcode: 0xc9,
    name: 'WRITE MEMORY LOCATION - NO REPLY',
    response: 'none',
    dtr: ['dtr0', 'dtr1'],
    note: 'DALI-2',
  },
] as const satisfies readonly CommandRow[];

export type GearCommandName = (typeof GEAR_COMMAND_ROWS)[number]['name'];
export type SpecialCommandName = (typeof SPECIAL_COMMAND_ROWS)[number]['name'];
