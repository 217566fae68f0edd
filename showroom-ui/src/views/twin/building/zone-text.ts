/** How a zone's reading reads, on the plan and to assistive technologies, in the user's language. */
import { t } from '../../../lib/i18n/i18n.svelte.ts';
import { formatNumber } from '../../../lib/i18n/format.ts';
import { bandSymbols } from './zone-temperature.ts';
import type { ZoneReading } from './zone-view.svelte.ts';

export const celsius = (value: number | null): string =>
  value === null ? t('value.unknown') : t('building.celsius', { n: formatNumber(value, 1) });

/** "19,2 °C / 20 °C ▼" */
export function zoneShortReading(reading: ZoneReading): string {
  return t('building.zone.reading', {
    temperature: celsius(reading.temperature),
    setpoint: celsius(reading.setpoint),
    symbol: bandSymbols[reading.band],
  });
}

export function occupancyText(occupied: boolean | null): string {
  return t(
    occupied === null
      ? 'building.occupancy.unknown'
      : occupied
        ? 'building.occupancy.yes'
        : 'building.occupancy.no',
  );
}

export function zoneDescription(name: string, reading: ZoneReading): string {
  return t('building.zone.describe', {
    name,
    temperature: celsius(reading.temperature),
    setpoint: celsius(reading.setpoint),
    band: t(`building.band.${reading.band}`),
    occupancy: occupancyText(reading.occupied),
    valve:
      reading.valve === null ? t('value.unknown') : t('unit.percent', { n: formatNumber(reading.valve, 0) }),
  });
}
