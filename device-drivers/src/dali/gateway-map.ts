/**
 * How a profile describes a DALI-to-Modbus gateway's register map (protocols.md §2).
 * The DALI gateway adapter expands it, with the luminaires and groups a site declares, into
 * concrete Modbus points. Nothing about a particular gateway is in code.
 */
import type { RegisterTable } from '../modbus/types.ts';

/**
 * How the gateway encodes a light level in a register, as seen from Phare's point value
 * (always percent of light output, 0–100):
 * - `percent`: the register holds 0–100 % and the gateway converts along the DALI log curve (Intesis).
 * - `linear255`: the register holds 0–255, percent = raw × 100 / 255 (BACmove DALION).
 * - `arcLog`: the register holds the DALI arc power level 0–254; percent follows the log curve (ADFweb).
 * - `arcLinear`: arc level 0–254 on a linear curve (DT6 gear set to linear).
 */
export type LevelCodecName = 'percent' | 'linear255' | 'arcLog' | 'arcLinear';

export interface SignalDef {
  /** Register offset from the block base. */
  offset: number;
  access: 'read' | 'write' | 'readwrite';
}

export interface BlockAddressing {
  /** Address of the block of line 0, instance 0. */
  base: number;
  /** Added per DALI line (channel). */
  perLine: number;
  /** Added per instance (short address for gear, group number for groups). 0 for broadcast. */
  perInstance: number;
}

export interface DaliGatewayMap {
  table: RegisterTable;
  levelCodec: LevelCodecName;
  /** Scene register value for scene 0: 0 (Intesis: 0–15) or 1 (DALION: 1–16, 0 = no action). */
  sceneBase: 0 | 1;
  gear: BlockAddressing & {
    signals: {
      /** Actual level as the gateway reports it (read). */
      actualLevel?: SignalDef;
      /** Arc power level to set (write; may be readable). */
      level: SignalDef;
      /** QUERY STATUS bitmap (protocols.md §1.5). */
      status?: SignalDef;
    };
  };
  group?: BlockAddressing & { signals: { level?: SignalDef; scene?: SignalDef } };
  broadcast?: Omit<BlockAddressing, 'perInstance'> & { signals: { level?: SignalDef; scene?: SignalDef } };
}

/** A luminaire behind the gateway, from the site file. */
export interface LuminaireDef {
  /** Local id, used as point prefix: `lamp03` gives `lamp03.level`. */
  id: string;
  shortAddress: number;
  groups: number[];
}

export interface DaliGatewayOptions {
  unitId: number;
  line: number;
  map: DaliGatewayMap;
  luminaires: LuminaireDef[];
  /** Group numbers the site uses, each exposed as a writable `groupN.level` point. */
  groups: number[];
  maxGap?: number;
  /** From the profile's connection block, as for any Modbus device (point-def.ts). */
  maxRegistersPerRequest?: number;
  forbiddenRanges?: { table: RegisterTable; from: number; to: number }[];
  deviceId?: string;
}
