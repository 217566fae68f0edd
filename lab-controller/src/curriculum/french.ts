/**
 * How the check engine shows values and durations to an apprentice: in French, as a person writes
 * them ("40,5", "vrai", "10 min"), and how an exercise's `explain` template gets its live values.
 */
import type { ExprValue } from '../scenario/expression/evaluate.ts';
import { DURATION_PATTERN } from '../scenario/duration.ts';

const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

export function frenchValue(value: ExprValue | undefined): string {
  if (value === null || value === undefined) return 'sans valeur';
  if (typeof value === 'number') return NUMBER.format(value);
  if (typeof value === 'boolean') return value ? 'vrai' : 'faux';
  return value;
}

const UNIT_NAMES: Record<string, string> = { ms: 'ms', s: 's', m: 'min', h: 'h' };

/** `10m` → `10 min`. */
export function frenchDuration(text: string): string {
  const match = DURATION_PATTERN.exec(text);
  return match ? `${match[1]!.replace('.', ',')} ${UNIT_NAMES[match[2]!]}` : text;
}

/**
 * `Le luminaire lamp03 est à {street.lamp03.level} %` → `Le luminaire lamp03 est à 100 %`.
 * Names not among `values` are left as written, so a typo shows instead of vanishing.
 */
export function fillExplanation(template: string, values: Record<string, ExprValue | undefined>): string {
  return template.replace(/\{([A-Za-z0-9_.-]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? frenchValue(values[name]) : whole,
  );
}
