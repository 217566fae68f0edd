/**
 * One DALI control gear (an LED driver, device type 6) as the bus sees it: the variables of
 * IEC 62386-102 that a gateway reads and writes, and how each command changes them.
 * Modelled after python-dali `dali/tests/fakes.py` `Gear` (protocols.md §1.7), in our own code.
 *
 * Physics: a fade moves the arc power level linearly in time over the fade time, so the light output,
 * which follows the log curve of the arc level (protocols.md §1.4), changes exponentially. OFF,
 * RECALL MAX/MIN and the STEP commands act at once; DAPC and GO TO SCENE fade.
 *
 * Faults: `lampFailure` (the lamp gives no light, QUERY ACTUAL LEVEL answers MASK), `gearFailure`,
 * and `present = false` (the gear is cut from the bus and from the mains: it hears nothing, answers
 * nothing, draws nothing; when it returns it powers up at its power-on level with the power-failure flag).
 */
import {
  MASK,
  MAX_ARC_LEVEL,
  SEND_TWICE_WINDOW_MS,
  UP_DOWN_DURATION_MS,
  addressMatches,
  encodeStatus,
  fadeTimeSeconds,
  upDownSteps,
  type DecodedForwardFrame,
} from '@phare/device-drivers/dali/index.ts';
import { answerQuery } from './gear-queries.ts';
import { GearEnergyMeter, type PowerModel } from './power.ts';

export const SCENE_COUNT = 16;

export interface GearSettings {
  shortAddress: number;
  groups: readonly number[];
  /** Rated electrical power at 100 % light output, watts. */
  ratedPowerW: number;
  /** DALI fade time code X (protocols.md §1.4), 0–15. */
  fadeTimeX: number;
}

/** Reset values of IEC 62386-102 (Table 14) used by RESET and for `resetState`. */
const RESET = {
  minLevel: 1,
  maxLevel: MAX_ARC_LEVEL,
  powerOnLevel: MAX_ARC_LEVEL,
  systemFailureLevel: MAX_ARC_LEVEL,
  fadeTimeX: 0,
  fadeRateX: 7,
} as const;

interface Fade {
  from: number;
  to: number;
  startMs: number;
  durationMs: number;
  /** A DAPC 0 fades down to MIN LEVEL and then switches off. */
  offAtEnd: boolean;
}

export class DaliGear {
  shortAddress: number | undefined;
  present = true;
  lampFailure = false;
  gearFailure = false;
  powerFailure = true;
  limitError = false;
  readonly physicalMinLevel = 1;
  minLevel: number = RESET.minLevel;
  maxLevel: number = RESET.maxLevel;
  powerOnLevel: number = RESET.powerOnLevel;
  systemFailureLevel: number = RESET.systemFailureLevel;
  fadeTimeX: number;
  fadeRateX: number = RESET.fadeRateX;
  groups = new Set<number>();
  scenes: number[] = new Array<number>(SCENE_COUNT).fill(MASK);
  dtr0 = 0;
  dtr1 = 0;
  dtr2 = 0;
  readonly ratedPowerW: number;
  readonly energy: GearEnergyMeter;

  private arc = 0;
  private fade: Fade | undefined;
  private lastActiveLevel: number = MAX_ARC_LEVEL;
  /** The last send-twice frame heard, to recognise its repetition (protocols.md §1.2). */
  private armed: { frame: number; atMs: number } | undefined;

  constructor(
    readonly settings: GearSettings,
    private readonly power: PowerModel,
    nowMs: number,
  ) {
    this.shortAddress = settings.shortAddress;
    this.ratedPowerW = settings.ratedPowerW;
    this.fadeTimeX = settings.fadeTimeX;
    for (const group of settings.groups) this.groups.add(group);
    // Power-up: the gear goes to its power-on level (IEC 62386-102 §9.13 [unverified section]).
    this.arc = this.powerOnLevel;
    this.energy = new GearEnergyMeter(nowMs, (t) => this.powerWAt(t));
  }

