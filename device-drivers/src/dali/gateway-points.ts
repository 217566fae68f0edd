/**
 * Expands a gateway register map (gateway-map.ts, from the profile) plus the luminaires and groups
 * of the site into concrete Modbus point definitions. Two sets, because a DALI level is often read
 * from one register and written to another (Intesis: Actual Level at +6, Arc Power Level at +15,
 * manual r1.3 p.10, protocols.md §2.1):
 * - `read`: what polling fetches (`<lamp>.level` from actualLevel when mapped, else from level).
 * - `write`: where commands go (`<lamp>.level`, `group<N>.level|scene`, `all.level|scene`).
 */
import { ConfigInvalid } from '../errors.ts';
import type { DriverPointInfo } from '../contract.ts';
import type { ModbusPointDef } from '../modbus/point-def.ts';
import type { BlockAddressing, DaliGatewayOptions, SignalDef } from './gateway-map.ts';

/** QUERY STATUS bits (IEC 62386-102, protocols.md §1.5 and §2.1): b0 control gear failure, b1 lamp failure. */
export const STATUS_BIT_GEAR_FAILURE = 0;
export const STATUS_BIT_LAMP_FAILURE = 1;

/** DALI has 16 scenes, 0–15 (IEC 62386-102 GO TO SCENE). */
export const SCENE_RANGE = { min: 0, max: 15 } as const;
export const LEVEL_RANGE = { min: 0, max: 100 } as const;

export const BROADCAST_PREFIX = 'all';
export const groupPrefix = (group: number): string => `group${group}`;

export interface ExpandedGateway {
  info: DriverPointInfo[];
  read: ModbusPointDef[];
  write: ModbusPointDef[];
  /** Register address per write point, for the audit text. */
  writeAddress: Map<string, number>;
}

function blockBase(block: BlockAddressing, line: number, instance: number): number {
  return block.base + block.perLine * line + block.perInstance * instance;
}

const readable = (signal: SignalDef): boolean => signal.access !== 'write';
const writable = (signal: SignalDef): boolean => signal.access !== 'read';

export function expandGateway(options: DaliGatewayOptions): ExpandedGateway {
  const { map, line } = options;
  const table = map.table;
  const codec = map.levelCodec;
  const out: ExpandedGateway = { info: [], read: [], write: [], writeAddress: new Map() };
  const addWrite = (def: ModbusPointDef): void => {
    out.write.push(def);
    out.writeAddress.set(def.id, def.address);
  };

  const seenShort = new Set<number>();
  for (const lamp of options.luminaires) {
    if (!Number.isInteger(lamp.shortAddress) || lamp.shortAddress < 0 || lamp.shortAddress > 63) {
      throw new ConfigInvalid(`luminaire ${lamp.id}: short address ${lamp.shortAddress} is not 0–63`, {
        ...(options.deviceId ? { device: options.deviceId } : {}),
      });
    }
    if (seenShort.has(lamp.shortAddress)) {
      throw new ConfigInvalid(`luminaire ${lamp.id}: short address ${lamp.shortAddress} is used twice`, {
        ...(options.deviceId ? { device: options.deviceId } : {}),
      });
    }
    seenShort.add(lamp.shortAddress);

    const base = blockBase(map.gear, line, lamp.shortAddress);
    const { level, actualLevel, status } = map.gear.signals;
    const levelId = `${lamp.id}.level`;
    const readSignal = actualLevel ?? (readable(level) ? level : undefined);
    const canWrite = writable(level);
    if (readSignal || canWrite) {
      out.info.push({
        id: levelId,
        type: 'number',
        access: readSignal && canWrite ? 'readwrite' : readSignal ? 'read' : 'write',
        unit: '%',
        range: { ...LEVEL_RANGE },
      });
    }
    if (readSignal) {
      out.read.push({
        id: levelId,
        table,
        address: base + readSignal.offset,
        type: 'uint16',
        codec,
        access: 'read',
      });
    }
    if (canWrite) {
      addWrite({ id: levelId, table, address: base + level.offset, type: 'uint16', codec, access: 'write' });
    }
    if (status) {
      const address = base + status.offset;
      out.info.push(
        { id: `${lamp.id}.status`, type: 'bitmap', access: 'read', range: { min: 0, max: 255 } },
        { id: `${lamp.id}.lampFailure`, type: 'boolean', access: 'read' },
        { id: `${lamp.id}.gearFailure`, type: 'boolean', access: 'read' },
      );
      out.read.push(
        { id: `${lamp.id}.status`, table, address, type: 'bitmap16', access: 'read' },
        {
          id: `${lamp.id}.lampFailure`,
          table,
          address,
          type: 'bool',
          bit: STATUS_BIT_LAMP_FAILURE,
          access: 'read',
        },
        {
          id: `${lamp.id}.gearFailure`,
          table,
          address,
          type: 'bool',
          bit: STATUS_BIT_GEAR_FAILURE,
          access: 'read',
        },
      );
    }
  }

  const addCommandBlock = (
    prefix: string,
    base: number,
    signals: { level?: SignalDef; scene?: SignalDef },
  ): void => {
    if (signals.level) {
      const id = `${prefix}.level`;
      out.info.push({ id, type: 'number', access: 'write', unit: '%', range: { ...LEVEL_RANGE } });
      addWrite({ id, table, address: base + signals.level.offset, type: 'uint16', codec, access: 'write' });
    }
    if (signals.scene) {
      const id = `${prefix}.scene`;
      out.info.push({ id, type: 'integer', access: 'write', range: { ...SCENE_RANGE } });
      // register = scene + sceneBase (Intesis 0–15, DALION 1–16): engineering = raw × 1 + (−sceneBase).
      addWrite({
        id,
        table,
        address: base + signals.scene.offset,
        type: 'uint16',
        offset: -map.sceneBase,
        access: 'write',
      });
    }
  };

  if (map.group) {
    for (const group of options.groups) {
      if (!Number.isInteger(group) || group < 0 || group > 15) {
        throw new ConfigInvalid(`DALI group ${group} is not 0–15`, {
          ...(options.deviceId ? { device: options.deviceId } : {}),
        });
      }
      addCommandBlock(groupPrefix(group), blockBase(map.group, line, group), map.group.signals);
    }
  }
  if (map.broadcast) {
    addCommandBlock(
      BROADCAST_PREFIX,
      blockBase({ ...map.broadcast, perInstance: 0 }, line, 0),
      map.broadcast.signals,
    );
  }
  return out;
}
