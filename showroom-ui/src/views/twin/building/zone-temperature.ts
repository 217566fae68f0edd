/**
 * A zone's temperature against its setpoint, as the plan shows it: a diverging colour scale (blue
 * below, slate at, red above the setpoint) and a band word and symbol, so that the state reads
 * without colour too (WCAG 1.4.1). Every colour of the scale keeps white text above 4.5:1.
 */

export type ZoneBand = 'below' | 'at' | 'above' | 'unknown';

/**
 * Half-width of the "at setpoint" band, K. The simulated PI valve controller holds a zone within a
 * few tenths of a kelvin of its setpoint (hardware/simulators/building-opcua/thermal-model.ts), so
 * half a kelvin is "held" and anything beyond it is a real departure.
 */
export const AT_SETPOINT_K = 0.5;
/** Departure at which the colour is fully saturated, K. */
export const FULL_SCALE_K = 3;

const COLD = [0x1d, 0x4e, 0xd8] as const; // #1d4ed8, white text 6.7:1
const NEUTRAL = [0x33, 0x41, 0x55] as const; // #334155, white text 10.4:1
const HOT = [0xb9, 0x1c, 0x1c] as const; // #b91c1c, white text 6.5:1
const UNKNOWN = '#1f2937';

export function zoneBand(temperature: number | null, setpoint: number | null): ZoneBand {
  if (temperature === null || setpoint === null) return 'unknown';
  const delta = temperature - setpoint;
  if (delta < -AT_SETPOINT_K) return 'below';
  if (delta > AT_SETPOINT_K) return 'above';
  return 'at';
}

const hex = (channel: number): string => Math.round(channel).toString(16).padStart(2, '0');

function mix(from: readonly number[], to: readonly number[], fraction: number): string {
  return `#${from.map((c, i) => hex(c + (to[i]! - c) * fraction)).join('')}`;
}

/** Fill colour: neutral inside the "at" band, then towards blue or red up to FULL_SCALE_K. */
export function zoneFill(temperature: number | null, setpoint: number | null): string {
  if (temperature === null || setpoint === null) return UNKNOWN;
  const delta = temperature - setpoint;
  const beyond = Math.max(0, Math.abs(delta) - AT_SETPOINT_K);
  const fraction = Math.min(1, beyond / (FULL_SCALE_K - AT_SETPOINT_K));
  return mix(NEUTRAL, delta < 0 ? COLD : HOT, fraction);
}

/** The symbol after "19,2 °C / 20 °C": below ▼, at =, above ▲, unknown ?. */
export const bandSymbols: Record<ZoneBand, string> = { below: '▼', at: '=', above: '▲', unknown: '?' };
