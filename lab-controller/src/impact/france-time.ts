/**
 * Legal time in metropolitan France: UTC+1, and UTC+2 from the last Sunday of March to the last
 * Sunday of October (Directive 2000/84/EC, changes at 01:00 UTC). Dimming schedules are written
 * in legal time ("50 % from 23:00"), so the night's hours must be counted on the same clock.
 *
 * Kept as a tiny rule instead of Intl time zones so that the model is pure and gives the same
 * result on any machine whatever its ICU data.
 */

/** Day of month of the last Sunday of `month` (1-based) in `year`. */
function lastSunday(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month, 0));
  return lastDay.getUTCDate() - lastDay.getUTCDay();
}

/** UTC offset in hours of French legal time at an instant (ms since the epoch). */
export function franceUtcOffsetHours(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const summerStart = Date.UTC(year, 2, lastSunday(year, 3), 1);
  const summerEnd = Date.UTC(year, 9, lastSunday(year, 10), 1);
  return epochMs >= summerStart && epochMs < summerEnd ? 2 : 1;
}

/** UTC offset of French legal time at noon UTC of a day of `year` (1-based day of year). */
export function franceUtcOffsetOnDay(year: number, dayOfYear: number): number {
  return franceUtcOffsetHours(Date.UTC(year, 0, dayOfYear, 12));
}

/** Hour of the day (0–23) on the French legal clock at an instant. */
export function franceLocalHour(epochMs: number): number {
  const local = epochMs + franceUtcOffsetHours(epochMs) * 3_600_000;
  return new Date(local).getUTCHours();
}
