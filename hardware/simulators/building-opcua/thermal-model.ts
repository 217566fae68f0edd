/**
 * Physics of the simulated school: one RC node per zone (ISO 13790 simple hourly method, reduced to
 * one capacity and one conductance), a heat pump feeding the zones through PI-controlled valves,
 * and an electricity meter.
 *
 *   C·dT/dt = H·(T_out − T) + gains_occupants + gains_solar + valve·P_emitter·on
 *   H = transmission·A + 0.34·ach·V        (W/K, depends on `renovated`)
 *   COP = η·T_supply / (T_supply − T_out)   (kelvin; the renovation lowers T_supply)
 *   P_electric = Σ heat / COP + base load
 *
 * Time comes from outside (`advanceTo(simulated ms)`), integrated by explicit Euler in sub-steps of
 * at most 30 s, far below the shortest time constant (C / valve gain ≈ 1 h), so any clock speed is
 * stable. The same weather before and after renovation gives the saving (the test proves it).
 */
import {
  ENVELOPE,
  PHYSICS,
  SETPOINT_RANGE,
  type EnvelopeSpec,
  type HeatPumpMode,
  type ZoneSpec,
} from './zones.ts';

const MAX_STEP_S = 30;
const KELVIN = 273.15;

export interface ZoneState {
  spec: ZoneSpec;
  temperatureC: number;
  setpointC: number;
  relativeHumidity: number;
  co2Ppm: number;
  /** 0–100 %. */
  valvePosition: number;
  occupied: boolean;
  /** The zone's window contact (control API `/window`): open windows add air changes. */
  windowOpen: boolean;
  /** Heat delivered by the emitters, W. */
  heatW: number;
  integral: number;
}

export interface Weather {
  outdoorC: number;
  solarWm2: number;
}

export interface BuildingSnapshot {
  simulatedTime: string;
  renovated: boolean;
  weather: Weather;
  heatPump: { mode: HeatPumpMode; heatOutputKw: number; cop: number };
  meter: { activePowerKw: number; activeEnergyKwh: number };
  zones: Array<{
    id: string;
    name: { fr: string; en: string };
    temperatureC: number;
    setpointC: number;
    relativeHumidity: number;
    co2Ppm: number;
    valvePosition: number;
    occupied: boolean;
    windowOpen: boolean;
  }>;
}

export class BuildingModel {
  readonly zones: ZoneState[];
  weather: Weather = { outdoorC: 5, solarWm2: 0 };
  renovated: boolean;
  mode: HeatPumpMode = 2;
  heatOutputW = 0;
  cop = 1;
  activePowerW: number = PHYSICS.baseLoadW;
  activeEnergyKwh = 0;
  private lastMs: number;

  constructor(zones: readonly ZoneSpec[], options: { renovated: boolean; startMs: number }) {
    this.renovated = options.renovated;
    this.lastMs = options.startMs;
    this.zones = zones.map((spec) => ({
      spec,
      temperatureC: spec.initialTemperatureC ?? spec.setpointC,
      setpointC: spec.setpointC,
      relativeHumidity: 45,
      co2Ppm: PHYSICS.outdoorCo2Ppm,
      valvePosition: 0,
      occupied: spec.occupied ?? false,
      windowOpen: spec.windowOpen ?? false,
      heatW: 0,
      integral: 0,
    }));
    this.cop = this.copAt(this.weather.outdoorC);
  }

  get envelope(): EnvelopeSpec {
    return this.renovated ? ENVELOPE.after : ENVELOPE.before;
  }

  get simulatedMs(): number {
    return this.lastMs;
  }

  zone(id: string): ZoneState | undefined {
    return this.zones.find((z) => z.spec.id === id);
  }

  /** Integrates the physics up to `nowMs` (simulated); earlier times are ignored. */
  advanceTo(nowMs: number): void {
    let remainingS = (nowMs - this.lastMs) / 1000;
    if (!(remainingS > 0)) return;
    this.lastMs = nowMs;
    while (remainingS > 0) {
      const dt = Math.min(MAX_STEP_S, remainingS);
      this.step(dt);
      remainingS -= dt;
    }
  }

  setSetpoint(zoneId: string, value: number): void {
    const zone = this.zone(zoneId);
    if (!zone) throw new RangeError(`no zone ${zoneId}`);
    if (!(value >= SETPOINT_RANGE.low && value <= SETPOINT_RANGE.high)) {
      throw new RangeError(`setpoint ${value} outside ${SETPOINT_RANGE.low}–${SETPOINT_RANGE.high} °C`);
    }
    zone.setpointC = value;
  }

  private copAt(outdoorC: number): number {
    const supply = this.envelope.supplyTemperatureC;
    const lift = Math.max(5, supply - outdoorC);
    const cop = (PHYSICS.heatPumpCarnotEfficiency * (supply + KELVIN)) / lift;
    return Math.min(PHYSICS.copBounds.max, Math.max(PHYSICS.copBounds.min, cop));
  }

