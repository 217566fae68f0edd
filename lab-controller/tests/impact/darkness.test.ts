import { describe, expect, it } from 'vitest';
import { darkHoursOfDay, darknessCalendar } from '../../src/impact/darkness.ts';
import { franceLocalHour, franceUtcOffsetHours } from '../../src/impact/france-time.ts';
import { CIVIL_TWILIGHT_ALTITUDE_DEG, SUNRISE_ALTITUDE_DEG, solarDay } from '../../src/impact/solar.ts';

// Lyon, place Bellecour: 45.76° N, 4.84° E.
const LYON = { latitudeDeg: 45.76, longitudeDeg: 4.84 };
// Day of year 2025: 21 December = 355, 21 June = 172.
const DEC_21 = 355;
const JUN_21 = 172;

/** Local clock minutes of a solar event, with the French legal offset of that day. */
function localMinutes(utcMin: number | null, offsetHours: number): number {
  if (utcMin === null) throw new Error('no event');
  return utcMin + offsetHours * 60;
}
const hm = (h: number, m: number): number => h * 60 + m;

describe('sunrise, sunset and civil twilight at Lyon (45.76° N)', () => {
  // Published almanac times for Lyon (timeanddate.com / IMCCE ephemerides, rounded to the minute):
  // 21 Dec: sunrise 08:19, sunset 16:59, civil dawn 07:45, civil dusk 17:33 (CET, UTC+1);
  // 21 Jun: sunrise 05:51, sunset 21:32, civil dawn 05:13, civil dusk 22:10 (CEST, UTC+2).
  // The NOAA equations are good to about a minute; 5 minutes of tolerance covers rounding and the
  // almanacs' exact location.
  const TOLERANCE_MIN = 5;

  it('matches the published sunrise and sunset of 21 December within 5 minutes', () => {
    const sun = solarDay(DEC_21, LYON.latitudeDeg, LYON.longitudeDeg, SUNRISE_ALTITUDE_DEG);
    expect(Math.abs(localMinutes(sun.riseUtcMin, 1) - hm(8, 19))).toBeLessThanOrEqual(TOLERANCE_MIN);
    expect(Math.abs(localMinutes(sun.setUtcMin, 1) - hm(16, 59))).toBeLessThanOrEqual(TOLERANCE_MIN);
  });

  it('matches the published sunrise and sunset of 21 June within 5 minutes', () => {
    const sun = solarDay(JUN_21, LYON.latitudeDeg, LYON.longitudeDeg, SUNRISE_ALTITUDE_DEG);
    expect(Math.abs(localMinutes(sun.riseUtcMin, 2) - hm(5, 51))).toBeLessThanOrEqual(TOLERANCE_MIN);
    expect(Math.abs(localMinutes(sun.setUtcMin, 2) - hm(21, 32))).toBeLessThanOrEqual(TOLERANCE_MIN);
  });

  it('matches the published civil twilight in December and June within 5 minutes', () => {
    const dec = solarDay(DEC_21, LYON.latitudeDeg, LYON.longitudeDeg, CIVIL_TWILIGHT_ALTITUDE_DEG);
    const jun = solarDay(JUN_21, LYON.latitudeDeg, LYON.longitudeDeg, CIVIL_TWILIGHT_ALTITUDE_DEG);
    expect(Math.abs(localMinutes(dec.riseUtcMin, 1) - hm(7, 45))).toBeLessThanOrEqual(TOLERANCE_MIN);
    expect(Math.abs(localMinutes(dec.setUtcMin, 1) - hm(17, 33))).toBeLessThanOrEqual(TOLERANCE_MIN);
    expect(Math.abs(localMinutes(jun.riseUtcMin, 2) - hm(5, 13))).toBeLessThanOrEqual(TOLERANCE_MIN);
    expect(Math.abs(localMinutes(jun.setUtcMin, 2) - hm(22, 10))).toBeLessThanOrEqual(TOLERANCE_MIN);
  });

  it('counts about 14 h 12 min of civil darkness on 21 December and 7 h 03 min on 21 June', () => {
    // From the published twilight times: 24 h − (17:33 − 07:45) = 14 h 12; 24 h − (22:10 − 05:13) = 7 h 03.
    const query = { ...LYON, year: 2025, switchAltitudeDeg: CIVIL_TWILIGHT_ALTITUDE_DEG };
    expect(Math.abs(darkHoursOfDay(query, DEC_21) - (14 + 12 / 60))).toBeLessThan(10 / 60);
    expect(Math.abs(darkHoursOfDay(query, JUN_21) - (7 + 3 / 60))).toBeLessThan(10 / 60);
  });
});

