/**
 * The physical side of the maquette: what the Uno's pins drive and read.
 * - Street lamps: LED brightness follows the PWM duty (0–255).
 * - Flood gate: a hobby servo that turns towards the commanded angle at a finite speed (an SG90 turns
 *   60° in about 0.1 s unloaded; geared to a gate and loaded, we take 60 °/s).
 * - Basin: a 2 L tray, 100 mm deep. Inflow (rain, set through the control API) fills it; the pump
 *   (relay on) and the open gate empty it. Outflow through the gate grows with the opening and the
 *   square root of the head (Torricelli).
 * - Float switch: closes (HIGH) when the level reaches 80 %, opens again below 78 % (a float's own
 *   travel gives it that hysteresis).
 * - Level sensor: a resistive strip spanning the basin depth, read as 0–1023 on A0, linear.
 * - PIR and push button: set through the control API.
 * Time comes from the simulator clock, so a test steps it by hand and a demo may run it faster.
 */
import type { Clock, ClockTimer } from '../clock.ts';
import { PIN_MODE } from './firmata-protocol.ts';
import type { BoardInputs, StandardFirmataModel } from './firmware.ts';
import type { MaquetteWiring } from './maquette-wiring.ts';
import { ADC_MAX, PWM_MAX } from './uno-pins.ts';

export interface BasinSpec {
  capacityL: number;
  depthMm: number;
  /** Mini submersible 5 V pump, about 1.5 L/min. */
  pumpLps: number;
  /** Outflow through the fully open gate (90° and more) with a full basin. */
  gateMaxLps: number;
  floatOnPct: number;
  floatOffPct: number;
  startLevelPct: number;
}

export const MAQUETTE_BASIN: BasinSpec = {
  capacityL: 2,
  depthMm: 100,
  pumpLps: 0.025,
  gateMaxLps: 0.05,
  floatOnPct: 80,
  floatOffPct: 78,
  startLevelPct: 20,
};

export interface GateSpec {
  speedDegPerS: number;
  startDeg: number;
}

export const MAQUETTE_GATE: GateSpec = { speedDegPerS: 60, startDeg: 0 };

const STEP_MS = 20;

export interface MaquetteState {
  lamps: { pin: number; duty: number; percent: number }[];
  motion: boolean;
  button: boolean;
  gate: { angleDeg: number; targetDeg: number | null; moving: boolean };
  basin: {
    levelPct: number;
    levelMm: number;
    volumeL: number;
    inflowLps: number;
    pumpOn: boolean;
    floatSwitch: boolean;
    sensorRaw: number;
  };
}

export class MaquettePhysics implements BoardInputs {
  private motion = false;
  private button = false;
  private floatClosed: boolean;
  private volumeL: number;
  private inflowLps = 0;
  private gateDeg: number;
  private lastStep: number;
  private timer: ClockTimer | undefined;
  private firmware: StandardFirmataModel | undefined;
  private readonly inputListeners: (() => void)[] = [];

  constructor(
    private readonly clock: Clock,
    readonly wiring: MaquetteWiring,
    readonly basinSpec: BasinSpec = MAQUETTE_BASIN,
    readonly gateSpec: GateSpec = MAQUETTE_GATE,
  ) {
    this.volumeL = (basinSpec.startLevelPct / 100) * basinSpec.capacityL;
    this.floatClosed = basinSpec.startLevelPct >= basinSpec.floatOnPct;
    this.gateDeg = gateSpec.startDeg;
    this.lastStep = clock.now();
  }

