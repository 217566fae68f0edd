/**
 * The points the suite checks, from the profile (and, for a DALI gateway, the luminaires the run
 * was given): what each point should be (type, unit, range) and what Phare may write (limits).
 * The profile is the contract a vendor signs: every check compares the device with this list.
 *
 * Limits follow the write path's rule (registry/point-meta.ts): a point's own `limits`, or for a
 * DALI gateway `dali.limits.level` on every level point, clamped to the representable range.
 */
import type { DriverPointInfo } from '@phare/device-drivers/contract.ts';
import { modbusPointsOf, opcuaPointsOf, type Profile } from '../config/schema/profile.ts';
import type { Bilingual } from './report-model.ts';

export interface Bounds {
  min: number;
  max: number;
}

export interface InteropPoint {
  id: string;
  label: Bilingual;
  type: DriverPointInfo['type'];
  readable: boolean;
  writable: boolean;
  unit?: string;
  /** What the device can represent, as the profile declares it. */
  range?: Bounds;
  /** What Phare may write. Absent: Phare writes nothing to this point. */
  limits?: Bounds;
  /** Poll group name; `default` when the profile names none. */
  pollGroup: string;
  /** Smallest meaningful step of a value (a Modbus scale), for read-back comparisons. */
  resolution?: number;
}

function clamp(limits: Bounds | undefined, range: Bounds | undefined): Bounds | undefined {
  if (!limits) return undefined;
  if (!range) return limits;
  return { min: Math.max(limits.min, range.min), max: Math.min(limits.max, range.max) };
}

/** The points of the profile, in profile order, typed by what the driver says about them. */
export function interopPoints(profile: Profile, infos: DriverPointInfo[]): InteropPoint[] {
  const declared = new Map<
    string,
    { label: Bilingual; unit?: string; range?: Bounds; limits?: Bounds; resolution?: number }
  >();
  for (const p of modbusPointsOf(profile))
    declared.set(p.id, {
      label: p.label,
      ...(p.unit ? { unit: p.unit } : {}),
      ...(p.range ? { range: p.range } : {}),
      ...(p.limits ? { limits: p.limits } : {}),
      ...(p.scale !== undefined ? { resolution: Math.abs(p.scale) } : {}),
    });
  for (const p of opcuaPointsOf(profile))
    declared.set(p.id, {
      label: p.label,
      ...(p.unit ? { unit: p.unit } : {}),
      ...(p.range ? { range: p.range } : {}),
      ...(p.limits ? { limits: p.limits } : {}),
    });
  for (const p of profile.serial?.points ?? [])
    declared.set(p.id, {
      label: p.label,
      unit: p.unit,
      ...(p.range ? { range: p.range } : {}),
      ...(p.scale !== undefined ? { resolution: Math.abs(p.scale) } : {}),
    });

  return infos.map((info) => {
    const own = declared.get(info.id);
    const signal = info.id.split('.').at(-1);
    const daliLevel = profile.dali && signal === 'level' ? profile.dali.limits.level : undefined;
    const range = own?.range ?? info.range;
    const limits = clamp(own?.limits ?? daliLevel, info.range);
    const unit = own?.unit ?? info.unit;
    return {
      id: info.id,
      label: own?.label ?? { fr: info.id, en: info.id },
      type: info.type,
      readable: info.access !== 'write',
      writable: info.access !== 'read',
      ...(unit ? { unit } : {}),
      ...(range ? { range } : {}),
      ...(limits ? { limits } : {}),
      pollGroup: info.pollGroup ?? 'default',
      ...(own?.resolution !== undefined ? { resolution: own.resolution } : {}),
    };
  });
}
