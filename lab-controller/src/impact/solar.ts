/**
 * When the sun crosses a given altitude, from day of year, latitude and longitude: the basis of
 * dusk-to-dawn lighting hours (hardware/impact/README.md §2).
 *
 * Why these equations: NOAA's "General Solar Position Calculations" (Fourier series of the
 * fractional year for the equation of time and the declination, from Spencer 1971) are accurate
 * to about a minute at French latitudes, need no table, and can be checked by hand. Refraction and
 * the sun's radius are folded into the altitude threshold: -0.833° is the published sunrise/sunset,
 * -6° the end of civil twilight.
 */

/** Altitude of the sun's centre at published sunrise and sunset (refraction 34′ + radius 16′). */
export const SUNRISE_ALTITUDE_DEG = -0.833;
/** End of civil twilight: street lighting is needed by then. */
export const CIVIL_TWILIGHT_ALTITUDE_DEG = -6;

const RAD = Math.PI / 180;

export interface SolarDay {
  /** Minutes after 00:00 UTC when the sun rises through the threshold; null if it never does. */
  riseUtcMin: number | null;
  /** Minutes after 00:00 UTC when the sun sets through the threshold; null if it never does. */
  setUtcMin: number | null;
  /** 'normal', or 'always-below' (polar night at this threshold), or 'always-above' (midnight sun). */
  kind: 'normal' | 'always-below' | 'always-above';
}

/** Days in a Gregorian year. */
export function daysInYear(year: number): number {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
}

/** Equation of time (minutes) and declination (radians) at noon UTC of `dayOfYear` (1-based). */
export function sunAtNoon(
  dayOfYear: number,
  yearDays = 365,
): { equationOfTimeMin: number; declinationRad: number } {
  const g = ((2 * Math.PI) / yearDays) * (dayOfYear - 1);
  const equationOfTimeMin =
    229.18 *
    (0.000075 +
      0.001868 * Math.cos(g) -
      0.032077 * Math.sin(g) -
      0.014615 * Math.cos(2 * g) -
      0.040849 * Math.sin(2 * g));
  const declinationRad =
    0.006918 -
    0.399912 * Math.cos(g) +
    0.070257 * Math.sin(g) -
    0.006758 * Math.cos(2 * g) +
    0.000907 * Math.sin(2 * g) -
    0.002697 * Math.cos(3 * g) +
    0.00148 * Math.sin(3 * g);
  return { equationOfTimeMin, declinationRad };
}

/**
 * Rise and set of the sun through `altitudeDeg` on one day. Longitude is positive east
 * (Lyon 4.84). Times are UTC minutes, possibly below 0 or above 1440 far from the meridian.
 */
export function solarDay(
  dayOfYear: number,
  latitudeDeg: number,
  longitudeDeg: number,
  altitudeDeg: number,
  yearDays = 365,
): SolarDay {
  const { equationOfTimeMin, declinationRad } = sunAtNoon(dayOfYear, yearDays);
  const lat = latitudeDeg * RAD;
  const cosHourAngle =
    (Math.sin(altitudeDeg * RAD) - Math.sin(lat) * Math.sin(declinationRad)) /
    (Math.cos(lat) * Math.cos(declinationRad));
  if (cosHourAngle > 1) return { riseUtcMin: null, setUtcMin: null, kind: 'always-below' };
  if (cosHourAngle < -1) return { riseUtcMin: null, setUtcMin: null, kind: 'always-above' };
  const hourAngleDeg = Math.acos(cosHourAngle) / RAD;
  return {
    riseUtcMin: 720 - 4 * (longitudeDeg + hourAngleDeg) - equationOfTimeMin,
    setUtcMin: 720 - 4 * (longitudeDeg - hourAngleDeg) - equationOfTimeMin,
    kind: 'normal',
  };
}
