/**
 * Site schema (`schema: phare/site@1`): one demonstrator, its plan and its devices
 * (ARCHITECTURE.md §2 "Site"; hardware/sites/demo.yaml is the reference example).
 *
 * Checks that need only the site file live here; those that need the devices' profiles (profile
 * exists, `dali` iff the profile is a DALI gateway, one unit id per connection) are in
 * ../site-profile-checks.ts.
 *
 * Positions outside the plan are errors, not warnings: the twin could not draw the device, and
 * in practice it is always a typo (a swapped x/y, a missing digit).
 *
 * Per device, beside `dali`: `opcua` (how the controller connects: certificate trust, user, stale
 * age), `building` (the zones a building controller serves, drawn on the plan with their points)
 * and `pollIntervalMs` (this installation's poll rate). Per site: `vigilance`, flood thresholds on
 * water-level points (site-sections.ts). Write safety, `interlocks` and `writeRate`: write-safety.ts.
 */
import { z } from 'zod';
import type { Endpoint } from '@phare/device-drivers/endpoint.ts';
import { deviceBuilding, deviceOpcua, siteVigilance } from './site-sections.ts';
import { siteInterlocks, siteWriteRate } from './write-safety.ts';
import {
  endpointUri,
  localized,
  planPosition,
  port,
  reportDuplicates,
  slug,
  type IssueParams,
} from './common.ts';

export const SITE_SCHEMA_ID = 'phare/site@1';

const WORKSTREAMS = ['lighting', 'water', 'climate', 'building'] as const;

/** The gateway adapter names group points `groupN.level` and broadcast points `broadcast.level`. */
const RESERVED_LUMINAIRE_IDS = /^(group\d+|broadcast)$/;

const zone = z.strictObject({
  id: slug,
  kind: slug.meta({ description: 'road, sidewalk, park, building…' }),
  name: localized,
  polygon: z
    .array(z.tuple([z.number(), z.number()]))
    .min(3)
    .meta({ description: '[x, y] vertices in metres.' }),
});

const daliGroup = z.strictObject({
  number: z.int().min(0).max(15).meta({ description: 'DALI group 0–15 (IEC 62386-102).' }),
  name: localized.optional(),
});

const luminaire = z.strictObject({
  id: slug.meta({ description: 'Point prefix: lamp03 gives street.lamp03.level.' }),
  shortAddress: z.int().min(0).max(63).meta({ description: 'DALI short address 0–63.' }),
  groups: z.array(z.int().min(0).max(15)),
  position: planPosition,
  ratedPowerW: z.number().positive().optional(),
});

const deviceDali = z.strictObject({
  line: z.int().min(0).max(15).meta({ description: 'DALI line (channel) of the gateway.' }),
  groups: z.array(daliGroup),
  luminaires: z.array(luminaire).min(1),
});

const device = z.strictObject({
  id: slug.meta({ description: 'Device id, the first part of its point ids.' }),
  name: localized,
  profile: z.string().min(1).meta({ description: 'Profile id: vendor/model under hardware/profiles.' }),
  endpoint: endpointUri.optional().meta({ description: "Overrides the profile's default endpoint." }),
  position: planPosition,
  workstreams: z.array(z.enum(WORKSTREAMS)).min(1),
  simulator: z
    .strictObject({
      control: port.optional().meta({ description: "TCP port of the simulator's control API." }),
    })
    .optional(),
  dali: deviceDali.optional(),
  opcua: deviceOpcua.optional(),
  building: deviceBuilding.optional(),
  pollIntervalMs: z
    .int()
    .min(1)
    .optional()
    .meta({ description: "Overrides the profile's default poll interval (polled devices), ms." }),
});

