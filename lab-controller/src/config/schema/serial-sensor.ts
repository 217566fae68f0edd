/**
 * The `serial:` section of a `serial-sensor` profile: SDI-12 sensors (points = value n of a
 * measurement command) and free-running ASCII instruments (sentences with named groups, checksum
 * rule, terminator, maximum age; points = a named group of a sentence). It produces exactly the
 * objects the drivers consume (device-drivers/src/serial-sensors/point-def.ts; driver-compat.ts).
 * protocols.md §4.1 (SDI-12), §4.2 (instrument formats), §7.4 (terminators).
 */
import { z } from 'zod';
import { localized, minMax, reportDuplicates, sourceCitation } from './common.ts';

const pointId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'use letters, digits, "_" and "-", starting with a letter');

const sentenceId = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a sentence id is one word');

const regexSource = z
  .string()
  .min(1)
  .superRefine((pattern, ctx) => {
    try {
      new RegExp(pattern);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `not a valid regular expression: ${(error as Error).message}`,
      });
    }
  })
  .meta({ description: 'Regular expression with named groups, e.g. ^R(?<range>\\d{4})$' });

const serialPoint = z.strictObject({
  id: pointId,
  label: localized,
  quantity: z.string().min(1).optional(),
  unit: z
    .string()
    .regex(/^\S+$/, 'a UCUM code has no spaces (e.g. "m", "Cel", "mm")')
    .meta({ description: 'UCUM code of the value after scaling.' }),
  scale: z.number().optional().meta({ description: 'value = sensor number × scale + offset' }),
  offset: z.number().optional(),
  range: minMax.optional(),
  pollGroup: z.string().optional().meta({ description: 'A key of connection.pollGroups.' }),
  // SDI-12
  command: z
    .string()
    .regex(
      /^(?:[MC]C?[1-9]?|RC?[0-9])$/,
      'an SDI-12 measurement command without address and "!": M, MC, M1…M9, C, CC, C1…, R0…R9, RC0…',
    )
    .optional()
    .meta({ description: 'SDI-12: the measurement command (M, MC, M1, C, CC, R0, RC0…).' }),
  valueIndex: z
    .int()
    .min(0)
    .max(98)
    .optional()
    .meta({ description: 'SDI-12: which value of the measurement, 0 = first.' }),
  // ASCII line
  sentence: sentenceId.optional().meta({ description: 'ASCII line: the id of a sentence of this profile.' }),
  group: z.string().optional().meta({ description: 'ASCII line: the named group of that sentence.' }),
  source: sourceCitation,
});

export const serialSensorSection = z.strictObject({
  terminator: z
    .enum(['\r\n', '\r'])
    .optional()
    .meta({ description: 'ASCII line: "\\r\\n" (NMEA) or "\\r" (MaxBotix).' }),
  checksum: z
    .enum(['nmea-xor', 'none'])
    .optional()
    .meta({ description: 'ASCII line: nmea-xor = two hex digits after *, XOR of the text between $ and *.' }),
  maxAgeMs: z
    .int()
    .min(1)
    .optional()
    .meta({ description: 'ASCII line: older values are not served (read times out).' }),
  sentences: z
    .array(z.strictObject({ id: sentenceId, pattern: regexSource, source: sourceCitation }))
    .optional()
    .meta({ description: 'ASCII line: the kinds of line the instrument sends.' }),
  points: z.array(serialPoint).min(1),
});

export type SerialSensorSection = z.output<typeof serialSensorSection>;
export type SerialSensorPoint = z.output<typeof serialPoint>;

type Issue = (message: string, path: (string | number)[], hint?: string) => void;

/** Checks the fields each protocol needs, and that points name real commands, sentences and groups. */
export function checkSerialSection(
  ctx: z.RefinementCtx,
  protocol: string,
  section: SerialSensorSection,
  issue: Issue,
): void {
  const at = (...path: (string | number)[]) => ['serial', ...path];
  reportDuplicates(
    ctx,
    section.points,
    (p) => p.id,
    (i) => at('points', i, 'id'),
    'point id',
  );
  if (protocol === 'sdi12') {
    for (const key of ['terminator', 'checksum', 'maxAgeMs', 'sentences'] as const)
      if (section[key] !== undefined) issue(`"${key}" is for ASCII line sensors, not SDI-12`, at(key));
    section.points.forEach((point, i) => {
      if (point.command === undefined)
        issue('an SDI-12 point needs its measurement command', at('points', i), 'command: M');
      if (point.valueIndex === undefined)
        issue('an SDI-12 point needs valueIndex', at('points', i), 'valueIndex: 0');
      if (point.command?.startsWith('M') && (point.valueIndex ?? 0) > 8)
        issue('an M measurement returns at most 9 values (valueIndex 0–8)', at('points', i, 'valueIndex'));
      if (point.sentence !== undefined || point.group !== undefined)
        issue('sentence and group are for ASCII line sensors', at('points', i));
    });
    return;
  }
  for (const key of ['terminator', 'checksum', 'maxAgeMs', 'sentences'] as const)
    if (section[key] === undefined) issue(`an ASCII line sensor needs "${key}"`, ['serial']);
  const sentences = section.sentences ?? [];
  reportDuplicates(
    ctx,
    sentences,
    (s) => s.id,
    (i) => at('sentences', i, 'id'),
    'sentence id',
  );
  section.points.forEach((point, i) => {
    if (point.command !== undefined || point.valueIndex !== undefined)
      issue('command and valueIndex are for SDI-12 sensors', at('points', i));
    const sentence = sentences.find((s) => s.id === point.sentence);
    if (!sentence) {
      issue(
        `point ${point.id} needs a sentence of this profile`,
        at('points', i, 'sentence'),
        `known: ${sentences.map((s) => s.id).join(', ') || 'none'}`,
      );
      return;
    }
    if (point.group === undefined || !sentence.pattern.includes(`(?<${point.group}>`))
      issue(
        `sentence ${sentence.id} has no named group "${point.group ?? ''}"`,
        at('points', i, 'group'),
        'name it in the pattern: (?<name>…)',
      );
  });
}
