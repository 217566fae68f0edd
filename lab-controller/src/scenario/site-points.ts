/**
 * The points of a loaded site, without opening any connection: what `phare validate` and
 * `validateScenario` check a scenario against when no controller runs. Built by the registry's
 * own device builder, so a scenario is checked against exactly the ids the registry will serve,
 * plus the points the controller computes itself (flood vigilance `river.vigilance`, declared by
 * the same code the controller uses), so a scenario may wait for a vigilance level.
 */
import { silentLogger } from '@phare/device-drivers/contract.ts';
import type { PointMeta } from '../api/wire.ts';
import { EventBus } from '../bus/event-bus.ts';
import { buildDevice } from '../registry/device-builder.ts';
import { buildPointMeta } from '../registry/point-meta.ts';
import type { LoadedSiteInput } from '../registry/site-input.ts';
import { FloodVigilance } from '../vigilance/flood-vigilance.ts';

export function sitePointMetas(loaded: LoadedSiteInput): PointMeta[] {
  const devicePoints = devicePointMetas(loaded);
  return [...devicePoints, ...computedPointMetas(loaded, devicePoints)];
}

/** Points the controller computes (startController declares the same ones in its registry). */
export function computedPointMetas(loaded: LoadedSiteInput, devicePoints: PointMeta[]): PointMeta[] {
  const byId = new Map(devicePoints.map((m) => [m.id, m]));
  const vigilance = new FloodVigilance(
    loaded.site.vigilance ?? [],
    { meta: (id) => byId.get(id), applyStates: () => undefined },
    new EventBus(silentLogger),
    silentLogger,
  );
  return vigilance.metas();
}

function devicePointMetas(loaded: LoadedSiteInput): PointMeta[] {
  return loaded.site.devices.flatMap((device) => {
    const profile = loaded.profiles.get(device.profile);
    if (!profile) return [];
    try {
      const built = buildDevice(device, profile, silentLogger);
      return buildPointMeta(device, profile, built.driver.points());
    } catch {
      // A device the registry cannot build has no points; the site validation says why.
      return [];
    }
  });
}

/** `street.lamp*.level`: `*` matches within one dot-separated part, `**` across parts. */
export function pointPattern(pattern: string): RegExp {
  const escaped = pattern
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^.]*'),
    )
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

export function expandPointPatterns(patterns: string[], ids: Iterable<string>): Map<string, string[]> {
  const all = [...ids];
  return new Map(
    patterns.map((p) => {
      const re = pointPattern(p);
      return [p, all.filter((id) => re.test(id))];
    }),
  );
}
