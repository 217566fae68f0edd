/** Numbers, percentages and ages written the way the chosen language writes them (French: "12,5 %"). */
import { i18n, t } from './i18n.svelte.ts';

const intlLocale = { fr: 'fr-FR', en: 'en-GB' } as const;

/**
 * Intl formatters are costly to build (tens of µs each) and the twin formats every live value on
 * every change (issue 6: thousands a second): build each one once per locale and options.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(
  minimumFractionDigits: number | undefined,
  maximumFractionDigits: number,
): Intl.NumberFormat {
  const locale = intlLocale[i18n.locale];
  const key = `${locale}|${minimumFractionDigits}|${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits, maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format;
}

function dateFormat(timeStyle: 'medium' | 'short'): Intl.DateTimeFormat {
  const locale = intlLocale[i18n.locale];
  const key = `${locale}|${timeStyle}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeStyle });
    dateFormats.set(key, format);
  }
  return format;
}

export function formatNumber(value: number, maximumFractionDigits = 1): string {
  return numberFormat(undefined, maximumFractionDigits).format(value);
}

export function formatPercent(value: number | null): string {
  return value === null ? t('value.unknown') : t('unit.percent', { n: formatNumber(value, 0) });
}

/** "il y a 12 s", "il y a 3 min"… */
export function formatAge(ageMs: number | null): string {
  if (ageMs === null || !Number.isFinite(ageMs)) return t('age.unknown');
  const seconds = Math.max(0, Math.round(ageMs / 1000));
  if (seconds < 2) return t('age.now');
  if (seconds < 60) return t('age.seconds', { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('age.minutes', { n: minutes });
  return t('age.hours', { n: formatNumber(minutes / 60, 0) });
}

export function formatTime(epochMs: number): string {
  return dateFormat('medium').format(epochMs);
}

/** Hours and minutes ("14:05"), for chart axes and "since" notes. */
export function formatClock(epochMs: number): string {
  return dateFormat('short').format(epochMs);
}

export function formatClockSeconds(epochMs: number): string {
  return dateFormat('medium').format(epochMs);
}

/** Always `digits` decimals ("0,00 kWh"): a counter that keeps its width as it grows. */
export function formatFixed(value: number, digits: number): string {
  return numberFormat(digits, digits).format(value);
}

/** UCUM codes as people write them (points carry UCUM: `Cel`, `m3/h`, `kW.h`). */
const unitSymbols: Record<string, string> = {
  Cel: '°C',
  'm3/h': 'm³/h',
  m3: 'm³',
  'kW.h': 'kWh',
  'W.h': 'Wh',
  'L/min': 'L/min',
  '[ppm]': 'ppm',
  'ug/m3': 'µg/m³',
};

export function formatUnit(unit: string | undefined): string {
  return unit === undefined ? '' : (unitSymbols[unit] ?? unit);
}
