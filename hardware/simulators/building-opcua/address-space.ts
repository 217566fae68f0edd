/**
 * The OPC-UA address space of the simulated building controller, built on a BuildingModel.
 *
 * Layout (protocols.md §5.1, "suggested room/zone model"): Objects/Building with string NodeIds
 *   ns=1;s=Building.<Zone>.{Temperature, Setpoint, RelativeHumidity, CO2, ValvePosition, Occupancy,
 *                            WindowOpen}
 *   ns=1;s=Building.HeatPump.{Mode, HeatOutput, COP, SetMode()}
 *   ns=1;s=Building.Meter.{ActivePower, ActiveEnergy}
 *   ns=1;s=Building.OutdoorTemperature
 * Measurements are AnalogItemType with EURange and EngineeringUnits (UNECE codes, OPC UA Part 8
 * §5.3.2.3). Values are getters on the model with minimumSamplingInterval 100 ms (pitfall 4: without
 * it node-opcua samples at 1 s). node-opcua does not enforce EURange on writes (pitfall 5), so the
 * setters refuse out-of-range values with BadOutOfRange themselves.
 *
 * A point can be frozen (control API): its getter then returns the value it had, as a stuck sensor
 * or a hung PLC task would, so the controller can mark it stale.
 */
import {
  DataType,
  StatusCodes,
  Variant,
  makeEUInformation,
  standardUnits,
  type EUInformation,
  type Namespace,
  type StatusCode,
  type UAObject,
  type AddressSpace,
} from 'node-opcua';
import type { BuildingModel, ZoneState } from './thermal-model.ts';
import { HEAT_PUMP_MODES, SETPOINT_RANGE, type HeatPumpMode } from './zones.ts';

export const NAMESPACE_URI = 'urn:phare:building-sim';
const SAMPLING_MS = 100;

/** kWh is not among node-opcua's 65 standardUnits (protocols.md §5.2): UNECE KWH → 4937544. */
const KILOWATT_HOUR = makeEUInformation('KWH', 'kWh', 'kilowatt hour');

type Scalar = number | boolean;

// Explicit access levels: node-opcua makes a variable writable unless told otherwise.
const READ_ONLY = { accessLevel: 'CurrentRead', userAccessLevel: 'CurrentRead' } as const;
const READ_WRITE = {
  accessLevel: 'CurrentRead | CurrentWrite',
  userAccessLevel: 'CurrentRead | CurrentWrite',
} as const;

/** Frozen values by point key (`Zone1.Temperature`, `HeatPump.COP`…). */
export class FreezeTable {
  private readonly frozen = new Map<string, Scalar>();
  readonly keys = new Set<string>();

  read(key: string, live: () => Scalar): Scalar {
    return this.frozen.has(key) ? this.frozen.get(key)! : live();
  }

  set(key: string, frozen: boolean, current: Scalar): void {
    if (frozen) this.frozen.set(key, current);
    else this.frozen.delete(key);
  }

  isFrozen(key: string): boolean {
    return this.frozen.has(key);
  }

  list(): string[] {
    return [...this.frozen.keys()];
  }
}

export interface BuildingAddressSpaceContext {
  model: BuildingModel;
  /** Brings the model up to the current simulated time before a value is read. */
  sync(): void;
  freeze: FreezeTable;
  /** Live (unfrozen) value of a point, by key; undefined when there is no such point. */
  readers: Map<string, () => Scalar>;
}

interface AnalogSpec {
  key: string;
  parent: UAObject;
  browseName: string;
  unit?: EUInformation;
  range: { low: number; high: number };
  description: string;
  live: () => number;
  set?: (value: number) => StatusCode;
}

