/**
 * Control API of the building simulator (stimuli and faults for scenarios and tests):
 *   GET  /state                      model snapshot, frozen points, monitored items per node
 *   POST /weather    { outdoorC?, solarWm2? }
 *   POST /occupancy  { zone, occupied }
 *   POST /window     { zone, open }                a window of the zone opens or closes
 *   POST /renovated  { value }
 *   POST /freeze     { nodeId | point, frozen }   the value stops changing (a stuck sensor)
 *   POST /restart                                 controller reboot: every session is lost
 */
import {
  ControlInputError,
  objectBody,
  optionalBoolean,
  type ControlRoute,
  type JsonObject,
} from '../control/index.ts';
import type { BuildingSimulator } from './simulator.ts';
import type { ZoneState } from './thermal-model.ts';

function optionalNumber(
  body: JsonObject,
  key: string,
  range: { min: number; max: number },
): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max) {
    throw new ControlInputError(`${key} must be a number from ${range.min} to ${range.max}`);
  }
  return value;
}

function requiredBoolean(body: JsonObject, key: string): boolean {
  const value = optionalBoolean(body, key);
  if (value === undefined) throw new ControlInputError(`${key} is required (true or false)`);
  return value;
}

function optionalString(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new ControlInputError(`${key} must be a non-empty string`);
  return value;
}

function zoneOf(sim: BuildingSimulator, fields: JsonObject): ZoneState {
  const zoneId = optionalString(fields, 'zone');
  const zone = zoneId === undefined ? undefined : sim.model.zone(zoneId);
  if (!zone) {
    const known = sim.model.zones.map((z) => z.spec.id).join(', ');
    throw new ControlInputError(`zone must be one of ${known}`, zoneId === undefined ? 400 : 404);
  }
  return zone;
}

export function buildingControlRoutes(sim: BuildingSimulator): ControlRoute[] {
  const state = () => {
    sim.sync();
    return {
      endpointUrl: sim.endpointUrl,
      running: sim.running,
      frozen: sim.freeze.list(),
      monitoredItems: Object.fromEntries(sim.monitoredItemCounts()),
      ...sim.model.snapshot(),
    };
  };
  return [
    {
      method: 'GET',
      path: '/state',
      summary: 'zones, heat pump, meter, weather, frozen points, monitored items',
      handler: state,
    },
    {
      method: 'POST',
      path: '/weather',
      summary: 'body { outdoorC?: number, solarWm2?: number }: the weather every zone sees',
      handler: ({ body }) => {
        const fields = objectBody(body, ['outdoorC', 'solarWm2']);
        const outdoorC = optionalNumber(fields, 'outdoorC', { min: -40, max: 50 });
        const solarWm2 = optionalNumber(fields, 'solarWm2', { min: 0, max: 1400 });
        sim.sync();
        if (outdoorC !== undefined) sim.model.weather.outdoorC = outdoorC;
        if (solarWm2 !== undefined) sim.model.weather.solarWm2 = solarWm2;
        return state();
      },
    },
    {
      method: 'POST',
      path: '/occupancy',
      summary: 'body { zone: "Zone1", occupied: boolean }: people enter or leave a zone',
      handler: ({ body }) => {
        const fields = objectBody(body, ['zone', 'occupied']);
        const zone = zoneOf(sim, fields);
        const occupied = requiredBoolean(fields, 'occupied');
        sim.sync();
        zone.occupied = occupied;
        return state();
      },
    },
    {
      method: 'POST',
      path: '/window',
      summary: 'body { zone: "Zone1", open: boolean }: a window of the zone opens or closes',
      handler: ({ body }) => {
        const fields = objectBody(body, ['zone', 'open']);
        const zone = zoneOf(sim, fields);
        const open = requiredBoolean(fields, 'open');
        sim.sync();
        zone.windowOpen = open;
        return state();
      },
    },
    {
      method: 'POST',
      path: '/renovated',
      summary: 'body { value: boolean }: switch the envelope and emitters before/after renovation',
      handler: ({ body }) => {
        const value = requiredBoolean(objectBody(body, ['value']), 'value');
        sim.sync();
        sim.model.renovated = value;
        return state();
      },
    },
    {
      method: 'POST',
      path: '/freeze',
      summary: 'body { nodeId | point, frozen: boolean }: the value stops changing (stuck sensor)',
      handler: ({ body }) => {
        const fields = objectBody(body, ['nodeId', 'point', 'frozen']);
        const target = optionalString(fields, 'nodeId') ?? optionalString(fields, 'point');
        if (target === undefined) throw new ControlInputError('give nodeId or point');
        const frozen = requiredBoolean(fields, 'frozen');
        try {
          sim.setFrozen(target, frozen);
        } catch (error) {
          throw new ControlInputError((error as Error).message, 404);
        }
        return state();
      },
    },
    {
      method: 'POST',
      path: '/restart',
      summary: 'reboot the OPC-UA server on the same port: sessions and subscriptions are lost',
      handler: async () => {
        await sim.restart();
        return state();
      },
    },
  ];
}
