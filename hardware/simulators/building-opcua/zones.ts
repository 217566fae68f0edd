/**
 * The building the OPC-UA simulator plays: its zones and the physical constants that differ before
 * and after an energy renovation. Data only; the physics is in thermal-model.ts.
 *
 * Sources for the constants (orders of magnitude a trainer can defend, not a certified calculation):
 * - heat capacity: ISO 13790:2008 Table 12, "medium" class, Cm = 165 000 J/K per m² of floor;
 * - air heat capacity 0.34 Wh/(m³·K) (ρ·cp of air), used for ventilation losses;
 * - sensible gain 70 W and CO2 0.0052 L/s per seated occupant (ASHRAE Handbook Fundamentals, ch. 18;
 *   ASHRAE 62.1 Appendix C);
 * - envelope conductances: a 1970s school (uninsulated walls, single glazing) versus a renovation to
 *   French RE2020-like levels; supply temperatures: radiators at 55 °C versus low-temperature
 *   emitters at 35 °C after the renovation, which is what raises the heat pump's COP.
 */

export interface ZoneSpec {
  /** BrowseName and NodeId part: `ns=1;s=Building.<id>.Temperature`. */
  id: string;
  name: { fr: string; en: string };
  floorAreaM2: number;
  heightM: number;
  /** People in the zone when it is occupied. */
  occupants: number;
  /** Glazed area receiving the solar irradiance given by the weather. */
  windowAreaM2: number;
  /** Heat the zone's emitters deliver with the valve fully open, W. */
  emitterPowerW: number;
  setpointC: number;
  initialTemperatureC?: number;
  occupied?: boolean;
  windowOpen?: boolean;
}

/** Per-renovation-state physics: what the renovation changes. */
export interface EnvelopeSpec {
  /** Transmission losses per m² of floor, W/(m²·K). */
  transmissionWPerM2K: number;
  /** Effective air changes per hour (infiltration + ventilation net of heat recovery). */
  airChangesPerHour: number;
  /** Heating water supply temperature, °C (sets the heat pump COP). */
  supplyTemperatureC: number;
  /** Total solar energy transmittance of the glazing (g-value). */
  glazingG: number;
}

export const ENVELOPE: Readonly<Record<'before' | 'after', EnvelopeSpec>> = {
  before: { transmissionWPerM2K: 1.6, airChangesPerHour: 1.2, supplyTemperatureC: 55, glazingG: 0.75 },
  after: { transmissionWPerM2K: 0.5, airChangesPerHour: 0.5, supplyTemperatureC: 35, glazingG: 0.6 },
};

export const PHYSICS = {
  heatCapacityJPerM2K: 165_000,
  airHeatCapacityWhPerM3K: 0.34,
  occupantSensibleW: 70,
  occupantCo2LitresPerSecond: 0.0052,
  outdoorCo2Ppm: 420,
  /** Carnot efficiency of the heat pump: COP = η·T_supply / (T_supply − T_outdoor), kelvin. */
  heatPumpCarnotEfficiency: 0.45,
  copBounds: { min: 1.5, max: 6 },
  heatPumpCapacityW: 80_000,
  /** Lighting, IT and kitchen base load on the same meter, W (the same before and after). */
  baseLoadW: 2_000,
  /**
   * Extra air changes per hour while a zone's window is open (a window on tilt in a classroom):
   * an order of magnitude, enough for the twin and the interlock demo to show heat going out.
   */
  openWindowAirChangesPerHour: 4,
  /** Eco mode lowers every zone's setpoint by this much, K. */
  ecoSetbackK: 3,
  /** PI valve controller: proportional gain per K and integral time, s. */
  valveGainPerK: 0.5,
  valveIntegralTimeS: 1_800,
} as const;

/** A primary school: two classes, the hall, the canteen and the offices. */
export const SCHOOL_ZONES: readonly ZoneSpec[] = [
  {
    id: 'Zone1',
    name: { fr: 'Classe CP', en: 'Classroom 1' },
    floorAreaM2: 60,
    heightM: 3,
    occupants: 25,
    windowAreaM2: 12,
    emitterPowerW: 8_000,
    setpointC: 20,
  },
  {
    id: 'Zone2',
    name: { fr: 'Classe CM2', en: 'Classroom 2' },
    floorAreaM2: 60,
    heightM: 3,
    occupants: 27,
    windowAreaM2: 12,
    emitterPowerW: 8_000,
    setpointC: 20,
  },
  {
    id: 'Zone3',
    name: { fr: 'Préau et hall', en: 'Hall' },
    floorAreaM2: 150,
    heightM: 4,
    occupants: 10,
    windowAreaM2: 20,
    emitterPowerW: 20_000,
    setpointC: 17,
  },
  {
    id: 'Zone4',
    name: { fr: 'Cantine', en: 'Canteen' },
    floorAreaM2: 120,
    heightM: 3.5,
    occupants: 60,
    windowAreaM2: 18,
    emitterPowerW: 16_000,
    setpointC: 19,
  },
  {
    id: 'Zone5',
    name: { fr: 'Bureaux', en: 'Offices' },
    floorAreaM2: 45,
    heightM: 2.7,
    occupants: 4,
    windowAreaM2: 8,
    emitterPowerW: 6_000,
    setpointC: 20,
  },
];

/** Heat pump modes (Int32 enumeration on the wire). */
export const HEAT_PUMP_MODES = ['off', 'eco', 'comfort'] as const;
export type HeatPumpMode = 0 | 1 | 2;

/** Setpoint range the controller accepts (EURange of every zone Setpoint). */
export const SETPOINT_RANGE = { low: 16, high: 28 } as const;
