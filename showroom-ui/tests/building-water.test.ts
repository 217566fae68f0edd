import { describe, expect, it } from 'vitest';
import type { HistorySample } from '@phare/lab-controller/api/wire.ts';
import { localMidnight, meterToday } from '../src/views/twin/building/meter-today.ts';
import {
  AT_SETPOINT_K,
  FULL_SCALE_K,
  zoneBand,
  zoneFill,
} from '../src/views/twin/building/zone-temperature.ts';
import { basinFill } from '../src/views/twin/water/basin-fill.ts';
import { lastNightWindow, MIN_COVERAGE_MS, nightFlowVerdict } from '../src/views/twin/water/night-flow.ts';
import {
  gaugeBands,
  gaugeFraction,
  gaugeTop,
  levelKeyFor,
  vigilanceKeyOf,
} from '../src/views/twin/water/vigilance-gauge.ts';

const HOUR = 3_600_000;
const sample = (
  ts: number,
  value: number | null,
  quality: HistorySample['quality'] = 'good',
): HistorySample => ({
  ts,
  value,
  quality,
});

/** Relative luminance and contrast ratio, WCAG 2.1 §1.4.3 definitions. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrastWithWhite = (hex: string): number => 1.05 / (luminance(hex) + 0.05);

describe('zone colour against its setpoint', () => {
  it('names the band below, at and above the setpoint, and unknown without a value', () => {
    expect(zoneBand(19.2, 20)).toBe('below');
    expect(zoneBand(20 - AT_SETPOINT_K, 20)).toBe('at');
    expect(zoneBand(20.3, 20)).toBe('at');
    expect(zoneBand(21, 20)).toBe('above');
    expect(zoneBand(null, 20)).toBe('unknown');
    expect(zoneBand(20, null)).toBe('unknown');
  });

  it('diverges from one neutral colour towards blue below and red above, saturating at full scale', () => {
    const neutral = zoneFill(20, 20);
    expect(zoneFill(20.4, 20)).toBe(neutral);
    const cold = zoneFill(20 - FULL_SCALE_K, 20);
    const hot = zoneFill(20 + FULL_SCALE_K, 20);
    expect(zoneFill(20 - FULL_SCALE_K - 5, 20)).toBe(cold);
    const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const [cr, , cb] = channels(cold);
    const [hr, , hb] = channels(hot);
    expect(cb!).toBeGreaterThan(cr!);
    expect(hr!).toBeGreaterThan(hb!);
    // Halfway the colour lies between neutral and the end of the scale.
    const half = channels(zoneFill(20 - (AT_SETPOINT_K + FULL_SCALE_K) / 2, 20));
    expect(half[2]!).toBeGreaterThan(channels(neutral)[2]!);
    expect(half[2]!).toBeLessThan(cb!);
  });

  it('keeps white labels readable (4.5:1) on every colour of the scale', () => {
    for (let delta = -5; delta <= 5; delta += 0.25)
      expect(contrastWithWhite(zoneFill(20 + delta, 20))).toBeGreaterThanOrEqual(4.5);
    expect(contrastWithWhite(zoneFill(null, 20))).toBeGreaterThanOrEqual(4.5);
  });
});

describe("today's energy from a meter's history", () => {
  const midnight = localMidnight(Date.UTC(2026, 0, 15, 12));

  it('subtracts the value in force at local midnight from the value now', () => {
    const before = [sample(midnight - 20 * 60_000, 1000), sample(midnight - 60_000, 1000.5)];
    const today = [sample(midnight + 60_000, 1000.6)];
    expect(meterToday(before, today, 1012.75, midnight)).toEqual({ kWh: 12.25, since: midnight });
  });

  it('starts at the first good sample of the day when the record starts after midnight', () => {
    const start = midnight + 8 * HOUR;
    const today = [sample(start - 1, 5, 'offline'), sample(start, 1200), sample(start + HOUR, 1203)];
    expect(meterToday([], today, 1210, midnight)).toEqual({ kWh: 10, since: start });
  });

  it('skips offline and bad samples before midnight', () => {
    const before = [sample(midnight - 2 * 60_000, 900), sample(midnight - 60_000, null, 'offline')];
    expect(meterToday(before, [], 910, midnight)).toEqual({ kWh: 10, since: midnight });
  });

  it('gives nothing without history, without a live value, or when the counter went back', () => {
    expect(meterToday([], [], 1000, midnight)).toBeNull();
    expect(meterToday([sample(midnight - 1, 1000)], [], null, midnight)).toBeNull();
    expect(meterToday([sample(midnight - 1, 1000)], [], 3, midnight)).toBeNull();
  });
});

describe('river gauge against vigilance thresholds', () => {
  const thresholds = { yellow: 0.8, orange: 1.3, red: 1.8 };

  it('stacks green, yellow, orange and red bands on the thresholds up to the top', () => {
    const top = gaugeTop(thresholds, 0.4);
    expect(top).toBeGreaterThan(thresholds.red);
    expect(gaugeBands(thresholds, top)).toEqual([
      { key: 'green', from: 0, to: 0.8 },
      { key: 'yellow', from: 0.8, to: 1.3 },
      { key: 'orange', from: 1.3, to: 1.8 },
      { key: 'red', from: 1.8, to: top },
    ]);
  });

  it('keeps a level above the top on the gauge', () => {
    const top = gaugeTop(thresholds, 4);
    expect(top).toBeGreaterThan(4);
    expect(gaugeFraction(4, top)).toBeLessThan(1);
    expect(gaugeFraction(-1, top)).toBe(0);
    expect(gaugeFraction(0.8, gaugeTop(thresholds, 0))).toBeCloseTo(0.8 / (1.8 * 1.3), 9);
  });

  it('reads the level key from the computed point, and from the thresholds alone', () => {
    const states = [
      { value: 0, key: 'green', label: { fr: 'Vert', en: 'Green' } },
      { value: 2, key: 'orange', label: { fr: 'Orange', en: 'Orange' } },
    ];
    expect(vigilanceKeyOf(2, states)).toBe('orange');
    expect(vigilanceKeyOf(3, undefined)).toBe('red');
    expect(vigilanceKeyOf(null, states)).toBeNull();
    expect(levelKeyFor(0.79, thresholds)).toBe('green');
    expect(levelKeyFor(0.8, thresholds)).toBe('yellow');
    expect(levelKeyFor(1.5, thresholds)).toBe('orange');
    expect(levelKeyFor(2, thresholds)).toBe('red');
  });
});

describe('water meter night flow', () => {
  const now = new Date(2026, 0, 15, 9, 0).getTime();
  const night = lastNightWindow(now);

  it('takes last night from 01:00 to 05:00 local, or tonight up to now while it runs', () => {
    expect(new Date(night.from).getHours()).toBe(1);
    expect(night.to - night.from).toBe(4 * HOUR);
    const during = lastNightWindow(new Date(2026, 0, 15, 2, 30).getTime());
    expect(during.to - during.from).toBe(1.5 * HOUR);
  });

  it('sees a leak when the flow never returns to zero during the night', () => {
    const leak = [
      sample(night.from - HOUR, 0.02),
      sample(night.from + HOUR, 0.03),
      sample(night.to + HOUR, 0.4),
    ];
    expect(nightFlowVerdict(leak, night)).toBe('leak');
    const normal = [
      sample(night.from - HOUR, 0.02),
      sample(night.from + HOUR, 0),
      sample(night.from + 2 * HOUR, 0.01),
    ];
    expect(nightFlowVerdict(normal, night)).toBe('normal');
  });

  it('gives no verdict when the record does not cover the night', () => {
    expect(nightFlowVerdict([], night)).toBe('unknown');
    expect(nightFlowVerdict([sample(night.to - MIN_COVERAGE_MS / 2, 0.1)], night)).toBe('unknown');
    expect(nightFlowVerdict([sample(night.from - HOUR, 0.1, 'offline')], night)).toBe('unknown');
  });
});

describe('basin fill within the sensor range', () => {
  it('is full at the near limit, empty at the far one, and unknown without a range', () => {
    const range = { min: 0.3, max: 5 };
    expect(basinFill(0.3, range)).toBe(1);
    expect(basinFill(5, range)).toBe(0);
    expect(basinFill(2.65, range)).toBeCloseTo(0.5, 9);
    expect(basinFill(null, range)).toBeNull();
    expect(basinFill(1, undefined)).toBeNull();
  });
});
