/**
 * Checks between a site and the profiles its devices name: the profile exists, the device's `dali`
 * section is there exactly when the profile is a DALI gateway, the endpoint suits the profile's
 * protocol, and two devices on one connection have different unit ids (one coordinator serves a
 * connection and tells devices apart by unit id, ARCHITECTURE.md §2 "Coordinator").
 */
import type { Endpoint } from '@phare/device-drivers/endpoint.ts';
import { unitIdOf } from './schema/common.ts';
import type { Profile } from './schema/profile.ts';
import type { ParsedSite, Site, SiteDevice } from './schema/site.ts';
import type { ProblemPath } from './problem.ts';
import { closestOf, nearest } from './suggest.ts';

export interface SiteIssue {
  path: ProblemPath;
  message: string;
  hint?: string;
  /** Path of the other half of a conflict, shown as its position. */
  alsoAt?: ProblemPath;
}

const MODBUS_SCHEMES = ['modbus-tcp', 'modbus-rtu', 'modbus-rtu-tcp'];

export function unknownProfileIssue(name: string, path: ProblemPath, known: string[]): SiteIssue {
  const near = nearest(name, known) ?? closestOf(name, known);
  return {
    path,
    message: `no profile "${name}"`,
    hint: known.length
      ? `known profiles: ${known.join(', ')}${near ? `; nearest: ${near}` : ''}`
      : 'no profiles found; add hardware/profiles/<vendor>/<model>.yaml',
  };
}

/** Resolves each device against its profile; issues instead of a site when something does not fit. */
export function checkSiteAgainstProfiles(
  site: ParsedSite,
  profiles: ReadonlyMap<string, Profile>,
): { site: Site; issues: SiteIssue[] } {
  const issues: SiteIssue[] = [];
  const devices: SiteDevice[] = [];
  const byUnit = new Map<string, number>();

  site.devices.forEach((device, d) => {
    const profile = profiles.get(device.profile);
    if (!profile) return; // reported by the loader, with the list of known profiles
    const at = (...rest: (string | number)[]): ProblemPath => ['devices', d, ...rest];

    const isDaliGateway = profile.kind === 'dali-gateway';
    if (isDaliGateway && !device.dali)
      issues.push({
        path: at('profile'),
        message: `${profile.id} is a DALI gateway: device ${device.id} needs a "dali" section`,
        hint: 'add dali: { line, groups, luminaires }',
      });
    if (!isDaliGateway && device.dali)
      issues.push({
        path: at('dali'),
        message: `${profile.id} is a ${profile.kind}, not a DALI gateway: "dali" does not apply`,
      });

    const endpoint: Endpoint = device.endpoint ?? profile.connection.endpoint;
    if (profile.protocol === 'modbus' && !MODBUS_SCHEMES.includes(endpoint.scheme))
      issues.push({
        path: at('endpoint'),
        message: `${profile.id} speaks Modbus: endpoint ${endpoint.uri} does not`,
        hint: `use one of ${MODBUS_SCHEMES.join(', ')}`,
      });
    if (device.simulator && !profile.simulator)
      issues.push({
        path: at('simulator'),
        message: `profile ${profile.id} names no simulator to start for device ${device.id}`,
        hint: 'remove simulator, or add simulator: to the profile',
      });

    const unitId = unitIdOf(endpoint);
    const unitKey = `${endpoint.connectionKey} unit ${unitId ?? '-'}`;
    const first = byUnit.get(unitKey);
    if (first !== undefined) {
      const other = site.devices[first]!;
      issues.push({
        path: at(device.endpoint ? 'endpoint' : 'profile'),
        message:
          `device ${device.id} and device ${other.id} share ${endpoint.connectionKey} with the same unit id ${unitId ?? ''}`.trimEnd(),
        hint: 'give each device on a connection its own ?unit=N',
        alsoAt: ['devices', first, other.endpoint ? 'endpoint' : 'profile'],
      });
    } else byUnit.set(unitKey, d);

    devices.push({ ...device, endpoint, ...(unitId === undefined ? {} : { unitId }) });
  });
  return { site: { ...site, devices }, issues };
}