describe('the darkness calendar of a year', () => {
  const calendar = (switchAltitudeDeg: number) =>
    darknessCalendar({ ...LYON, year: 2025, switchAltitudeDeg });

  it('gives December about twice the dark hours of June at Lyon', () => {
    const { hoursByMonth } = calendar(-3);
    expect(hoursByMonth).toHaveLength(12);
    const [dec, jun] = [hoursByMonth[11]!, hoursByMonth[5]!];
    expect(dec / jun).toBeGreaterThan(1.8);
    expect(dec / jun).toBeLessThan(2.3);
  });

  it('reproduces the reference 4 100 h/year within 3 % at the central switching altitude (-3°)', () => {
    expect(Math.abs(calendar(-3).annualHours - 4100) / 4100).toBeLessThan(0.03);
  });

  it('orders annual hours by switching altitude: civil dusk < -3° < sunset', () => {
    expect(calendar(-6).annualHours).toBeLessThan(calendar(-3).annualHours);
    expect(calendar(-3).annualHours).toBeLessThan(calendar(-0.833).annualHours);
  });

  it('puts every night of the year in the 00:00 hour and none at noon', () => {
    const { hoursByClockHour, annualHours } = calendar(-3);
    expect(hoursByClockHour[0]).toBeCloseTo(365, 6);
    expect(hoursByClockHour[12]).toBe(0);
    expect(hoursByClockHour.reduce((a, b) => a + b, 0)).toBeCloseTo(annualHours, 6);
  });

  it('gives more dark hours further north, at the same switching altitude', () => {
    const lille = darknessCalendar({
      latitudeDeg: 50.63,
      longitudeDeg: 3.06,
      year: 2025,
      switchAltitudeDeg: -6,
    });
    const perpignan = darknessCalendar({
      latitudeDeg: 42.7,
      longitudeDeg: 2.9,
      year: 2025,
      switchAltitudeDeg: -6,
    });
    // Twilight lasts longer in the north, so civil darkness is shorter over the year.
    expect(lille.hoursByMonth[11]!).toBeGreaterThan(perpignan.hoursByMonth[11]!);
    expect(lille.hoursByMonth[5]!).toBeLessThan(perpignan.hoursByMonth[5]!);
  });
});

describe('French legal time', () => {
  it('switches to UTC+2 on the last Sunday of March 2025 at 01:00 UTC and back on 26 October', () => {
    expect(franceUtcOffsetHours(Date.UTC(2025, 2, 30, 0, 59))).toBe(1);
    expect(franceUtcOffsetHours(Date.UTC(2025, 2, 30, 1, 0))).toBe(2);
    expect(franceUtcOffsetHours(Date.UTC(2025, 9, 26, 0, 59))).toBe(2);
    expect(franceUtcOffsetHours(Date.UTC(2025, 9, 26, 1, 0))).toBe(1);
  });

  it('reads 23:00 UTC in January as midnight and 22:00 UTC in July as midnight', () => {
    expect(franceLocalHour(Date.UTC(2025, 0, 15, 23, 30))).toBe(0);
    expect(franceLocalHour(Date.UTC(2025, 6, 15, 22, 30))).toBe(0);
  });
});
