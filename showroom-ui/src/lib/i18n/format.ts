/** Numbers, percentages and ages written the way the chosen language writes them (French: "12,5 %"). */
import { i18n, t } from './i18n.svelte.ts';

const intlLocale = { fr: 'fr-FR', en: 'en-GB' } as const;

export function formatNumber(value: number, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(intlLocale[i18n.locale], { maximumFractionDigits }).format(value);
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
  return new Intl.DateTimeFormat(intlLocale[i18n.locale], { timeStyle: 'medium' }).format(epochMs);
}

/** Hours and minutes ("14:05"), for chart axes and "since" notes. */
export function formatClock(epochMs: number): string {
  return new Intl.DateTimeFormat(intlLocale[i18n.locale], { timeStyle: 'short' }).format(epochMs);
}

export function formatClockSeconds(epochMs: number): string {
  return new Intl.DateTimeFormat(intlLocale[i18n.locale], { timeStyle: 'medium' }).format(epochMs);
}

/** Always `digits` decimals ("0,00 kWh"): a counter that keeps its width as it grows. */
export function formatFixed(value: number, digits: number): string {
  return new Intl.NumberFormat(intlLocale[i18n.locale], {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
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
