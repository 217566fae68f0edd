/**
 * GET /api/building/comparison[?device=school]: the heating the building needs now, with its
 * envelope before and after the energy renovation, on the same weather (issue 3 §5).
 *
 * Computed from the model the simulated controller runs (hardware/simulators/building-opcua/
 * thermal-model.ts, constants in zones.ts), held in steady state at the live outdoor temperature,
 * setpoints, heat pump mode and occupancy read from the building's points:
 *
 *   H = transmission·A + 0.34·ach·V                       (W/K, per zone, by envelope)
 *   heat = clamp(H·(T_set − T_out) − occupants·70 W, 0, emitter power), Σ ≤ heat pump capacity
 *   COP = η·T_supply / max(5 K, T_supply − T_out)          (kelvin, within the model's bounds)
 *   electricity = heat / COP
 *
 * No point measures sunshine, so solar gains are left out of both sides (said in the answer).
 * Only a building whose profile names the simulator has these parameters: a real controller's
 * envelope is not known, and the route says so (409 NOT_SUPPORTED) instead of inventing it.
 */
import type { FastifyInstance } from 'fastify';
import {
  ENVELOPE,
  HEAT_PUMP_MODES,
  PHYSICS,
  SCHOOL_ZONES,
  type EnvelopeSpec,
  type ZoneSpec,
} from '@phare/hardware/simulators/building-opcua/zones.ts';
import { EVERYONE } from '../auth/roles.ts';
import type { Registry } from '../registry/registry.ts';
import { sendError, sendOk } from './routes.ts';
import type { BuildingComparisonView, BuildingEnvelopeDemand, DeviceView } from './wire.ts';

export interface BuildingRouteContext {
  registry: Registry;
}

/** The simulator whose model the comparison reproduces (profile `simulator:` field). */
const SIMULATOR_PREFIX = 'building-opcua/';
/** Local point ids of phare/building-sim-opcua (hardware/profiles/phare/building-sim-opcua.yaml). */
const OUTDOOR_POINT = 'outdoor-temperature';
const MODE_POINT = 'heat-pump.mode';
const KELVIN = 273.15;
const HOURS_PER_DAY = 24;

/** One zone held at its setpoint: the model's spec and the live inputs. */
export interface ZoneDemandInput {
  spec: ZoneSpec;
  setpointC: number;
  occupied: boolean;
}

function lossWPerK(spec: ZoneSpec, envelope: EnvelopeSpec): number {
  const volume = spec.floorAreaM2 * spec.heightM;
  return (
    envelope.transmissionWPerM2K * spec.floorAreaM2 +
    PHYSICS.airHeatCapacityWhPerM3K * envelope.airChangesPerHour * volume
  );
}

/** thermal-model.ts `copAt`. */
export function heatPumpCop(envelope: EnvelopeSpec, outdoorC: number): number {
  const supply = envelope.supplyTemperatureC;
  const lift = Math.max(5, supply - outdoorC);
  const cop = (PHYSICS.heatPumpCarnotEfficiency * (supply + KELVIN)) / lift;
  return Math.min(PHYSICS.copBounds.max, Math.max(PHYSICS.copBounds.min, cop));
}

