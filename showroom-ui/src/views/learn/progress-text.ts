/** How an apprentice's progress on exercises reads: words and a symbol, never a colour alone. */
import type { LearnProgress } from '@phare/lab-controller/curriculum/learn-wire.ts';
import { t } from '../../lib/i18n/i18n.svelte.ts';

export type ProgressState = 'passed' | 'tried' | 'untried';

export function progressState(progress: LearnProgress | null | undefined): ProgressState {
  if (!progress) return 'untried';
  return progress.passedAt !== null ? 'passed' : 'tried';
}

export const PROGRESS_SYMBOL: Record<ProgressState, string> = { passed: '✓', tried: '✗', untried: '–' };

export function progressText(progress: LearnProgress | null | undefined): string {
  const state = progressState(progress);
  if (state === 'untried') return t('learn.progress.untried');
  return t(state === 'passed' ? 'learn.progress.passed' : 'learn.progress.tried', {
    attempts: progress!.attempts,
  });
}