export function buildBuildingAddressSpace(
  addressSpace: AddressSpace,
  context: BuildingAddressSpaceContext,
): void {
  const ns = addressSpace.getOwnNamespace();
  const { model } = context;
  const building = ns.addFolder(addressSpace.rootFolder.objects, {
    browseName: 'Building',
    nodeId: 's=Building',
  });

  const read = (key: string, live: () => Scalar): Scalar => {
    context.sync();
    return context.freeze.read(key, live);
  };

  const analog = (spec: AnalogSpec): void => {
    context.readers.set(spec.key, spec.live);
    context.freeze.keys.add(spec.key);
    const setter = spec.set;
    ns.addAnalogDataItem({
      componentOf: spec.parent,
      browseName: spec.browseName,
      nodeId: `s=Building.${spec.key}`,
      description: spec.description,
      dataType: 'Double',
      engineeringUnitsRange: spec.range,
      ...(spec.unit ? { engineeringUnits: spec.unit } : {}),
      minimumSamplingInterval: SAMPLING_MS,
      ...(setter ? READ_WRITE : READ_ONLY),
      value: {
        get: () => new Variant({ dataType: DataType.Double, value: read(spec.key, spec.live) as number }),
        ...(setter ? { set: (variant: Variant) => setter(Number(variant.value)) } : {}),
      },
    });
  };

  for (const zone of model.zones) addZone(ns, building, zone, analog, context, read);

  const heatPump = ns.addObject({
    componentOf: building,
    browseName: 'HeatPump',
    nodeId: 's=Building.HeatPump',
  });
  const setMode = (value: number): StatusCode => {
    if (!Number.isInteger(value) || value < 0 || value >= HEAT_PUMP_MODES.length)
      return StatusCodes.BadOutOfRange;
    context.sync();
    model.mode = value as HeatPumpMode;
    return StatusCodes.Good;
  };
  context.readers.set('HeatPump.Mode', () => model.mode);
  context.freeze.keys.add('HeatPump.Mode');
  ns.addVariable({
    componentOf: heatPump,
    browseName: 'Mode',
    nodeId: 's=Building.HeatPump.Mode',
    description: 'Operating mode: 0 off, 1 eco (setpoints lowered), 2 comfort',
    dataType: 'Int32',
    ...READ_WRITE,
    minimumSamplingInterval: SAMPLING_MS,
    value: {
      get: () =>
        new Variant({ dataType: DataType.Int32, value: read('HeatPump.Mode', () => model.mode) as number }),
      set: (variant: Variant) => setMode(Number(variant.value)),
    },
  });
  analog({
    key: 'HeatPump.HeatOutput',
    parent: heatPump,
    browseName: 'HeatOutput',
    unit: standardUnits.kilowatt,
    range: { low: 0, high: 100 },
    description: 'Heat delivered to the zones',
    live: () => model.heatOutputW / 1000,
  });
  analog({
    key: 'HeatPump.COP',
    parent: heatPump,
    browseName: 'COP',
    range: { low: 0, high: 10 },
    description: 'Coefficient of performance (heat out / electricity in), dimensionless',
    live: () => model.cop,
  });
  const method = ns.addMethod(heatPump, {
    browseName: 'SetMode',
    nodeId: 's=Building.HeatPump.SetMode',
    inputArguments: [
      { name: 'mode', description: { text: '0 off, 1 eco, 2 comfort' }, dataType: DataType.Int32 },
    ],
    outputArguments: [
      { name: 'previousMode', description: { text: 'mode before the call' }, dataType: DataType.Int32 },
    ],
  });
  // The three-argument callback form: node-opcua tells async functors apart by their constructor,
  // which a transpiler may not keep.
  method.bindMethod((inputArguments, _context, callback) => {
    const previous = model.mode;
    const statusCode = setMode(Number(inputArguments[0]?.value));
    callback(null, {
      statusCode,
      outputArguments: statusCode.isGood()
        ? [new Variant({ dataType: DataType.Int32, value: previous })]
        : [],
    });
  });

  const meter = ns.addObject({ componentOf: building, browseName: 'Meter', nodeId: 's=Building.Meter' });
  analog({
    key: 'Meter.ActivePower',
    parent: meter,
    browseName: 'ActivePower',
    unit: standardUnits.kilowatt,
    range: { low: 0, high: 200 },
    description: 'Electrical power of the building (heat pump and base load)',
    live: () => model.activePowerW / 1000,
  });
  analog({
    key: 'Meter.ActiveEnergy',
    parent: meter,
    browseName: 'ActiveEnergy',
    unit: KILOWATT_HOUR,
    range: { low: 0, high: 1e9 },
    description: 'Electrical energy since the meter started, monotonic',
    live: () => model.activeEnergyKwh,
  });
  analog({
    key: 'OutdoorTemperature',
    parent: building,
    browseName: 'OutdoorTemperature',
    unit: standardUnits.degree_celsius,
    range: { low: -40, high: 50 },
    description: 'Outdoor air temperature',
    live: () => model.weather.outdoorC,
  });
}

