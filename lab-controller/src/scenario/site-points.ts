/**
 * The points of a loaded site, without opening any connection: what `phare validate` and
 * `validateScenario` check a scenario against when no controller runs. Built by the registry's
 * own device builder, so a scenario is checked against exactly the ids the registry will serve.
 */
import { silentLogger } from '@phare/device-drivers/contract.ts';
import type { PointMeta } from '../api/wire.ts';
import { buildDevice } from '../registry/device-builder.ts';
import { buildPointMeta } from '../registry/point-meta.ts';
import type { LoadedSiteInput } from '../registry/site-input.ts';

export function sitePointMetas(loaded: LoadedSiteInput): PointMeta[] {
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
