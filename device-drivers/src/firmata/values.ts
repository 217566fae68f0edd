/**
 * Conversions between point values and what a StandardFirmata board keeps per pin
 * (PIN_STATE_RESPONSE: the last value written, protocols.md §6.3):
 * - LED: PWM duty 0–255 ↔ 0–100 % (Arduino analogWrite is 8-bit, so 50 % reads back as 50.2 %).
 * - Servo: johnny-five writes microseconds, mapped linearly from 0–180° onto its pwmRange
 *   (lib/servo.js `update`); StandardFirmata treats a value below 544 as degrees (Arduino Servo::write).
 * - Relay: digital output 0/1, inverted for an active-low module.
 */
import type { PointValue } from '../contract.ts';
import { OutOfRange } from '../errors.ts';
import type { FirmataComponentDef } from './component-def.ts';

/** The pulse range we give johnny-five's Servo, so that reading back maps the same way. */
export const SERVO_PWM_RANGE: [number, number] = [600, 2400];
const SERVO_DEGREES_BELOW = 544;
const PWM_MAX = 255;

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export function ledPercentFromDuty(duty: number): number {
  return round1((duty / PWM_MAX) * 100);
}

export function dutyFromLedPercent(percent: number): number {
  return Math.round((percent / 100) * PWM_MAX);
}

export function servoDegreesFromState(state: number, invert: boolean): number {
  const degrees =
    state < SERVO_DEGREES_BELOW
      ? state
      : ((state - SERVO_PWM_RANGE[0]) * 180) / (SERVO_PWM_RANGE[1] - SERVO_PWM_RANGE[0]);
  return round1(invert ? 180 - degrees : degrees);
}

/** A numeric write, checked against the codec range and the profile limits. */
export function numberToWrite(
  device: string,
  def: FirmataComponentDef,
  value: PointValue,
  range: { min: number; max: number },
): number {
  const number = typeof value === 'boolean' ? (value ? range.max : range.min) : value;
  if (typeof number !== 'number' || !Number.isFinite(number))
    throw new OutOfRange(`${device} point ${def.id}: expected a number, got ${JSON.stringify(value)}`, {
      device,
      point: def.id,
    });
  const min = Math.max(range.min, def.limits?.min ?? range.min);
  const max = Math.min(range.max, def.limits?.max ?? range.max);
  if (number < min || number > max)
    throw new OutOfRange(
      `${device} point ${def.id}: ${number} is outside ${min}–${max}${def.unit ? ` ${def.unit}` : ''}`,
      {
        device,
        point: def.id,
        detail: { value: number, min, max },
      },
    );
  return number;
}

export function booleanToWrite(device: string, def: FirmataComponentDef, value: PointValue): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  throw new OutOfRange(`${device} point ${def.id}: expected true or false, got ${JSON.stringify(value)}`, {
    device,
    point: def.id,
  });
}
