/**
 * The `components:` list of a `firmata-board` profile (hardware/profiles/arduino/maquette-uno.yaml):
 * what is wired to which pin of a board running StandardFirmata. One component is one point. Each
 * entry is a FirmataComponentDef (device-drivers/src/firmata/component-def.ts, whose top comment
 * says what each type means) plus what the twin shows (label) and the citation; driver-compat.ts
 * proves the two agree.
 *
 * The rules the driver enforces at construction (checkComponents) are checked here too, at the
 * field's line and column, so a vendor learns them from `phare validate` and not from a device
 * shown offline: a sensor reads an analog pin A0–A5 (Arduino Uno Rev3 datasheet: six 10-bit ADC
 * inputs), every other type a digital pin; a pin serves one component; fields belong to the types
 * that use them; LED limits lie within 0–100 %, servo limits within 0–180° (Arduino Servo::write).
 */
import { z } from 'zod';
import { localized, minMax, reportDuplicates, sourceCitation } from './common.ts';

export const FIRMATA_COMPONENT_TYPES = ['led', 'button', 'motion', 'sensor', 'servo', 'relay'] as const;
type ComponentType = (typeof FIRMATA_COMPONENT_TYPES)[number];

/** Analog inputs as the Arduino IDE names them (A0–A5 on an Uno, firmata-io normalize). */
const ANALOG_PIN = /^A[0-5]$/;

const componentId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'use letters, digits, "_" and "-", starting with a letter');

const pin = z
  .union([
    z.int().min(0).max(127).meta({ description: 'Digital pin number (Firmata addresses up to 128 pins).' }),
    z.string().regex(ANALOG_PIN, 'an analog pin is A0–A5').meta({ description: 'Analog input A0–A5.' }),
  ])
  .meta({ description: 'Digital pin number (3, 9…), or A0–A5 for an analog input.' });

const range2 = z.tuple([z.number(), z.number()]);

export const firmataComponent = z.strictObject({
  id: componentId.meta({ description: 'Local point id: lamp1 gives maquette.lamp1.' }),
  label: localized,
  type: z.enum(FIRMATA_COMPONENT_TYPES).meta({
    description:
      'led (PWM 0–100 %), button and motion (boolean inputs), sensor (analog input), servo (degrees), relay (boolean output).',
  }),
  pin,
  pwm: z
    .boolean()
    .optional()
    .meta({ description: 'LEDs: dimmable on a PWM pin (default true); false = on/off only.' }),
  scale: z.strictObject({ from: range2, to: range2 }).optional().meta({
    description: 'Sensors: raw ADC range to engineering range, e.g. { from: [0, 1023], to: [0, 100] }.',
  }),
  unit: z
    .string()
    .regex(/^\S+$/, 'a UCUM code has no spaces (e.g. "mm", "%", "deg")')
    .optional()
    .meta({ description: 'UCUM code of the value (sensors after scaling).' }),
  invert: z.boolean().optional().meta({
    description: 'Inputs: active low (pressed = LOW). Relays: active-low module. Servos: mounted mirrored.',
  }),
  pullup: z
    .boolean()
    .optional()
    .meta({ description: "Inputs wired to ground: use the board's internal pull-up (PULLUP mode)." }),
  limits: minMax
    .optional()
    .meta({ description: 'Values Phare allows: servo angles, LED levels, sensor values.' }),
  threshold: z
    .int()
    .min(1)
    .optional()
    .meta({ description: 'Sensors: smallest raw change (ADC counts) pushed as a new value (default 1).' }),
  source: sourceCitation,
});

export type FirmataProfileComponent = z.output<typeof firmataComponent>;

type Issue = (message: string, path: (string | number)[], hint?: string) => void;

/** Which types each optional field belongs to. */
const FIELD_TYPES: Record<
  'pwm' | 'scale' | 'threshold' | 'pullup' | 'invert' | 'limits' | 'unit',
  ComponentType[]
> = {
  pwm: ['led'],
  scale: ['sensor'],
  threshold: ['sensor'],
  pullup: ['button', 'motion'],
  invert: ['button', 'motion', 'relay', 'servo'],
  limits: ['led', 'servo', 'sensor'],
  unit: ['led', 'servo', 'sensor'],
};

/** Ranges the driver can encode: PWM duty as 0–100 %, Servo::write angles 0–180°. */
const ENCODABLE: Partial<Record<ComponentType, { min: number; max: number; unit: string }>> = {
  led: { min: 0, max: 100, unit: ' %' },
  servo: { min: 0, max: 180, unit: '°' },
};

/** Cross-field rules of the components (ids and pins unique, pins suit types, fields suit types). */
export function checkFirmataComponents(
  ctx: z.RefinementCtx,
  components: FirmataProfileComponent[],
  issue: Issue,
): void {
  const at = (...path: (string | number)[]) => ['components', ...path];
  reportDuplicates(
    ctx,
    components,
    (c) => c.id,
    (i) => at(i, 'id'),
    'component id',
  );
  reportDuplicates(
    ctx,
    components,
    (c) => String(c.pin),
    (i) => at(i, 'pin'),
    'pin',
  );
  components.forEach((c, i) => {
    // A malformed pin string is reported by the pin's own schema; only well-formed ones are judged here.
    if (c.type === 'sensor' && typeof c.pin === 'number')
      issue(`a sensor reads an analog pin, not pin ${c.pin}`, at(i, 'pin'), 'pin: A0 (A0–A5)');
    if (c.type !== 'sensor' && typeof c.pin === 'string' && ANALOG_PIN.test(c.pin))
      issue(
        `a ${c.type} needs a digital pin number, not ${c.pin}`,
        at(i, 'pin'),
        'A0–A5 are analog inputs for sensors; as digital pins they are 14–19 on an Uno',
      );
    for (const [field, types] of Object.entries(FIELD_TYPES)) {
      if (c[field as keyof typeof FIELD_TYPES] === undefined || types.includes(c.type)) continue;
      issue(`"${field}" does not apply to a ${c.type}`, at(i, field), `it is for ${types.join(', ')}`);
    }
    if (c.type === 'sensor' && c.unit === undefined)
      issue('a sensor needs a unit', at(i), 'a UCUM code such as "mm", "Cel", "%"');
    if (c.scale && c.scale.from[0] === c.scale.from[1])
      issue('scale.from must span a range (its two ends differ)', at(i, 'scale', 'from'));
    const encodable = ENCODABLE[c.type];
    if (encodable && c.limits && (c.limits.min < encodable.min || c.limits.max > encodable.max))
      issue(
        `${c.type} limits ${c.limits.min}–${c.limits.max} lie outside ${encodable.min}–${encodable.max}${encodable.unit}`,
        at(i, 'limits'),
        'safe limits must lie within what the board can be told',
      );
  });
}
