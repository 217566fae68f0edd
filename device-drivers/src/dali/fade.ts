/**
 * How control gear moves between levels (protocols.md §1.4; python-dali `SetFadeTime`/`SetFadeRate`
 * docstrings; zencontrol article; Altec DALI manual p.88). Simulators use it to model fades.
 */
import { OutOfRange } from '../errors.ts';
import type { DecodedForwardFrame } from './commands.ts';

/** UP and DOWN dim for 200 ms at the fade rate. */
export const UP_DOWN_DURATION_MS = 200;

/** Fade time T(X) = 0.5·√(2^X) s for X = 1…15 (0.71 s … 90.5 s); X = 0 means no fade (DALI-1). */
export function fadeTimeSeconds(x: number): number {
  checkCode(x, 0, 'fade time');
  return x === 0 ? 0 : 0.5 * Math.sqrt(2 ** x);
}

/** Fade rate F(X) = 506/√(2^X) steps per second for X = 1…15 (357.8 … 2.8 steps/s). */
export function fadeRateStepsPerSecond(x: number): number {
  checkCode(x, 1, 'fade rate');
  return 506 / Math.sqrt(2 ** x);
}

/** Arc steps one UP or DOWN command moves: 200 ms at the fade rate. */
export function upDownSteps(fadeRateX: number): number {
  return (fadeRateStepsPerSecond(fadeRateX) * UP_DOWN_DURATION_MS) / 1000;
}

/** The fade time code X (0–15) whose duration is closest to `seconds`, e.g. for a gateway's "Set Fade Time". */
export function fadeTimeCodeFor(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new OutOfRange(`fade time ${seconds} s is not a duration ≥ 0`, { detail: { value: seconds } });
  }
  let best = 0;
  for (let x = 1; x <= 15; x++) {
    if (Math.abs(fadeTimeSeconds(x) - seconds) < Math.abs(fadeTimeSeconds(best) - seconds)) best = x;
  }
  return best;
}

/**
 * - `immediate`: the level jumps (OFF, RECALL MAX/MIN LEVEL, the STEP commands).
 * - `fadeTime`: the gear fades over T(X) whatever the distance (DAPC, GO TO SCENE, GO TO LAST ACTIVE LEVEL).
 * - `fadeRate`: the gear moves at F(X) steps/s (UP, DOWN for 200 ms; CONTINUOUS UP/DOWN until stopped).
 */
export type LevelTransition = 'immediate' | 'fadeTime' | 'fadeRate';

const TRANSITIONS: Readonly<Record<string, LevelTransition>> = {
  DAPC: 'fadeTime',
  'GO TO SCENE': 'fadeTime',
  'GO TO LAST ACTIVE LEVEL': 'fadeTime',
  OFF: 'immediate',
  'RECALL MAX LEVEL': 'immediate',
  'RECALL MIN LEVEL': 'immediate',
  'STEP UP': 'immediate',
  'STEP DOWN': 'immediate',
  'STEP DOWN AND OFF': 'immediate',
  'ON AND STEP UP': 'immediate',
  UP: 'fadeRate',
  DOWN: 'fadeRate',
  'CONTINUOUS UP': 'fadeRate',
  'CONTINUOUS DOWN': 'fadeRate',
};

/**
 * How a decoded frame changes the level, or undefined when it does not change the level.
 * DAPC with MASK (255) is still `fadeTime` here: the caller must treat it as "stop the running fade" (§1.4).
 */
export function levelTransitionOf(
  decoded: Pick<DecodedForwardFrame, 'kind' | 'name'>,
): LevelTransition | undefined {
  if (decoded.kind !== 'dapc' && decoded.kind !== 'command') return undefined;
  return TRANSITIONS[decoded.name];
}

function checkCode(x: number, min: number, what: string): void {
  if (!Number.isInteger(x) || x < min || x > 15) {
    throw new OutOfRange(`DALI ${what} code ${x} is outside ${min}–15`, {
      detail: { value: x, min, max: 15 },
    });
  }
}
