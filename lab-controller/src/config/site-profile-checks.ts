/**
 * Checks between a site and the profiles its devices name: the profile exists, the device's `dali`
 * section is there exactly when the profile is a DALI gateway, the endpoint suits the profile's
 * protocol, and two devices on one connection have different unit ids (one coordinator serves a
 * connection and tells devices apart by unit id, ARCHITECTURE.md §2 "Coordinator"). Also: `opcua`
 * only on OPC-UA controllers, building zone points and vigilance points that the profile defines;
 * interlocks and write rates over the site's points (write-safety-checks.ts).
 */
import type { Endpoint } from '@phare/device-drivers/endpoint.ts';
import { unitIdOf } from './schema/common.ts';
import type { Profile } from './schema/profile.ts';
import type { ParsedSite, Site, SiteDevice } from './schema/site.ts';
import type { ProblemPath } from './problem.ts';
import { closestOf, nearest } from './suggest.ts';
import { checkWriteSafety } from './write-safety-checks.ts';

export interface SiteIssue {
  path: ProblemPath;
  message: string;
  hint?: string;
  /** Path of the other half of a conflict, shown as its position. */
  alsoAt?: ProblemPath;
  /** The problem is at this character of an expression (the value at `path`), not at its start. */
  expressionIndex?: number;
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

    issues.push(...checkSections(device, profile, at));

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
  site.vigilance.forEach((rule, i) => {
    const dot = rule.point.indexOf('.');
    const deviceId = rule.point.slice(0, dot);
    const profile = profiles.get(site.devices.find((d) => d.id === deviceId)?.profile ?? '');
    if (!profile) return; // unknown device: reported by the site schema
    const ids = measuredPointIds(profile);
    const local = rule.point.slice(dot + 1);
    if (!ids.includes(local))
      issues.push({
        path: ['vigilance', i, 'point'],
        message: `vigilance point ${rule.point}: ${profile.id} has no measured point "${local}"`,
        hint: pointHint(local, ids),
      });
  });
  const resolved = { ...site, devices };
  issues.push(...checkWriteSafety(resolved, profiles));
  return { site: resolved, issues };
}

/** Point ids a profile defines itself (DALI gateways generate theirs from the site: none here). */
export function measuredPointIds(profile: Profile): string[] {
  return [...(profile.points ?? []), ...(profile.serial?.points ?? [])].map((p) => p.id);
}

function pointHint(id: string, known: string[]): string {
  const near = nearest(id, known) ?? closestOf(id, known);
  return near ? `did you mean "${near}"?` : `points: ${known.join(', ') || 'none'}`;
}

function checkSections(
  device: ParsedSite['devices'][number],
  profile: Profile,
  at: (...rest: (string | number)[]) => ProblemPath,
): SiteIssue[] {
  const issues: SiteIssue[] = [];
  const opcua = profile.kind === 'opcua-controller';
  if (device.opcua && !opcua)
    issues.push({ path: at('opcua'), message: `${profile.id} is a ${profile.kind}: "opcua" does not apply` });
  if (device.pollIntervalMs !== undefined && opcua)
    issues.push({
      path: at('pollIntervalMs'),
      message: `${profile.id} is an OPC-UA controller, which is not polled (values are pushed)`,
      hint: 'remove pollIntervalMs; set opcua.maxAgeMs to mark silent points stale',
    });
  if (device.opcua?.passwordEnv && !device.opcua.username)
    issues.push({ path: at('opcua', 'passwordEnv'), message: 'passwordEnv needs a username' });
  const ids = measuredPointIds(profile);
  (device.building?.zones ?? []).forEach((zone, z) => {
    for (const [role, id] of Object.entries(zone.points)) {
      if (id === undefined || ids.includes(id)) continue;
      issues.push({
        path: at('building', 'zones', z, 'points', role),
        message: `zone ${zone.id}: ${profile.id} has no point "${id}"`,
        hint: pointHint(id, ids),
      });
    }
  });
  return issues;
}