export const siteSchema = z
  .strictObject({
    schema: z.literal(SITE_SCHEMA_ID),
    id: slug,
    name: localized,
    plan: z.strictObject({
      width: z.number().positive().meta({ description: 'Metres along x (east).' }),
      height: z.number().positive().meta({ description: 'Metres along y (north).' }),
      anchor: z.strictObject({
        lat: z.number().min(-90).max(90),
        lon: z.number().min(-180).max(180),
        bearing: z
          .number()
          .min(0)
          .lt(360)
          .meta({ description: 'Degrees from true north of the plan +y axis.' }),
      }),
      zones: z.array(zone).default([]),
    }),
    devices: z.array(device).min(1),
    vigilance: siteVigilance,
    interlocks: siteInterlocks,
    writeRate: siteWriteRate,
  })
  .superRefine((site, ctx) => {
    const { width, height } = site.plan;
    const outside = (x: number, y: number): boolean => x < 0 || y < 0 || x > width || y > height;
    const checkInside = (p: { x: number; y: number }, path: (string | number)[], what: string): void => {
      if (outside(p.x, p.y))
        ctx.addIssue({
          code: 'custom',
          message: `${what} at (${p.x}, ${p.y}) lies outside the plan (0–${width} × 0–${height} m)`,
          path,
          params: {
            hint: 'positions are metres from the plan origin, x east, y north',
          } satisfies IssueParams,
        });
    };

    reportDuplicates(
      ctx,
      site.plan.zones,
      (z) => z.id,
      (i) => ['plan', 'zones', i, 'id'],
      'zone id',
    );
    site.plan.zones.forEach((zone, i) =>
      zone.polygon.forEach(([x, y], v) =>
        checkInside({ x, y }, ['plan', 'zones', i, 'polygon', v], `vertex ${v} of zone ${zone.id}`),
      ),
    );

    reportDuplicates(
      ctx,
      site.devices,
      (d) => d.id,
      (i) => ['devices', i, 'id'],
      'device id',
    );
    const withControl = site.devices.flatMap((d, i) =>
      d.simulator?.control === undefined ? [] : [{ port: d.simulator.control, i }],
    );
    reportDuplicates(
      ctx,
      withControl,
      (c) => c.port,
      (j) => ['devices', withControl[j]!.i, 'simulator', 'control'],
      'simulator control port',
    );

    checkVigilance(ctx, site);

    site.devices.forEach((device, d) => {
      checkInside(device.position, ['devices', d, 'position'], `device ${device.id}`);
      const zones = device.building?.zones ?? [];
      reportDuplicates(
        ctx,
        zones,
        (z) => z.id,
        (i) => ['devices', d, 'building', 'zones', i, 'id'],
        'building zone id',
      );
      zones.forEach((zone, i) =>
        zone.polygon.forEach(([x, y], v) =>
          checkInside(
            { x, y },
            ['devices', d, 'building', 'zones', i, 'polygon', v],
            `vertex ${v} of building zone ${zone.id}`,
          ),
        ),
      );
      reportDuplicates(
        ctx,
        device.workstreams,
        (w) => w,
        (i) => ['devices', d, 'workstreams', i],
        'workstream',
      );
      const dali = device.dali;
      if (!dali) return;
      const at = (...rest: (string | number)[]): (string | number)[] => ['devices', d, 'dali', ...rest];
      reportDuplicates(
        ctx,
        dali.groups,
        (g) => g.number,
        (i) => at('groups', i, 'number'),
        'group number',
      );
      reportDuplicates(
        ctx,
        dali.luminaires,
        (l) => l.id,
        (i) => at('luminaires', i, 'id'),
        'luminaire id',
      );
      reportDuplicates(
        ctx,
        dali.luminaires,
        (l) => l.shortAddress,
        (i) => at('luminaires', i, 'shortAddress'),
        'short address',
      );
      const declared = new Set(dali.groups.map((g) => g.number));
      dali.luminaires.forEach((lum, l) => {
        if (RESERVED_LUMINAIRE_IDS.test(lum.id))
          ctx.addIssue({
            code: 'custom',
            message: `luminaire id "${lum.id}" is reserved for group and broadcast points`,
            path: at('luminaires', l, 'id'),
          });
        checkInside(lum.position, at('luminaires', l, 'position'), `luminaire ${lum.id}`);
        lum.groups.forEach((group, g) => {
          if (!declared.has(group))
            ctx.addIssue({
              code: 'custom',
              message: `luminaire ${lum.id} is in group ${group}, which dali.groups does not declare`,
              path: at('luminaires', l, 'groups', g),
              params: {
                hint: `declare it: - { number: ${group}, name: { fr: …, en: … } } (declared: ${[...declared].join(', ') || 'none'})`,
              } satisfies IssueParams,
            });
        });
        reportDuplicates(
          ctx,
          lum.groups,
          (g) => g,
          (g) => at('luminaires', l, 'groups', g),
          'group',
        );
      });
    });
  })
  .meta({
    title: 'Phare site',
    description: 'One demonstrator: its plan and its devices (phare/site@1).',
  });

