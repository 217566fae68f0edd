/**
 * Flood vigilance levels, as France's Vigicrues service shows them (vigicrues.gouv.fr, "les
 * niveaux de vigilance"): green, no particular vigilance; yellow, risk of a flood without major
 * damage, be attentive; orange, risk of a major flood, be very vigilant; red, risk of a flood
 * threatening lives and property, absolute vigilance. The computed point's value is the index 0–3.
 */
import type { Localized } from '../api/wire.ts';

export type VigilanceKey = 'green' | 'yellow' | 'orange' | 'red';
export type VigilanceLevel = 0 | 1 | 2 | 3;

export interface VigilanceLevelInfo {
  value: VigilanceLevel;
  key: VigilanceKey;
  label: Localized;
  /** CSS colour for the twin and the kiosk. */
  color: string;
  /** Severity of the bus alarm raised on entering this level (green clears it). */
  severity: 'info' | 'warning' | 'critical';
}

export const VIGILANCE_LEVELS: readonly VigilanceLevelInfo[] = [
  { value: 0, key: 'green', label: { fr: 'Vert', en: 'Green' }, color: '#2e9e44', severity: 'info' },
  { value: 1, key: 'yellow', label: { fr: 'Jaune', en: 'Yellow' }, color: '#f5d000', severity: 'info' },
  { value: 2, key: 'orange', label: { fr: 'Orange', en: 'Orange' }, color: '#f08a00', severity: 'warning' },
  { value: 3, key: 'red', label: { fr: 'Rouge', en: 'Red' }, color: '#e3001b', severity: 'critical' },
];