  /** Arc level 0–254 at time `nowMs`, fractional while fading. */
  arcAt(nowMs: number): number {
    this.settle(nowMs);
    const fade = this.fade;
    if (!fade) return this.arc;
    const progress = fade.durationMs <= 0 ? 1 : Math.min(1, (nowMs - fade.startMs) / fade.durationMs);
    return fade.from + (fade.to - fade.from) * progress;
  }

  /** The integer arc level the gear reports (it steps through whole levels while fading). */
  levelAt(nowMs: number): number {
    return Math.round(this.arcAt(nowMs));
  }

  isFading(nowMs: number): boolean {
    this.settle(nowMs);
    return this.fade !== undefined;
  }

  /** Light output, 0–1, at `nowMs`: 0 when off, failed or absent. */
  outputAt(nowMs: number): number {
    if (!this.present || this.lampFailure) return 0;
    const arc = this.arcAtWithoutSettling(nowMs);
    if (arc < 0.5) return 0;
    // Continuous form of the log curve X(n) = 10^((n−1)/(253/3) − 1) % (protocols.md §1.4).
    return Math.min(1, 10 ** ((arc - 1) / (253 / 3) - 1) / 100);
  }

  powerWAt(nowMs: number): number {
    if (!this.present) return 0;
    return this.power.watts(this.ratedPowerW, this.outputAt(nowMs));
  }

  /** QUERY STATUS bitmap (protocols.md §1.5: b0 gear failure … b7 power failure). */
  statusAt(nowMs: number): number {
    return encodeStatus({
      controlGearFailure: this.gearFailure,
      lampFailure: this.lampFailure,
      lampArcPowerOn: this.levelAt(nowMs) > 0 && !this.lampFailure,
      limitError: this.limitError,
      fadeRunning: this.isFading(nowMs),
      resetState: this.isInResetState(),
      missingShortAddress: this.shortAddress === undefined,
      powerFailure: this.powerFailure,
    });
  }

  isInResetState(): boolean {
    return (
      this.minLevel === RESET.minLevel &&
      this.maxLevel === RESET.maxLevel &&
      this.powerOnLevel === RESET.powerOnLevel &&
      this.systemFailureLevel === RESET.systemFailureLevel &&
      this.fadeTimeX === RESET.fadeTimeX &&
      this.fadeRateX === RESET.fadeRateX &&
      this.groups.size === 0 &&
      this.scenes.every((s) => s === MASK)
    );
  }

  /** Cut from or reconnect to the bus and mains. */
  setPresent(present: boolean, nowMs: number): void {
    if (present === this.present) return;
    this.energy.integrateTo(nowMs);
    this.present = present;
    if (present) {
      this.fade = undefined;
      this.arc = this.powerOnLevel === MASK ? this.arc : this.powerOnLevel;
      this.powerFailure = true;
    }
  }

  setLampFailure(failed: boolean, nowMs: number): void {
    this.energy.integrateTo(nowMs);
    this.lampFailure = failed;
  }

  /**
   * Hears one decoded frame on the bus; `frameValue` is the raw 16-bit frame, used to recognise the
   * repetition of a send-twice command (protocols.md §1.2: identical frame within 100 ms, nothing between).
   * `busTimeMs` is when the frame went out in bus time (bus.ts), which the repetition is judged on.
   * Returns the backward frame byte, or undefined for no answer.
   */
  hear(
    decoded: DecodedForwardFrame,
    frameValue: number,
    nowMs: number,
    busTimeMs = nowMs,
  ): number | undefined {
    if (!this.present) return undefined;
    const armed = this.armed;
    this.armed = undefined;
    if (decoded.kind === 'special') {
      this.special(decoded.name, decoded.param ?? 0);
      return undefined;
    }
    if (decoded.kind === 'reserved' || decoded.address === undefined) return undefined;
    if (!addressMatches(decoded.address, { shortAddress: this.shortAddress, groups: this.groups }))
      return undefined;
    this.energy.integrateTo(nowMs);
    if (decoded.kind === 'dapc') {
      this.directArcPower(decoded.opcode, nowMs);
      return undefined;
    }
    if (decoded.sendTwice) {
      const repeated = armed && armed.frame === frameValue && busTimeMs - armed.atMs <= SEND_TWICE_WINDOW_MS;
      if (!repeated) {
        this.armed = { frame: frameValue, atMs: busTimeMs };
        return undefined;
      }
    }
    return this.command(decoded.name, decoded.param ?? 0, nowMs);
  }

