/**
 * Reads the Modbus points of a profile (hardware/profiles/<vendor>/<model>.yaml) so a simulator serves
 * exactly the map the profile describes: no register address in simulator code (style.md principle 1).
 * Only the fields the register codec needs are taken; the profile schema has validated the rest.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ModbusPointDef } from '@phare/device-drivers/modbus/point-def.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';

const PROFILES_DIR = fileURLToPath(new URL('../../../profiles/', import.meta.url));

export function profilePoints(profileId: string, profilesDir = PROFILES_DIR): ModbusPointDef[] {
  const file = `${profilesDir}${profileId}.yaml`;
  const data = parse(readFileSync(file, 'utf8')) as { points?: unknown };
  if (!Array.isArray(data.points)) throw new ConfigInvalid(`${file}: no points list to simulate`);
  return data.points.map((raw: Record<string, unknown>): ModbusPointDef => {
    const def: ModbusPointDef = {
      id: String(raw['id']),
      table: raw['table'] as ModbusPointDef['table'],
      address: Number(raw['address']),
      type: raw['type'] as ModbusPointDef['type'],
      access: raw['access'] as ModbusPointDef['access'],
    };
    if (raw['wordOrder'] !== undefined) def.wordOrder = raw['wordOrder'] as ModbusPointDef['wordOrder'];
    if (typeof raw['scale'] === 'number') def.scale = raw['scale'];
    if (typeof raw['offset'] === 'number') def.offset = raw['offset'];
    return def;
  });
}