  /** Connects the board whose outputs drive the maquette, and starts the time steps. */
  attach(firmware: StandardFirmataModel): void {
    this.firmware = firmware;
    this.lastStep = this.clock.now();
    this.timer?.cancel();
    this.timer = this.clock.setInterval(() => this.step(), STEP_MS);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Called when a digital input level may have changed (the board then reports changed ports). */
  onInputsChanged(listener: () => void): void {
    this.inputListeners.push(listener);
  }

  digital(pin: number): 0 | 1 {
    if (pin === this.wiring.motion) return this.motion ? 1 : 0;
    if (pin === this.wiring.button) return this.button ? 1 : 0;
    if (pin === this.wiring.floatSwitch) return this.floatClosed ? 1 : 0;
    return 0;
  }

  analog(channel: number): number {
    return channel === this.wiring.levelChannel ? this.sensorRaw() : 0;
  }

  setMotion(active: boolean): void {
    this.motion = active;
    this.inputsChanged();
  }

  setButton(pressed: boolean): void {
    this.button = pressed;
    this.inputsChanged();
  }

  setInflow(litresPerSecond: number): void {
    this.step();
    this.inflowLps = Math.max(0, litresPerSecond);
  }

  setLevel(percent: number): void {
    this.step();
    this.volumeL = (Math.min(100, Math.max(0, percent)) / 100) * this.basinSpec.capacityL;
    this.updateFloat();
  }

  state(): MaquetteState {
    const levelPct = this.levelPct();
    const target = this.gateTarget();
    return {
      lamps: this.wiring.lamps.map((pin) => {
        const duty = this.pwmDuty(pin);
        return { pin, duty, percent: Math.round((duty / PWM_MAX) * 1000) / 10 };
      }),
      motion: this.motion,
      button: this.button,
      gate: {
        angleDeg: round(this.gateDeg, 2),
        targetDeg: target ?? null,
        moving: target !== undefined && Math.abs(target - this.gateDeg) > 0.01,
      },
      basin: {
        levelPct: round(levelPct, 2),
        levelMm: round((levelPct / 100) * this.basinSpec.depthMm, 1),
        volumeL: round(this.volumeL, 4),
        inflowLps: this.inflowLps,
        pumpOn: this.pumpOn(),
        floatSwitch: this.floatClosed,
        sensorRaw: this.sensorRaw(),
      },
    };
  }

  /** Advances the model to the clock's now. */
  step(): void {
    const now = this.clock.now();
    const dt = Math.max(0, (now - this.lastStep) / 1000);
    this.lastStep = now;
    if (dt === 0) return;
    const target = this.gateTarget();
    if (target !== undefined) {
      const travel = this.gateSpec.speedDegPerS * dt;
      const delta = target - this.gateDeg;
      this.gateDeg = Math.abs(delta) <= travel ? target : this.gateDeg + Math.sign(delta) * travel;
    }
    const fraction = this.volumeL / this.basinSpec.capacityL;
    const opening = Math.min(1, Math.max(0, this.gateDeg / 90));
    const gateOut = this.basinSpec.gateMaxLps * opening * Math.sqrt(Math.max(0, fraction));
    const pumpOut = this.pumpOn() && this.volumeL > 0 ? this.basinSpec.pumpLps : 0;
    const volume = this.volumeL + (this.inflowLps - pumpOut - gateOut) * dt;
    this.volumeL = Math.min(this.basinSpec.capacityL, Math.max(0, volume));
    this.updateFloat();
  }

  private levelPct(): number {
    return (this.volumeL / this.basinSpec.capacityL) * 100;
  }

  private sensorRaw(): number {
    return Math.round((this.levelPct() / 100) * ADC_MAX);
  }

  private updateFloat(): void {
    const level = this.levelPct();
    const closed = this.floatClosed
      ? level >= this.basinSpec.floatOffPct
      : level >= this.basinSpec.floatOnPct;
    if (closed !== this.floatClosed) {
      this.floatClosed = closed;
      this.inputsChanged();
    }
  }

  private pumpOn(): boolean {
    const fw = this.firmware;
    const pin = this.wiring.pumpRelay;
    return fw !== undefined && fw.modes[pin] === PIN_MODE.OUTPUT && fw.states[pin] === 1;
  }

  private pwmDuty(pin: number): number {
    const fw = this.firmware;
    if (!fw) return 0;
    if (fw.modes[pin] === PIN_MODE.PWM) return fw.states[pin] ?? 0;
    if (fw.modes[pin] === PIN_MODE.OUTPUT) return fw.states[pin] === 1 ? PWM_MAX : 0;
    return 0;
  }

  private gateTarget(): number | undefined {
    const fw = this.firmware;
    const pin = this.wiring.gateServo;
    return fw !== undefined && fw.modes[pin] === PIN_MODE.SERVO ? fw.servoAngle(pin) : undefined;
  }

  private inputsChanged(): void {
    for (const listener of this.inputListeners) listener();
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