/** Steady-state heating of the zones with one envelope, at `outdoorC`, setback `setbackK`. */
export function envelopeDemand(
  zones: readonly ZoneDemandInput[],
  envelope: EnvelopeSpec,
  outdoorC: number,
  setbackK: number,
): BuildingEnvelopeDemand {
  let loss = 0;
  let heatW = 0;
  let limited = false;
  for (const zone of zones) {
    const h = lossWPerK(zone.spec, envelope);
    const gains = zone.occupied ? zone.spec.occupants * PHYSICS.occupantSensibleW : 0;
    const needed = Math.max(0, h * (zone.setpointC - setbackK - outdoorC) - gains);
    if (needed > zone.spec.emitterPowerW) limited = true;
    loss += h;
    heatW += Math.min(needed, zone.spec.emitterPowerW);
  }
  if (heatW > PHYSICS.heatPumpCapacityW) {
    limited = true;
    heatW = PHYSICS.heatPumpCapacityW;
  }
  const cop = heatPumpCop(envelope, outdoorC);
  const electricKw = heatW / cop / 1000;
  return {
    lossWPerK: round(loss, 1),
    heatKw: round(heatW / 1000, 3),
    cop: round(cop, 2),
    electricKw: round(electricKw, 3),
    electricKWhPerDay: round(electricKw * HOURS_PER_DAY, 2),
    limited,
  };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

type Lookup = (pointId: string) => { value: unknown; good: boolean } | undefined;

/** The comparison for one simulated building, or the points that keep it from being computed. */
export function buildingComparison(
  device: DeviceView,
  read: Lookup,
  specs: readonly ZoneSpec[] = SCHOOL_ZONES,
  now = Date.now(),
): { ok: true; view: BuildingComparisonView } | { ok: false; missing: string[] } {
  const missing: string[] = [];
  const number = (id: string | undefined): number | null => {
    if (id === undefined) return null;
    const state = read(id);
    if (!state?.good || typeof state.value !== 'number') {
      missing.push(id);
      return null;
    }
    return state.value;
  };
  const outdoorC = number(`${device.id}.${OUTDOOR_POINT}`);
  const modeValue = number(`${device.id}.${MODE_POINT}`);
  const zones: ZoneDemandInput[] = [];
  for (const zone of device.building?.zones ?? []) {
    const spec = specs.find((s) => s.id.toLowerCase() === zone.id.toLowerCase());
    if (!spec) continue;
    const setpointC = number(zone.points.setpoint);
    const occupancy = zone.points.occupancy ? read(zone.points.occupancy) : undefined;
    if (setpointC !== null)
      zones.push({ spec, setpointC, occupied: occupancy?.good === true && occupancy.value === true });
  }
  if (outdoorC === null || modeValue === null || missing.length > 0) return { ok: false, missing };
  const mode = HEAT_PUMP_MODES[modeValue] ?? 'comfort';
  const setbackK = mode === 'eco' ? PHYSICS.ecoSetbackK : 0;
  const before = envelopeDemand(zones, ENVELOPE.before, outdoorC, setbackK);
  const after = envelopeDemand(zones, ENVELOPE.after, outdoorC, setbackK);
  return {
    ok: true,
    view: {
      device: device.id,
      outdoorC,
      mode,
      solarIncluded: false,
      zones: zones.map((z) => ({
        id: z.spec.id.toLowerCase(),
        setpointC: z.setpointC,
        occupied: z.occupied,
      })),
      before,
      after,
      savedFraction: before.electricKw > 0 ? round(1 - after.electricKw / before.electricKw, 4) : null,
      ts: now,
    },
  };
}

export function registerBuildingRoutes(app: FastifyInstance, ctx: BuildingRouteContext): void {
  const { registry } = ctx;
  const simulated = (device: DeviceView): boolean =>
    registry.loaded.profiles.get(device.profile)?.simulator?.startsWith(SIMULATOR_PREFIX) === true;

  app.get<{ Querystring: { device?: string } }>(
    '/api/building/comparison',
    { config: { allow: EVERYONE } },
    (req, reply) => {
      const wanted = req.query.device;
      const buildings = registry.siteView.devices.filter((d) => d.building !== undefined);
      const device = wanted ? buildings.find((d) => d.id === wanted) : buildings.find(simulated);
      if (!device) {
        return sendError(reply, {
          code: 'NOT_FOUND',
          message: wanted
            ? `No building controller ${wanted} on this site`
            : 'No simulated building controller on this site',
          ...(wanted ? { device: wanted } : {}),
        });
      }
      if (!simulated(device)) {
        return sendError(reply, {
          code: 'NOT_SUPPORTED',
          message: `Device ${device.id}: its envelope before and after renovation is not known (only the simulated building's model has it)`,
          device: device.id,
        });
      }
      const result = buildingComparison(device, (id) => {
        const state = registry.snapshot(id)?.state;
        return state ? { value: state.value, good: state.quality === 'good' } : undefined;
      });
      if (!result.ok) {
        return sendError(reply, {
          code: 'POINTS_OFFLINE',
          message: `Device ${device.id}: no live value yet for ${result.missing.join(', ')}`,
          device: device.id,
          points: result.missing,
        });
      }
      return sendOk(reply, result.view);
    },
  );
}
