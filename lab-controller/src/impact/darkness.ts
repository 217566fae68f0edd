/**
 * Hours of darkness over a year, by month and by hour of the French legal clock, computed from
 * astronomy (solar.ts) rather than read from a table, so any latitude of a territory works.
 *
 * "Dark" means the sun's centre is below `switchAltitudeDeg`: street lighting switches on at dusk
 * and off at dawn through that threshold (the factors file gives it as low/central/high).
 *
 * Each calendar day counts its own morning darkness (00:00 → dawn) and evening darkness
 * (dusk → 24:00) on that day's clock; the two days on which the clock changes are counted with the
 * offset at noon, an error of at most one hour per year.
 */
import { franceUtcOffsetOnDay } from './france-time.ts';
import { daysInYear, solarDay } from './solar.ts';

export interface DarknessQuery {
  latitudeDeg: number;
  /** Positive east. */
  longitudeDeg: number;
  /** A year only fixes leap days and the clock-change Sundays. */
  year: number;
  /** Sun altitude at which lights switch on and off (degrees, negative below the horizon). */
  switchAltitudeDeg: number;
}

export interface DarknessCalendar {
  /** Dark hours in each month, January first. */
  hoursByMonth: number[];
  /** Dark hours over the year within each clock hour 0–23 (hour 23 = 23:00–24:00). */
  hoursByClockHour: number[];
  annualHours: number;
}

const MINUTES_PER_DAY = 1440;

/** Dark intervals of one day in local clock minutes [start, end), within [0, 1440). */
export function darkIntervalsOfDay(
  query: DarknessQuery,
  dayOfYear: number,
): { start: number; end: number }[] {
  const sun = solarDay(
    dayOfYear,
    query.latitudeDeg,
    query.longitudeDeg,
    query.switchAltitudeDeg,
    daysInYear(query.year),
  );
  if (sun.kind === 'always-below') return [{ start: 0, end: MINUTES_PER_DAY }];
  if (sun.kind === 'always-above') return [];
  const offsetMin = franceUtcOffsetOnDay(query.year, dayOfYear) * 60;
  const clamp = (m: number): number => Math.min(MINUTES_PER_DAY, Math.max(0, m));
  const dawn = clamp((sun.riseUtcMin ?? 0) + offsetMin);
  const dusk = clamp((sun.setUtcMin ?? MINUTES_PER_DAY) + offsetMin);
  return [
    { start: 0, end: dawn },
    { start: dusk, end: MINUTES_PER_DAY },
  ].filter((i) => i.end > i.start);
}

/** Dark hours of one day (for tests and the README's worked example). */
export function darkHoursOfDay(query: DarknessQuery, dayOfYear: number): number {
  return darkIntervalsOfDay(query, dayOfYear).reduce((sum, i) => sum + (i.end - i.start), 0) / 60;
}

export function darknessCalendar(query: DarknessQuery): DarknessCalendar {
  const hoursByMonth = Array.from({ length: 12 }, () => 0);
  const hoursByClockHour = Array.from({ length: 24 }, () => 0);
  const days = daysInYear(query.year);
  for (let day = 1; day <= days; day += 1) {
    const month = new Date(Date.UTC(query.year, 0, day)).getUTCMonth();
    for (const { start, end } of darkIntervalsOfDay(query, day)) {
      hoursByMonth[month]! += (end - start) / 60;
      for (let hour = Math.floor(start / 60); hour < 24 && hour * 60 < end; hour += 1) {
        const overlap = Math.min(end, (hour + 1) * 60) - Math.max(start, hour * 60);
        if (overlap > 0) hoursByClockHour[hour]! += overlap / 60;
      }
    }
  }
  const annualHours = hoursByMonth.reduce((a, b) => a + b, 0);
  return { hoursByMonth, hoursByClockHour, annualHours };
}
