/**
 * How the impact view writes its figures for a visitor: euros to the euro, energy in kWh or MWh,
 * emissions in tonnes of CO2e with as many decimals as make sense at that size. Pure functions of
 * the locale, so that the browser test formats the API's numbers exactly as the page does.
 */
export type ImpactLocale = 'fr' | 'en';

const intl = { fr: 'fr-FR', en: 'en-GB' } as const;

function fixed(value: number, digits: number, locale: ImpactLocale): string {
  return new Intl.NumberFormat(intl[locale], {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** Decimals for a figure of this size: 3 significant digits at least, none above 100. */
function digitsFor(value: number): number {
  const size = Math.abs(value);
  return size >= 100 ? 0 : size >= 10 ? 1 : 2;
}

export function euros(value: number, locale: ImpactLocale): { value: string; unit: string } {
  return { value: fixed(Math.round(value), 0, locale), unit: '€' };
}

export function tonnesCO2e(kg: number, locale: ImpactLocale): { value: string; unit: string } {
  const tonnes = kg / 1000;
  return { value: fixed(tonnes, digitsFor(tonnes), locale), unit: 't CO2e' };
}

export function energy(kWh: number, locale: ImpactLocale): { value: string; unit: string } {
  if (Math.abs(kWh) >= 10_000)
    return { value: fixed(kWh / 1000, digitsFor(kWh / 1000), locale), unit: 'MWh' };
  return { value: fixed(kWh, digitsFor(kWh), locale), unit: 'kWh' };
}

export function years(value: number, locale: ImpactLocale): string {
  return fixed(value, value >= 10 ? 0 : 1, locale);
}

/** The unit of an assumption as people write it (`EUR/kWh` → `€/kWh`). */
export function unitText(unit: string): string {
  return unit.replace(/^EUR/, '€').replace('kgCO2e', 'kg CO2e');
}

/** An assumption's value: a number the local way, or its word as is. */
export function plainValue(value: number | string, locale: ImpactLocale): string {
  if (typeof value === 'string') return value;
  // As many decimals as the size of the number deserves: 4 128 h, 0,22 €/kWh, 0,052 kg/kWh.
  const size = Math.abs(value);
  const digits = size >= 100 ? 0 : size >= 1 ? 2 : 3;
  return new Intl.NumberFormat(intl[locale], { maximumFractionDigits: digits }).format(value);
}

/** Round axis ticks covering [min, max]: 0 and steps of 1, 2 or 5 × a power of ten. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  const span = Math.max(1e-9, max - min);
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step)
    ticks.push(Math.round(v / step) * step || 0);
  return ticks;
}
