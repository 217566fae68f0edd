/**
 * One staff write: sends the value through the controller's single write path (profile limits,
 * coordinator queue, audit; ARCHITECTURE.md §3) and keeps the outcome, with the controller's own
 * message when it refuses. Nothing is checked only here: the controller is the authority.
 */
import type { PointValue } from '@phare/lab-controller/api/wire.ts';
import { describeApiError, writePoint } from '../../lib/api.ts';

export type ControlOutcome = 'idle' | 'sending' | 'applied' | 'refused';

export class PointControl {
  outcome = $state<ControlOutcome>('idle');
  message = $state<string | null>(null);
  written = $state<PointValue>(null);

  async send(point: string, value: PointValue): Promise<void> {
    this.outcome = 'sending';
    const result = await writePoint(point, value);
    if (result.ok) {
      this.outcome = 'applied';
      this.written = result.data.value;
      this.message = null;
    } else {
      this.outcome = 'refused';
      this.message = describeApiError(result.error);
    }
  }
}
