/**
 * Validation of the projection's input, with messages in French and English that name the field
 * and the accepted range ("Prix de l'électricité (prices.electricityEurPerKWh) : 12 €/kWh est hors
 * de la plage acceptée ]0 ; 10] €/kWh"), for the kiosk and for the API's 400 answer.
 */
import { OutOfRange } from '@phare/device-drivers/errors.ts';
import type { z } from 'zod';
import { fieldSpecAt, shapeLabelAt, type FieldSpec } from './input-fields.ts';
import { territoryInputSchema, type TerritoryInput } from './input-schema.ts';

export interface InputIssue {
  /** Dotted path of the field, e.g. `prices.electricityEurPerKWh`, `digitalKit.2.count`. */
  field: string;
  fr: string;
  en: string;
}

export type InputResult = { ok: true; value: TerritoryInput } | { ok: false; issues: InputIssue[] };

const fr = (n: number): string => String(n).replace('.', ',');
const withUnit = (n: string, unit: string): string => (unit ? `${n} ${unit}` : n);

function rangeText(spec: FieldSpec, format: (n: number) => string): string {
  const open = spec.minExclusive ? ']' : '[';
  const sep = format === fr ? ' ; ' : ', ';
  return withUnit(`${open}${format(spec.min)}${sep}${format(spec.max)}]`, spec.unit);
}

function rangeIssue(field: string, spec: FieldSpec, value: number, notInteger: boolean): InputIssue {
  const frMain = notInteger
    ? `${spec.label.fr} (${field}) : ${fr(value)} n'est pas un nombre entier`
    : `${spec.label.fr} (${field}) : ${withUnit(fr(value), spec.unit)} est hors de la plage acceptée ${rangeText(spec, fr)}`;
  const enMain = notInteger
    ? `${spec.label.en} (${field}): ${value} is not a whole number`
    : `${spec.label.en} (${field}): ${withUnit(String(value), spec.unit)} is outside the accepted range ${rangeText(spec, String)}`;
  return {
    field,
    fr: spec.hint ? `${frMain} ; ${spec.hint.fr}` : frMain,
    en: spec.hint ? `${enMain}; ${spec.hint.en}` : enMain,
  };
}

const RULES: Record<string, { fr: string; en: string }> = {
  'nothing-to-project': {
    fr: 'Rien à projeter : donnez au moins une section « lighting » (éclairage) ou « building » (bâtiment)',
    en: 'Nothing to project: give at least a "lighting" or a "building" section',
  },
  'count-or-per-luminaire': {
    fr: 'Équipement numérique : donnez soit « count » (nombre), soit « perLuminaire » (nombre par luminaire), pas les deux',
    en: 'Digital equipment: give either "count" or "perLuminaire", exactly one of them',
  },
  'per-luminaire-without-lighting': {
    fr: '« perLuminaire » demande une section « lighting » (le nombre de luminaires)',
    en: '"perLuminaire" needs a "lighting" section (the number of luminaires)',
  },
};

function word(issue: z.core.$ZodIssue): InputIssue[] {
  const field = issue.path.map(String).join('.') || '(racine / root)';
  const spec = fieldSpecAt(issue.path);
  const named = spec?.spec.label ?? shapeLabelAt(issue.path);
  const label = named
    ? { fr: `${named.fr} (${field})`, en: `${named.en} (${field})` }
    : { fr: field, en: field };
  const params = (issue as { params?: Record<string, unknown> }).params ?? {};
  if (issue.code === 'custom' && typeof params['range'] === 'string' && spec)
    return [
      rangeIssue(
        field,
        spec.spec,
        (issue as { input?: number }).input ?? Number.NaN,
        params['notInteger'] === true,
      ),
    ];
  if (issue.code === 'custom' && typeof params['rule'] === 'string') {
    const rule = RULES[params['rule']];
    if (rule) return [{ field, ...rule }];
  }
  switch (issue.code) {
    case 'invalid_type':
      return [
        {
          field,
          fr:
            issue.input === undefined
              ? `${label.fr} : valeur obligatoire manquante`
              : `${label.fr} : attendu ${issue.expected === 'number' ? 'un nombre' : issue.expected}, reçu ${JSON.stringify(issue.input)}`,
          en:
            issue.input === undefined
              ? `${label.en}: required value is missing`
              : `${label.en}: expected ${issue.expected === 'number' ? 'a number' : issue.expected}, got ${JSON.stringify(issue.input)}`,
        },
      ];
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        field: field === '(racine / root)' ? key : `${field}.${key}`,
        fr: `Champ inconnu « ${key} »${field === '(racine / root)' ? '' : ` dans ${field}`}`,
        en: `Unknown field "${key}"${field === '(racine / root)' ? '' : ` in ${field}`}`,
      }));
    case 'invalid_value':
      return [
        {
          field,
          fr: `${label.fr} : valeur non reconnue, valeurs acceptées : ${issue.values.map(String).join(', ')}`,
          en: `${label.en}: unknown value, accepted values: ${issue.values.map(String).join(', ')}`,
        },
      ];
    case 'invalid_union':
      return [
        {
          field,
          fr: `${label.fr} : forme non reconnue${field.endsWith('dimming') ? ' ; attendu { average: 0,6 } ou { hourly: [24 fractions] }' : field.endsWith('operatingHours') ? ' ; attendu "astronomical", "reference" ou { fixedHoursPerYear: 4100 }' : ''}`,
          en: `${label.en}: unrecognised shape${field.endsWith('dimming') ? '; expected { average: 0.6 } or { hourly: [24 fractions] }' : field.endsWith('operatingHours') ? '; expected "astronomical", "reference" or { fixedHoursPerYear: 4100 }' : ''}`,
        },
      ];
    case 'too_small':
    case 'too_big': {
      const bound = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const received = Array.isArray(issue.input) ? issue.input.length : undefined;
      const got =
        received === undefined ? { fr: '', en: '' } : { fr: `, reçu ${received}`, en: `, got ${received}` };
      if (issue.origin === 'array')
        return [
          {
            field,
            fr: `${label.fr} : ${'exact' in issue && issue.exact ? 'exactement' : issue.code === 'too_small' ? 'au moins' : 'au plus'} ${bound} éléments attendus${got.fr}`,
            en: `${label.en}: ${'exact' in issue && issue.exact ? 'exactly' : issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} items expected${got.en}`,
          },
        ];
      return [{ field, fr: `${label.fr} : ${issue.message}`, en: `${label.en}: ${issue.message}` }];
    }
    default:
      return [{ field, fr: `${label.fr} : ${issue.message}`, en: `${label.en}: ${issue.message}` }];
  }
}

export function parseTerritoryInput(raw: unknown): InputResult {
  const parsed = territoryInputSchema.safeParse(raw, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.flatMap(word) };
}

/** For callers that prefer an exception: OutOfRange whose detail lists every issue (HTTP 400). */
export function territoryInputOrThrow(raw: unknown): TerritoryInput {
  const result = parseTerritoryInput(raw);
  if (result.ok) return result.value;
  throw new OutOfRange(result.issues.map((i) => `${i.fr} / ${i.en}`).join('\n'), {
    detail: { issues: result.issues },
  });
}
