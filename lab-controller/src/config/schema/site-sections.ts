/**
 * Site sections beyond the plan and the DALI map:
 *
 * - `devices[].opcua`: how the controller meets an OPC-UA server on this installation.
 *   `trust: demo` accepts an unknown server certificate on first sight (it is stored under
 *   `<dataDir>/pki/opcua/trusted`); meant for simulators on this machine. `explicit` (the default)
 *   refuses it until someone runs `phare certs trust` (protocols.md §5.2): a spoofed controller must
 *   not receive our writes. Credentials: `username` and `passwordEnv`, the NAME of an environment
 *   variable holding the password, so no password is ever written in a site file or the repository.
 *   `maxAgeMs`: a subscribed point that receives no notification for that long turns `stale`
 *   (a frozen sensor); absent, an unchanged value is simply unchanged (OPC-UA reports changes only).
 * - `devices[].building`: the zones a building controller serves, drawn on the plan, each with the
 *   local ids of its points (temperature, setpoint, occupancy…), so the twin colours a zone by its
 *   temperature without knowing the controller's address space.
 * - `vigilance`: flood vigilance on water-level points, French Vigicrues colours (green, yellow,
 *   orange, red): a level is reached at its threshold and left below threshold − hysteresis.
 */
import { z } from 'zod';
import { OPCUA_SECURITY_MODES, OPCUA_SECURITY_POLICIES } from './opcua-points.ts';
import { localized, slug } from './common.ts';

const localPointId = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)*$/,
    'a point id of the device, e.g. zone1.temperature',
  );

export const deviceOpcua = z.strictObject({
  trust: z.enum(['explicit', 'demo']).default('explicit').meta({
    description:
      'explicit: an unknown server certificate is refused until `phare certs trust`; demo: accepted on first sight (simulators).',
  }),
  username: z.string().min(1).optional().meta({ description: 'User name; absent = anonymous.' }),
  passwordEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, 'the NAME of an environment variable, e.g. PHARE_SCHOOL_PASSWORD')
    .optional()
    .meta({ description: 'Environment variable that holds the password (never the password itself).' }),
  securityMode: z.enum(OPCUA_SECURITY_MODES).optional().meta({ description: "Overrides the profile's." }),
  securityPolicy: z
    .enum(OPCUA_SECURITY_POLICIES)
    .optional()
    .meta({ description: "Overrides the profile's." }),
  maxAgeMs: z
    .int()
    .min(1)
    .optional()
    .meta({ description: 'A point with no notification for this long turns stale (a frozen sensor).' }),
});

/** Roles a zone's points may play; all optional. */
const zonePoints = z.strictObject({
  temperature: localPointId.optional(),
  setpoint: localPointId.optional(),
  occupancy: localPointId.optional(),
  co2: localPointId.optional(),
  relativeHumidity: localPointId.optional(),
  valvePosition: localPointId.optional(),
});
export const ZONE_POINT_ROLES = Object.keys(zonePoints.shape) as (keyof typeof zonePoints.shape)[];

export const deviceBuilding = z.strictObject({
  zones: z
    .array(
      z.strictObject({
        id: slug,
        name: localized,
        polygon: z
          .array(z.tuple([z.number(), z.number()]))
          .min(3)
          .meta({ description: '[x, y] vertices in metres, on the site plan.' }),
        points: zonePoints.meta({ description: 'Local point ids of the device for this zone.' }),
      }),
    )
    .min(1),
});

export const siteVigilance = z
  .array(
    z.strictObject({
      point: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]*\.[A-Za-z]/, 'a site point id <device>.<point>, e.g. river.level')
        .meta({ description: 'The water-level point, e.g. river.level; gives <device>.vigilance.' }),
      thresholds: z.strictObject({
        yellow: z.number(),
        orange: z.number(),
        red: z.number(),
      }),
      hysteresis: z
        .number()
        .min(0)
        .meta({ description: 'A level is left only below its threshold minus this, in the point unit.' }),
    }),
  )
  .default([])
  .meta({ description: 'Flood vigilance: Vigicrues levels from water-level thresholds.' });