  private airChangesPerHour(zone: ZoneState): number {
    return this.envelope.airChangesPerHour + (zone.windowOpen ? PHYSICS.openWindowAirChangesPerHour : 0);
  }

  private conductanceWPerK(zone: ZoneState): number {
    const { spec } = zone;
    const volume = spec.floorAreaM2 * spec.heightM;
    return (
      this.envelope.transmissionWPerM2K * spec.floorAreaM2 +
      PHYSICS.airHeatCapacityWhPerM3K * this.airChangesPerHour(zone) * volume
    );
  }

  private step(dtS: number): void {
    const { outdoorC, solarWm2 } = this.weather;
    const heating = this.mode !== 0;
    const setback = this.mode === 1 ? PHYSICS.ecoSetbackK : 0;
    let demandW = 0;
    for (const zone of this.zones) {
      const error = zone.setpointC - setback - zone.temperatureC;
      let valve = 0;
      if (heating) {
        const unclamped = PHYSICS.valveGainPerK * error + zone.integral;
        valve = Math.min(1, Math.max(0, unclamped));
        // Anti-windup: integrate only while the valve is not saturated against the error.
        if (valve === unclamped || (valve === 1 && error < 0) || (valve === 0 && error > 0)) {
          zone.integral += ((PHYSICS.valveGainPerK * error) / PHYSICS.valveIntegralTimeS) * dtS;
          zone.integral = Math.min(1, Math.max(-1, zone.integral));
        }
      } else {
        zone.integral = 0;
      }
      zone.valvePosition = valve * 100;
      zone.heatW = valve * zone.spec.emitterPowerW;
      demandW += zone.heatW;
    }
    // The heat pump cannot deliver more than its capacity: every zone gets the same share.
    const share = demandW > PHYSICS.heatPumpCapacityW ? PHYSICS.heatPumpCapacityW / demandW : 1;
    this.heatOutputW = demandW * share;
    this.cop = this.copAt(outdoorC);
    for (const zone of this.zones) {
      zone.heatW *= share;
      this.integrateZone(zone, dtS, outdoorC, solarWm2);
    }
    const heatPumpW = heating ? this.heatOutputW / this.cop : 0;
    this.activePowerW = heatPumpW + PHYSICS.baseLoadW;
    this.activeEnergyKwh += (this.activePowerW * dtS) / 3_600_000;
  }

  private integrateZone(zone: ZoneState, dtS: number, outdoorC: number, solarWm2: number): void {
    const { spec } = zone;
    const volume = spec.floorAreaM2 * spec.heightM;
    const capacity = PHYSICS.heatCapacityJPerM2K * spec.floorAreaM2;
    const people = zone.occupied ? spec.occupants : 0;
    const gains =
      people * PHYSICS.occupantSensibleW + solarWm2 * spec.windowAreaM2 * this.envelope.glazingG + zone.heatW;
    const losses = this.conductanceWPerK(zone) * (zone.temperatureC - outdoorC);
    zone.temperatureC += ((gains - losses) * dtS) / capacity;

    // CO2: well-mixed room, dC/dt = G/V − n·(C − C_out) (ppm per second).
    const airChangesPerS = Math.max(this.airChangesPerHour(zone), 0.3) / 3600;
    const generationPpmPerS = (people * PHYSICS.occupantCo2LitresPerSecond * 1000) / volume;
    zone.co2Ppm += (generationPpmPerS - airChangesPerS * (zone.co2Ppm - PHYSICS.outdoorCo2Ppm)) * dtS;

    // Humidity: relaxes towards a level raised by occupants and lowered by warmer air (~-2 %/K).
    const target = Math.min(80, Math.max(20, 40 + (people / volume) * 60 - 2 * (zone.temperatureC - 20)));
    const relax = Math.min(1, airChangesPerS * dtS);
    zone.relativeHumidity += (target - zone.relativeHumidity) * relax;
  }

  snapshot(): BuildingSnapshot {
    const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
    return {
      simulatedTime: new Date(this.lastMs).toISOString(),
      renovated: this.renovated,
      weather: { ...this.weather },
      heatPump: { mode: this.mode, heatOutputKw: round(this.heatOutputW / 1000, 3), cop: round(this.cop) },
      meter: {
        activePowerKw: round(this.activePowerW / 1000, 3),
        activeEnergyKwh: round(this.activeEnergyKwh, 4),
      },
      zones: this.zones.map((z) => ({
        id: z.spec.id,
        name: z.spec.name,
        temperatureC: round(z.temperatureC),
        setpointC: z.setpointC,
        relativeHumidity: round(z.relativeHumidity, 1),
        co2Ppm: round(z.co2Ppm, 0),
        valvePosition: round(z.valvePosition, 1),
        occupied: z.occupied,
        windowOpen: z.windowOpen,
      })),
    };
  }
}
