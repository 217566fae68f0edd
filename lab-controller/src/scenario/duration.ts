/**
 * Durations as scenario authors write them: `500ms`, `2s`, `1.5m`, `1h`. A bare number is not
 * accepted: "wait 2" reads as seconds to some and milliseconds to others.
 */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration string; undefined when it does not match DURATION_PATTERN. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2]!]!);
}

/** For schemas that already checked the pattern. */
export function durationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new RangeError(`not a duration: "${text}" (use 500ms, 2s, 1m or 1h)`);
  return ms;
}

/** `1500` → `1.5 s`, for messages. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(2))} s`;
}
