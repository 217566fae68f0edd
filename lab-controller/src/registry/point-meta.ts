/**
 * PointMeta for every point of a device: what the driver says (type, access, unit, codec range)
 * plus what the profile and site add (safe write limits, labels). Ids are `<device>.<local>`.
 *
 * Limits: a DALI gateway profile gives `dali.limits.level`, applied to every level point
 * (luminaire, group, broadcast); a plain Modbus profile gives `points[].limits`, a Firmata board
 * `components[].limits` (servo angles, LED levels). Limits are clamped to the representable range,
 * since no limit can allow what the device cannot encode.
 */
import type { DriverPointInfo } from '@phare/device-drivers/contract.ts';
import type { Localized, PointMeta } from '../api/wire.ts';
import { BROADCAST_PREFIX } from '@phare/device-drivers/dali/gateway-points.ts';
import { DALI_SIGNAL_LABELS, DALI_TARGET_LABELS } from './point-labels.ts';
import type { Limits, ProfileInput, SiteDeviceInput } from './site-input.ts';

export function buildPointMeta(
  device: SiteDeviceInput,
  profile: ProfileInput,
  infos: DriverPointInfo[],
): PointMeta[] {
  return infos.map((info) => {
    const profilePoint = profileEntryOf(profile, info.id);
    const limits = clampToRange(limitsFor(info.id, profile), info.range);
    const unit = info.unit ?? profilePoint?.unit;
    const label = profilePoint?.label ?? daliLabel(info.id, device);
    return {
      id: `${device.id}.${info.id}`,
      device: device.id,
      ...(label ? { label } : {}),
      ...(profilePoint?.quantity ? { quantity: profilePoint.quantity } : {}),
      ...(unit ? { unit } : {}),
      type: info.type,
      readable: info.access !== 'write',
      writable: info.access !== 'read',
      ...(info.range ? { range: info.range } : {}),
      ...(limits ? { limits } : {}),
    };
  });
}

/** The profile's own description of a point: a register or node of `points`, or a Firmata component. */
function profileEntryOf(
  profile: ProfileInput,
  localId: string,
): { label?: Localized; quantity?: string; unit?: string; limits?: Limits } | undefined {
  return profile.points?.find((p) => p.id === localId) ?? profile.components?.find((c) => c.id === localId);
}

function limitsFor(localId: string, profile: ProfileInput): Limits | undefined {
  const own = profileEntryOf(profile, localId)?.limits;
  if (own) return own;
  const signal = localId.split('.').at(-1);
  if (profile.dali?.limits && signal === 'level') return profile.dali.limits.level;
  return undefined;
}

function clampToRange(limits: Limits | undefined, range: Limits | undefined): Limits | undefined {
  if (!limits) return undefined;
  if (!range) return limits;
  return { min: Math.max(limits.min, range.min), max: Math.min(limits.max, range.max) };
}

/** `lamp03.level` → "lamp03 — niveau demandé"; `group1.level` → "Côté nord — niveau demandé". */
function daliLabel(localId: string, device: SiteDeviceInput): Localized | undefined {
  if (!device.dali) return undefined;
  const dot = localId.lastIndexOf('.');
  if (dot < 0) return undefined;
  const target = localId.slice(0, dot);
  const signal = DALI_SIGNAL_LABELS[localId.slice(dot + 1)];
  if (!signal) return undefined;
  const targetName = daliTargetName(target, device);
  return { fr: `${targetName.fr} — ${signal.fr}`, en: `${targetName.en} — ${signal.en}` };
}

function daliTargetName(target: string, device: SiteDeviceInput): Localized {
  if (target === BROADCAST_PREFIX) return DALI_TARGET_LABELS.broadcast;
  const group = /^group(\d+)$/.exec(target);
  if (group) {
    const n = Number(group[1]);
    return device.dali?.groups.find((g) => g.number === n)?.name ?? DALI_TARGET_LABELS.group(n);
  }
  return { fr: target, en: target };
}