function addZone(
  ns: Namespace,
  building: UAObject,
  zone: ZoneState,
  analog: (spec: AnalogSpec) => void,
  context: BuildingAddressSpaceContext,
  read: (key: string, live: () => Scalar) => Scalar,
): void {
  const id = zone.spec.id;
  const parent = ns.addObject({
    componentOf: building,
    browseName: id,
    nodeId: `s=Building.${id}`,
    description: `${zone.spec.name.en} (${zone.spec.name.fr})`,
  });
  const temperature = { unit: standardUnits.degree_celsius, parent };
  analog({
    ...temperature,
    key: `${id}.Temperature`,
    browseName: 'Temperature',
    range: { low: -10, high: 50 },
    description: 'Zone air temperature',
    live: () => zone.temperatureC,
  });
  analog({
    ...temperature,
    key: `${id}.Setpoint`,
    browseName: 'Setpoint',
    range: { ...SETPOINT_RANGE },
    description: 'Heating setpoint (comfort mode)',
    live: () => zone.setpointC,
    set: (value) => {
      if (!(value >= SETPOINT_RANGE.low && value <= SETPOINT_RANGE.high)) return StatusCodes.BadOutOfRange;
      context.sync();
      context.model.setSetpoint(id, value);
      return StatusCodes.Good;
    },
  });
  analog({
    parent,
    key: `${id}.RelativeHumidity`,
    browseName: 'RelativeHumidity',
    unit: standardUnits.percent,
    range: { low: 0, high: 100 },
    description: 'Relative humidity',
    live: () => zone.relativeHumidity,
  });
  analog({
    parent,
    key: `${id}.CO2`,
    browseName: 'CO2',
    unit: standardUnits.part_per_million,
    range: { low: 0, high: 5000 },
    description: 'CO2 concentration',
    live: () => zone.co2Ppm,
  });
  analog({
    parent,
    key: `${id}.ValvePosition`,
    browseName: 'ValvePosition',
    unit: standardUnits.percent,
    range: { low: 0, high: 100 },
    description: 'Heating valve opening',
    live: () => zone.valvePosition,
  });
  addZoneBoolean(ns, parent, context, read, {
    key: `${id}.Occupancy`,
    browseName: 'Occupancy',
    description: 'Presence detected in the zone',
    live: () => zone.occupied,
  });
  addZoneBoolean(ns, parent, context, read, {
    key: `${id}.WindowOpen`,
    browseName: 'WindowOpen',
    description: 'Window contact: true while a window of the zone is open',
    live: () => zone.windowOpen,
  });
}

/** A read-only Boolean of a zone (a presence detector, a window contact), freezable like the rest. */
function addZoneBoolean(
  ns: Namespace,
  parent: UAObject,
  context: BuildingAddressSpaceContext,
  read: (key: string, live: () => Scalar) => Scalar,
  spec: { key: string; browseName: string; description: string; live: () => boolean },
): void {
  context.readers.set(spec.key, spec.live);
  context.freeze.keys.add(spec.key);
  ns.addVariable({
    componentOf: parent,
    browseName: spec.browseName,
    nodeId: `s=Building.${spec.key}`,
    description: spec.description,
    dataType: 'Boolean',
    ...READ_ONLY,
    minimumSamplingInterval: SAMPLING_MS,
    value: {
      get: () => new Variant({ dataType: DataType.Boolean, value: read(spec.key, spec.live) as boolean }),
    },
  });
}
