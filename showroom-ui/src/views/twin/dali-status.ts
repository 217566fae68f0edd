/**
 * The DALI QUERY STATUS byte as gateways expose it (protocols.md §2.1, Intesis signal +5, same bits
 * as IEC 62386-102 QUERY STATUS): b0 control gear failure, b1 lamp failure, b2 lamp on, b3 limit
 * error, b4 fade running, b5 reset state, b6 short address missing, b7 power cycle seen.
 */
import type { MessageKey } from '../../lib/i18n/i18n.svelte.ts';

export const statusBits: readonly { bit: number; key: MessageKey; fault: boolean }[] = [
  { bit: 0, key: 'dali.gearFailure', fault: true },
  { bit: 1, key: 'dali.lampFailure', fault: true },
  { bit: 2, key: 'dali.lampOn', fault: false },
  { bit: 3, key: 'dali.limitError', fault: false },
  { bit: 4, key: 'dali.fadeRunning', fault: false },
  { bit: 5, key: 'dali.resetState', fault: false },
  { bit: 6, key: 'dali.missingShortAddress', fault: false },
  { bit: 7, key: 'dali.powerCycle', fault: false },
];

export function activeStatusBits(status: number): MessageKey[] {
  return statusBits.filter(({ bit }) => (status & (1 << bit)) !== 0).map(({ key }) => key);
}

export function hasLampOrGearFailure(status: number): boolean {
  return statusBits.some(({ bit, fault }) => fault && (status & (1 << bit)) !== 0);
}
