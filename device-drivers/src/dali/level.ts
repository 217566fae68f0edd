/**
 * DALI light levels: the arc power level (0–254, IEC 62386-102) and its two dimming curves, plus the
 * per-gateway "level codecs" that map Phare's point value (percent of light output, 0–100, 0 = off)
 * to the raw register value a DALI-to-Modbus gateway holds (protocols.md §1.4 and §2.4).
 *
 * Rule shared by every codec: 0 % is off (raw 0) and any positive percent encodes to at least the
 * lowest "on" raw value, so a tiny positive set-point never switches a lamp off by rounding.
 */
import { OutOfRange } from '../errors.ts';
import type { LevelCodecName } from './gateway-map.ts';

/** Highest arc power level; 255 is MASK ("no change"), protocols.md §1.4. */
export const MAX_ARC_LEVEL = 254;
/** MASK: "no change" as a level; sent as DAPC it stops a running fade (python-dali `DAPC`). */
export const MASK = 255;

export type DimmingCurve = 'log' | 'linear';

/** Each log-curve step multiplies output by 10^(3/253): 254 steps span 0.1 %…100 % (protocols.md §1.4). */
const STEPS_PER_DECADE = 253 / 3;

/** Light output in percent for an arc level n, X(n) = 10^((n−1)/(253/3) − 1) % on the standard curve. */
export function arcToPercent(arc: number, curve: DimmingCurve = 'log'): number {
  checkInteger(arc, 0, MAX_ARC_LEVEL, `arc power level (${curve} curve)`);
  if (arc === 0) return 0;
  if (curve === 'linear') return (arc * 100) / MAX_ARC_LEVEL;
  return 10 ** ((arc - 1) / STEPS_PER_DECADE - 1);
}

/**
 * Nearest arc level for a light output in percent: n = 1 + (253/3)·(log10(X) + 1) on the log curve.
 * 0 % gives 0 (off); any positive percent gives at least 1, because the curve bottoms out at 0.1 %.
 * This is also how the Intesis gateway turns its 0–100 % registers into DALI levels (protocols.md §2.1).
 */
export function percentToArc(percent: number, curve: DimmingCurve = 'log'): number {
  checkPercent(percent, `arc power level (${curve} curve)`);
  if (percent === 0) return 0;
  const arc =
    curve === 'linear'
      ? Math.round((percent / 100) * MAX_ARC_LEVEL)
      : Math.round(1 + STEPS_PER_DECADE * (Math.log10(percent) + 1));
  return clamp(arc, 1, MAX_ARC_LEVEL);
}

export interface LevelCodec {
  readonly name: LevelCodecName;
  /** Smallest and largest raw register value, inclusive. */
  readonly rawRange: readonly [number, number];
  /** Percent of light output (0–100) to the raw register value. */
  encode(percent: number): number;
  /** Raw register value to percent of light output (0–100). */
  decode(raw: number): number;
}

/** One codec per gateway family, named in gateway-map.ts `LevelCodecName` (protocols.md §2.1–2.3). */
const CODECS: Record<LevelCodecName, LevelCodec> = {
  // Intesis: the register holds 0–100 % and the gateway converts along the log curve itself (§2.1).
  percent: linearCodec('percent', 100),
  // BACmove DALION: 0–255, percent = raw × 100 / 255, linear (§2.3).
  linear255: linearCodec('linear255', 255),
  // ADFweb: the raw DALI arc level 0–254 (§2.2), standard log curve.
  arcLog: arcCodec('arcLog', 'log'),
  // DT6 LED gear switched to the linear curve (§1.4).
  arcLinear: arcCodec('arcLinear', 'linear'),
};

export const LEVEL_CODEC_NAMES = Object.keys(CODECS) as LevelCodecName[];

export function levelCodec(name: LevelCodecName): LevelCodec {
  const codec = CODECS[name];
  if (codec === undefined) {
    throw new OutOfRange(
      `unknown DALI level codec "${String(name)}"; known: ${LEVEL_CODEC_NAMES.join(', ')}`,
      {
        detail: { codec: name },
      },
    );
  }
  return codec;
}

function linearCodec(name: LevelCodecName, fullScale: number): LevelCodec {
  const rawRange = [0, fullScale] as const;
  return {
    name,
    rawRange,
    encode(percent) {
      checkPercent(percent, `level codec ${name}`);
      if (percent === 0) return 0;
      return clamp(Math.round((percent / 100) * fullScale), 1, fullScale);
    },
    decode(raw) {
      checkInteger(raw, 0, fullScale, `level codec ${name} raw value`);
      return (raw * 100) / fullScale;
    },
  };
}

function arcCodec(name: LevelCodecName, curve: DimmingCurve): LevelCodec {
  return {
    name,
    rawRange: [0, MAX_ARC_LEVEL] as const,
    encode(percent) {
      checkPercent(percent, `level codec ${name}`);
      return percentToArc(percent, curve);
    },
    decode(raw) {
      checkInteger(raw, 0, MAX_ARC_LEVEL, `level codec ${name} raw value`);
      return arcToPercent(raw, curve);
    },
  };
}

function checkPercent(percent: number, what: string): void {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new OutOfRange(`${what}: ${percent} % is outside 0–100 %`, {
      detail: { value: percent, min: 0, max: 100 },
    });
  }
}

function checkInteger(value: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new OutOfRange(`${what}: ${value} is not an integer in ${min}–${max}`, {
      detail: { value, min, max },
    });
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
