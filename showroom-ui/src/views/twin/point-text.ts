/** How a point's name and value read in the panel, in the user's language. */
import type { PointMeta, PointValue } from '@phare/lab-controller/api/wire.ts';
import { i18n, isMessageKey, t } from '../../lib/i18n/i18n.svelte.ts';
import { formatNumber, formatUnit } from '../../lib/i18n/format.ts';
import { activeStatusBits } from './dali-status.ts';

/** `level` → "Niveau demandé"; unknown local names fall back to the profile's label, then the id. */
export function pointName(localName: string, meta: PointMeta | undefined): string {
  const key = `point.${localName}`;
  if (isMessageKey(key)) return t(key);
  return i18n.localized(meta?.label, localName);
}

export function pointValueText(localName: string, meta: PointMeta, value: PointValue): string {
  if (value === null) return t('value.unknown');
  if (typeof value === 'boolean') return t(value ? 'value.true' : 'value.false');
  if (typeof value === 'string') return value;
  if (localName === 'status' || meta.type === 'bitmap') {
    const bits = activeStatusBits(value);
    return bits.length === 0 ? t('dali.noFlag') : bits.map((key) => t(key)).join(', ');
  }
  if (meta.unit === '%') return t('unit.percent', { n: formatNumber(value, 0) });
  return meta.unit ? `${formatNumber(value, 2)} ${formatUnit(meta.unit)}` : formatNumber(value, 2);
}
