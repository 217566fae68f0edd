/**
 * How a profile of kind `firmata-board` describes what is wired to the board
 * (hardware/profiles/arduino/maquette-uno.yaml, `components:`): one component is one point.
 *
 *   led     PWM brightness 0–100 % (duty 0–255), or on/off (0 / 100) when `pwm: false`
 *   button  boolean input, true when pressed (`invert` for a button to ground with pull-up)
 *   motion  boolean input from a PIR's digital output, true while motion is seen
 *   sensor  analog input, raw 0–1023 scaled linearly `from` → `to` in `unit`
 *   servo   angle in degrees, within `limits` (default 0–180)
 *   relay   boolean output, true = energised (`invert` for an active-low module)
 */
import { ConfigInvalid } from '../errors.ts';

export type FirmataComponentType = 'led' | 'button' | 'motion' | 'sensor' | 'servo' | 'relay';

export interface FirmataComponentDef {
  /** Local point id within the device. */
  id: string;
  type: FirmataComponentType;
  /** Digital pin number, or `A0`–`A5` for an analog input. */
  pin: number | string;
  /** LED on a PWM pin (default true). */
  pwm?: boolean;
  /** Sensors: raw ADC range to engineering range, e.g. { from: [0, 1023], to: [0, 100] }. */
  scale?: { from: [number, number]; to: [number, number] };
  /** UCUM unit code. */
  unit?: string;
  /** Inputs: active low (pressed = LOW). Relays: active-low module. Servos: mounted mirrored. */
  invert?: boolean;
  /** Inputs wired to ground use the board's pull-up (StandardFirmata PULLUP mode). */
  pullup?: boolean;
  /** Servos: allowed angles; sensors and LEDs: allowed values. */
  limits?: { min: number; max: number };
  /** Sensors: smallest raw change (ADC counts) that `subscribe` reports (default 1). */
  threshold?: number;
}

export const INPUT_TYPES: ReadonlySet<FirmataComponentType> = new Set(['button', 'motion', 'sensor']);

/** `A0` → 0; a number stays a digital pin. */
export function analogChannelOf(def: FirmataComponentDef): number | undefined {
  if (typeof def.pin === 'number') return undefined;
  const match = /^A([0-9]|1[0-5])$/.exec(def.pin);
  return match ? Number(match[1]) : undefined;
}

export function digitalPinOf(def: FirmataComponentDef): number | undefined {
  return typeof def.pin === 'number' ? def.pin : undefined;
}

/** Linear scaling of a raw ADC value, without float noise beyond 12 significant digits. */
export function scaleRaw(raw: number, scale: FirmataComponentDef['scale']): number {
  if (!scale) return raw;
  const [r0, r1] = scale.from;
  const [e0, e1] = scale.to;
  return Number((e0 + ((raw - r0) * (e1 - e0)) / (r1 - r0)).toPrecision(12));
}

export function checkComponents(device: string, defs: FirmataComponentDef[]): void {
  const seenIds = new Set<string>();
  const seenPins = new Map<string, string>();
  for (const def of defs) {
    const where = `${device} component ${def.id}`;
    const fail = (why: string): never => {
      throw new ConfigInvalid(`${where}: ${why}`, { device, point: def.id });
    };
    if (seenIds.has(def.id)) fail('defined twice');
    seenIds.add(def.id);
    const channel = analogChannelOf(def);
    const pin = digitalPinOf(def);
    if (def.type === 'sensor' && channel === undefined)
      fail(`a sensor reads an analog pin (A0–A5), not ${def.pin}`);
    if (def.type !== 'sensor' && (pin === undefined || !Number.isInteger(pin) || pin < 0 || pin > 127))
      fail(`a ${def.type} needs a digital pin number, not ${def.pin}`);
    const key = String(def.pin);
    const other = seenPins.get(key);
    if (other !== undefined) fail(`pin ${key} is already used by ${other}`);
    seenPins.set(key, def.id);
    if (def.scale && def.scale.from[0] === def.scale.from[1])
      fail('scale.from must span a range (its two ends differ)');
    if (def.limits && def.limits.min > def.limits.max) fail('limits.min exceeds limits.max');
    if (def.type === 'servo' && def.limits && (def.limits.min < 0 || def.limits.max > 180))
      fail('servo limits must lie within 0–180°');
  }
}