  private special(name: string, data: number): void {
    if (name === 'DTR0') this.dtr0 = data;
    else if (name === 'DTR1') this.dtr1 = data;
    else if (name === 'DTR2') this.dtr2 = data;
    // Addressing (INITIALISE, RANDOMISE…) is not modelled: the simulated line is commissioned.
  }

  private command(name: string, index: number, nowMs: number): number | undefined {
    const level = this.levelAt(nowMs);
    switch (name) {
      case 'OFF':
        return this.jump(0);
      case 'RECALL MAX LEVEL':
        return this.jump(this.maxLevel);
      case 'RECALL MIN LEVEL':
        return this.jump(this.minLevel);
      case 'STEP UP':
        return level > 0 ? this.jump(Math.min(this.maxLevel, level + 1)) : undefined;
      case 'STEP DOWN':
        return level > 0 ? this.jump(Math.max(this.minLevel, level - 1)) : undefined;
      case 'STEP DOWN AND OFF':
        return this.jump(level <= this.minLevel ? 0 : level - 1);
      case 'ON AND STEP UP':
        return this.jump(level === 0 ? this.minLevel : Math.min(this.maxLevel, level + 1));
      case 'UP':
      case 'DOWN':
        return this.upDown(name === 'UP' ? 1 : -1, level, nowMs);
      case 'GO TO LAST ACTIVE LEVEL':
        return this.fadeTo(this.lastActiveLevel, nowMs);
      case 'GO TO SCENE':
        return this.scenes[index] === MASK ? undefined : this.fadeTo(this.scenes[index]!, nowMs);
      case 'RESET':
        return this.reset();
      case 'STORE ACTUAL LEVEL IN DTR0':
        this.dtr0 = level;
        return undefined;
      case 'SET MAX LEVEL':
        this.maxLevel = Math.max(this.minLevel, Math.min(MAX_ARC_LEVEL, this.dtr0));
        return this.clampActual(nowMs);
      case 'SET MIN LEVEL':
        this.minLevel = Math.min(this.maxLevel, Math.max(this.physicalMinLevel, this.dtr0));
        return this.clampActual(nowMs);
      case 'SET SYSTEM FAILURE LEVEL':
        this.systemFailureLevel = this.dtr0;
        return undefined;
      case 'SET POWER ON LEVEL':
        this.powerOnLevel = this.dtr0;
        return undefined;
      case 'SET FADE TIME':
        this.fadeTimeX = Math.min(15, this.dtr0);
        return undefined;
      case 'SET FADE RATE':
        this.fadeRateX = Math.min(15, Math.max(1, this.dtr0));
        return undefined;
      case 'SET SCENE':
        this.scenes[index] = this.dtr0;
        return undefined;
      case 'REMOVE FROM SCENE':
        this.scenes[index] = MASK;
        return undefined;
      case 'ADD TO GROUP':
        this.groups.add(index);
        return undefined;
      case 'REMOVE FROM GROUP':
        this.groups.delete(index);
        return undefined;
      case 'SET SHORT ADDRESS':
        this.shortAddress = this.dtr0 === MASK ? undefined : (this.dtr0 >> 1) & 0x3f;
        return undefined;
      default:
        return answerQuery(this, name, index, nowMs);
    }
  }

