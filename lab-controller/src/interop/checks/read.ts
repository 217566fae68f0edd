/**
 * `read`: every readable point of the profile, read on its own (so a missing register fails only
 * its own point), must give a good value of the declared type, within the declared range, with a
 * unit. A value outside the range usually means the profile is wrong about the device: scale,
 * word order, signedness or address (hardware/profiles/README.md, from datasheet to profile).
 */
import type { PointReading } from '@phare/device-drivers/contract.ts';
import {
  fail,
  failFromError,
  NOT_CONNECTED,
  pass,
  show,
  skip,
  type CheckContext,
  type PlannedCheck,
} from '../check-kit.ts';
import type { InteropPoint } from '../interop-points.ts';

function typeProblem(point: InteropPoint, value: unknown): string | undefined {
  switch (point.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a finite number';
    case 'integer':
    case 'bitmap':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : 'an integer';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'string':
      return typeof value === 'string' ? undefined : 'text';
  }
}

export function readChecks(ctx: CheckContext): PlannedCheck[] {
  const { target, session } = ctx;
  const readings = new Map<string, PointReading>();
  const checks: PlannedCheck[] = [];
  for (const point of target.points.filter((p) => p.readable)) {
    checks.push({
      id: `read.value.${point.id}`,
      group: 'read',
      title: { fr: `Lecture de ${point.label.fr}`, en: `Read ${point.label.en}` },
      mandatory: true,
      expected: `a good value of type ${point.type}`,
      run: async () => {
        if (!ctx.connected) return skip(NOT_CONNECTED);
        try {
          const { reading, latencyMs } = await session.readOne(point.id);
          const observed = `${show(reading.value)}${point.unit ? ` ${point.unit}` : ''} (${typeof reading.value}, quality ${reading.quality ?? 'good'}, ${Math.round(latencyMs)} ms)`;
          if (reading.quality === 'bad' || reading.value === null)
            return fail(observed, {
              fr: "L'appareil a répondu, mais la valeur est marquée mauvaise (l'appareil la signale en défaut, ou elle ne se décode pas avec le type du profil).",
              en: 'The device answered, but the value is marked bad (the device flags it, or it does not decode with the profile’s type).',
            });
          const problem = typeProblem(point, reading.value);
          if (problem)
            return fail(observed, {
              fr: `Le profil annonce ${frType(point.type)} ; l'appareil a donné ${show(reading.value)}.`,
              en: `The profile declares ${problem}; the device gave ${show(reading.value)}.`,
            });
          readings.set(point.id, reading);
          return pass(observed, { fr: 'Valeur lue, du bon type.', en: 'Value read, of the right type.' });
        } catch (error) {
          return failFromError(error, target.timeoutMs);
        }
      },
    });
    if (point.type !== 'boolean' && point.type !== 'string')
      checks.push({
        id: `read.range.${point.id}`,
        group: 'read',
        title: { fr: `Plage de ${point.label.fr}`, en: `Range of ${point.label.en}` },
        mandatory: true,
        expected: point.range
          ? `${point.range.min} ≤ value ≤ ${point.range.max}${point.unit ? ` ${point.unit}` : ''}`
          : 'a range declared in the profile',
        run: () => {
          if (!point.range)
            return Promise.resolve(
              skip({
                fr: 'Le profil ne déclare pas de plage pour ce point : rien à comparer.',
                en: 'The profile declares no range for this point: nothing to compare.',
              }),
            );
          const reading = readings.get(point.id);
          if (!reading)
            return Promise.resolve(
              skip({ fr: 'Pas de valeur lue à comparer.', en: 'No value was read to compare.' }),
            );
          const value = reading.value as number;
          const observed = `${show(value)}${point.unit ? ` ${point.unit}` : ''}`;
          if (value >= point.range.min && value <= point.range.max)
            return Promise.resolve(
              pass(observed, {
                fr: 'La valeur est dans la plage du profil.',
                en: 'The value is within the profile’s range.',
              }),
            );
          return Promise.resolve(
            fail(observed, {
              fr: `La valeur lue est hors de la plage ${point.range.min}–${point.range.max} du profil : le profil se trompe probablement sur l'appareil (facteur d'échelle, ordre des mots d'une valeur 32 bits, signe, ou adresse décalée d'un registre).`,
              en: `The value read lies outside the profile’s range ${point.range.min}–${point.range.max}: the profile is probably wrong about the device (scale factor, word order of a 32-bit value, signedness, or an address off by one register).`,
            }),
          );
        },
      });
    const numeric = point.type === 'number' || point.type === 'integer';
    if (numeric)
      checks.push({
        id: `read.unit.${point.id}`,
        group: 'read',
        title: { fr: `Unité de ${point.label.fr}`, en: `Unit of ${point.label.en}` },
        mandatory: true,
        expected: 'a UCUM unit for a numeric point',
        run: () => {
          if (!ctx.connected) return Promise.resolve(skip(NOT_CONNECTED));
          return Promise.resolve(
            point.unit
              ? pass(point.unit, { fr: "L'unité est déclarée.", en: 'The unit is declared.' })
              : fail('none', {
                  fr: "Le profil ne donne pas d'unité : le jumeau numérique ne peut pas afficher la valeur correctement.",
                  en: 'The profile gives no unit: the digital twin cannot show the value properly.',
                }),
          );
        },
      });
  }
  if (checks.length === 0)
    checks.push({
      id: 'read.none',
      group: 'read',
      title: { fr: 'Points lisibles', en: 'Readable points' },
      mandatory: false,
      expected: 'readable points',
      run: () =>
        Promise.resolve(
          skip({ fr: 'Aucun point lisible dans le profil.', en: 'No readable point in the profile.' }),
        ),
    });
  return checks;
}

function frType(type: InteropPoint['type']): string {
  return {
    number: 'un nombre',
    integer: 'un entier',
    bitmap: 'un entier',
    boolean: 'vrai ou faux',
    string: 'du texte',
  }[type];
}
