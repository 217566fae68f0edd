/**
 * A DALI line as a whole: up to 64 gear on one bus, their power and energy, and a snapshot for the
 * control API and the showroom. In-process users (tests, the benchmark) reach the model through it.
 */
import { SHORT_ADDRESS_COUNT, GROUP_COUNT } from '@phare/device-drivers/dali/index.ts';
import { ConfigInvalid } from '@phare/device-drivers/errors.ts';
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { Clock } from '../clock.ts';
import { DaliBus, type BusCounters } from './bus.ts';
import { DaliGear } from './gear.ts';
import { linearLedPowerModel, type PowerModel } from './power.ts';

export interface LuminaireSpec {
  shortAddress: number;
  groups: number[];
  /** Watts at full output; default 40 W (a typical LED street or office luminaire). */
  ratedPowerW?: number;
}

export interface DaliLineOptions {
  luminaires: LuminaireSpec[];
  clock: Clock;
  busTiming: boolean;
  /** DALI fade time code X; default 4 (2 s), so fades are visible in the demo (protocols.md §1.4). */
  fadeTimeX?: number;
  powerModel?: PowerModel;
  logger?: Logger;
}

export const DEFAULT_RATED_POWER_W = 40;
export const DEFAULT_FADE_TIME_X = 4;

export interface GearSnapshot {
  shortAddress: number;
  present: boolean;
  lampFailure: boolean;
  groups: number[];
  /** Integer arc power level 0–254 the gear would report. */
  arc: number;
  /** Light output in percent of full (log curve of the arc level; 0 when failed or absent). */
  levelPercent: number;
  /** QUERY STATUS bitmap (protocols.md §1.5). */
  status: number;
  fading: boolean;
  powerW: number;
  energyWh: number;
}

export interface LineSnapshot {
  atMs: number;
  gear: GearSnapshot[];
  totals: { powerW: number; energyWh: number };
  bus: BusCounters;
}

export class DaliLine {
  readonly bus: DaliBus;
  readonly clock: Clock;
  private gearList: DaliGear[] = [];
  private readonly byAddress = new Map<number, DaliGear>();

  constructor(private readonly options: DaliLineOptions) {
    validateLuminaires(options.luminaires);
    const fadeTimeX = options.fadeTimeX ?? DEFAULT_FADE_TIME_X;
    if (!Number.isInteger(fadeTimeX) || fadeTimeX < 0 || fadeTimeX > 15) {
      throw new ConfigInvalid(`DALI fade time code ${fadeTimeX} is outside 0–15 (protocols.md §1.4)`);
    }
    this.clock = options.clock;
    this.bus = new DaliBus({
      clock: options.clock,
      gear: () => this.gearList,
      busTiming: options.busTiming,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.build();
  }

  /** Back to the state at start: new gear with their initial settings, counters and energy zeroed. */
  reset(): void {
    this.bus.clearQueue();
    this.bus.resetCounters();
    this.build();
  }

  get gear(): readonly DaliGear[] {
    return this.gearList;
  }

  /** The gear commissioned at this short address, whether present or not. */
  gearAt(shortAddress: number): DaliGear | undefined {
    return this.byAddress.get(shortAddress);
  }

  totalPowerW(): number {
    const now = this.clock.now();
    return this.gearList.reduce((sum, gear) => sum + gear.powerWAt(now), 0);
  }

  energyWh(): number {
    const now = this.clock.now();
    return this.gearList.reduce((sum, gear) => sum + gear.energy.energyWh(now), 0);
  }

  snapshot(): LineSnapshot {
    const now = this.clock.now();
    const gear = this.gearList.map((g): GearSnapshot => {
      const arc = g.levelAt(now);
      return {
        shortAddress: g.settings.shortAddress,
        present: g.present,
        lampFailure: g.lampFailure,
        groups: [...g.groups].sort((a, b) => a - b),
        arc,
        levelPercent: round(g.outputAt(now) * 100, 2),
        status: g.statusAt(now),
        fading: g.isFading(now),
        powerW: round(g.powerWAt(now), 3),
        energyWh: round(g.energy.energyWh(now), 4),
      };
    });
    return {
      atMs: now,
      gear,
      totals: {
        powerW: round(
          gear.reduce((sum, g) => sum + g.powerW, 0),
          3,
        ),
        energyWh: round(this.energyWh(), 4),
      },
      bus: this.bus.snapshot(),
    };
  }

  private build(): void {
    const now = this.clock.now();
    const fadeTimeX = this.options.fadeTimeX ?? DEFAULT_FADE_TIME_X;
    const power = this.options.powerModel ?? linearLedPowerModel;
    this.gearList = this.options.luminaires.map(
      (spec) =>
        new DaliGear(
          {
            shortAddress: spec.shortAddress,
            groups: spec.groups,
            ratedPowerW: spec.ratedPowerW ?? DEFAULT_RATED_POWER_W,
            fadeTimeX,
          },
          power,
          now,
        ),
    );
    this.byAddress.clear();
    for (const gear of this.gearList) this.byAddress.set(gear.settings.shortAddress, gear);
  }
}

function validateLuminaires(luminaires: LuminaireSpec[]): void {
  const seen = new Set<number>();
  for (const spec of luminaires) {
    const where = `luminaire with short address ${spec.shortAddress}`;
    if (
      !Number.isInteger(spec.shortAddress) ||
      spec.shortAddress < 0 ||
      spec.shortAddress >= SHORT_ADDRESS_COUNT
    ) {
      throw new ConfigInvalid(`${where}: short address must be 0–63 (protocols.md §1.3)`);
    }
    if (seen.has(spec.shortAddress)) throw new ConfigInvalid(`${where}: short address used twice`);
    seen.add(spec.shortAddress);
    for (const group of spec.groups) {
      if (!Number.isInteger(group) || group < 0 || group >= GROUP_COUNT) {
        throw new ConfigInvalid(`${where}: group ${group} is outside 0–15 (protocols.md §1.3)`);
      }
    }
    if (spec.ratedPowerW !== undefined && !(spec.ratedPowerW >= 0)) {
      throw new ConfigInvalid(`${where}: ratedPowerW must be ≥ 0, got ${spec.ratedPowerW}`);
    }
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