type ParsedSiteShape = { devices: { id: string }[]; vigilance: z.output<typeof siteVigilance> };

/** Thresholds ascending, hysteresis narrower than the smallest step, one rule per device. */
function checkVigilance(ctx: z.RefinementCtx, site: ParsedSiteShape): void {
  const ids = site.devices.map((d) => d.id);
  const at = (i: number, ...rest: (string | number)[]) => ['vigilance', i, ...rest];
  reportDuplicates(
    ctx,
    site.vigilance,
    (v) => v.point.split('.')[0]!,
    (i) => at(i, 'point'),
    'vigilance device (one vigilance point per device)',
  );
  site.vigilance.forEach((rule, i) => {
    const device = rule.point.split('.')[0]!;
    if (!ids.includes(device))
      ctx.addIssue({
        code: 'custom',
        message: `vigilance point ${rule.point}: no device "${device}" on this site`,
        path: at(i, 'point'),
        params: { hint: `devices: ${ids.join(', ')}` } satisfies IssueParams,
      });
    const { yellow, orange, red } = rule.thresholds;
    if (!(yellow < orange && orange < red))
      ctx.addIssue({
        code: 'custom',
        message: `thresholds must ascend: yellow ${yellow} < orange ${orange} < red ${red}`,
        path: at(i, 'thresholds'),
      });
    const step = Math.min(orange - yellow, red - orange);
    if (step > 0 && rule.hysteresis >= step)
      ctx.addIssue({
        code: 'custom',
        message: `hysteresis ${rule.hysteresis} must be smaller than the smallest threshold step (${step})`,
        path: at(i, 'hysteresis'),
        params: {
          hint: 'otherwise a level could not fall back before reaching the one below',
        } satisfies IssueParams,
      });
  });
}

export type SiteFile = z.input<typeof siteSchema>;
/** The site as parsed from its file alone (device endpoints optional). */
export type ParsedSite = z.output<typeof siteSchema>;
export type ParsedSiteDevice = ParsedSite['devices'][number];

/**
 * A device once its profile is known: the endpoint is the device's own or the profile's default,
 * and unitId is the endpoint's `unit` parameter (Modbus endpoints).
 */
export type SiteDevice = Omit<ParsedSiteDevice, 'endpoint'> & { endpoint: Endpoint; unitId?: number };
export type Site = Omit<ParsedSite, 'devices'> & { devices: SiteDevice[] };
export type Workstream = (typeof WORKSTREAMS)[number];
export type Luminaire = NonNullable<ParsedSiteDevice['dali']>['luminaires'][number];
export type VigilanceRule = ParsedSite['vigilance'][number];
export type { Interlock, WriteRateConfig } from './write-safety.ts';
export type BuildingZone = NonNullable<ParsedSiteDevice['building']>['zones'][number];
export type DeviceOpcua = NonNullable<ParsedSiteDevice['opcua']>;
