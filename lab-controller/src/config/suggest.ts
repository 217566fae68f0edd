/**
 * "Did you mean …?" for misspelt keys, enum values and ids, by edit distance.
 */
import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `word`, or undefined when none is close enough to be a likely typo:
 * at most a third of the word's length in edits (at least 2), or a case-insensitive prefix match
 * ("hms/intesis" → "hms/intesis-dali-modbus").
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const isPrefix = lower.length >= 3 && best.toLowerCase().startsWith(lower);
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) || isPrefix ? best : undefined;
}

/** The closest candidate whatever the distance (for "nearest: …" in a list of known ids). */
export function closestOf(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

export function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}
