/** How the water layer's readings read, in the user's language. */
import type { PointMeta } from '@phare/lab-controller/api/wire.ts';
import { t } from '../../../lib/i18n/i18n.svelte.ts';
import { formatNumber, formatUnit } from '../../../lib/i18n/format.ts';

/** A value with its unit ("450 µS/cm"), or "inconnu". */
export function withUnit(value: number | null, meta: PointMeta | undefined, digits = 1): string {
  if (value === null) return t('value.unknown');
  const unit = formatUnit(meta?.unit);
  const extra: Record<string, string> = { 'uS/cm': 'µS/cm', '[NTU]': 'NTU' };
  const shown = meta?.unit ? (extra[meta.unit] ?? unit) : '';
  return shown ? `${formatNumber(value, digits)} ${shown}` : formatNumber(value, digits);
}