  private directArcPower(level: number, nowMs: number): void {
    if (level === MASK) {
      // DAPC MASK stops a running fade where it is (python-dali `DAPC`, protocols.md §1.4).
      this.arc = this.levelAt(nowMs);
      this.fade = undefined;
      return;
    }
    this.fadeTo(level, nowMs);
  }

  /** Arc power commands clear the power-failure flag (IEC 62386-102, "powerCycleSeen" [unverified clause]). */
  private commanded(): void {
    this.powerFailure = false;
  }

  private clampLevel(level: number): number {
    if (level === 0) return 0;
    const clamped = Math.min(this.maxLevel, Math.max(this.minLevel, level));
    this.limitError = clamped !== level;
    return clamped;
  }

  private jump(level: number): undefined {
    this.commanded();
    this.fade = undefined;
    this.arc = this.clampLevel(level);
    if (this.arc > 0) this.lastActiveLevel = this.arc;
    return undefined;
  }

  private fadeTo(level: number, nowMs: number): undefined {
    this.commanded();
    const target = this.clampLevel(level);
    const durationMs = fadeTimeSeconds(this.fadeTimeX) * 1000;
    const from = this.arcAt(nowMs);
    if (durationMs <= 0) return this.jump(target);
    // Fading up from off starts at MIN LEVEL; fading to off goes down to MIN LEVEL then switches off.
    const start = from < 0.5 ? this.minLevel : from;
    const end = target === 0 ? this.minLevel : target;
    this.fade = { from: start, to: end, startMs: nowMs, durationMs, offAtEnd: target === 0 };
    if (target > 0) this.lastActiveLevel = target;
    return undefined;
  }

  private upDown(direction: 1 | -1, level: number, nowMs: number): undefined {
    if (level === 0) return undefined; // UP and DOWN never switch a lamp on (protocols.md §1.5).
    const steps = Math.round(upDownSteps(this.fadeRateX));
    const target = Math.min(this.maxLevel, Math.max(this.minLevel, level + direction * steps));
    this.commanded();
    this.fade = { from: level, to: target, startMs: nowMs, durationMs: UP_DOWN_DURATION_MS, offAtEnd: false };
    this.lastActiveLevel = target;
    return undefined;
  }

  private clampActual(nowMs: number): undefined {
    const level = this.levelAt(nowMs);
    if (level > 0 && (level < this.minLevel || level > this.maxLevel)) {
      this.fade = undefined;
      this.arc = Math.min(this.maxLevel, Math.max(this.minLevel, level));
    }
    return undefined;
  }

  private reset(): undefined {
    this.minLevel = RESET.minLevel;
    this.maxLevel = RESET.maxLevel;
    this.powerOnLevel = RESET.powerOnLevel;
    this.systemFailureLevel = RESET.systemFailureLevel;
    this.fadeTimeX = RESET.fadeTimeX;
    this.fadeRateX = RESET.fadeRateX;
    this.groups.clear();
    this.scenes.fill(MASK);
    this.limitError = false;
    return undefined;
  }

  /** Ends a finished fade, so that `arc` holds the settled level. */
  private settle(nowMs: number): void {
    const fade = this.fade;
    if (!fade || nowMs - fade.startMs < fade.durationMs) return;
    // Account the energy of the fade before forgetting its trajectory.
    this.energy.integrateTo(nowMs);
    this.fade = undefined;
    this.arc = fade.offAtEnd ? 0 : fade.to;
  }

  private arcAtWithoutSettling(nowMs: number): number {
    const fade = this.fade;
    if (!fade) return this.arc;
    if (nowMs - fade.startMs >= fade.durationMs) return fade.offAtEnd ? 0 : fade.to;
    const progress = (nowMs - fade.startMs) / fade.durationMs;
    return fade.from + (fade.to - fade.from) * progress;
  }
}
