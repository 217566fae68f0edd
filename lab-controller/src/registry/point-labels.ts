/**
 * French and English labels for the signals a DALI gateway exposes, by local signal name
 * (the part after the last dot: `lamp03.level` → `level`). Plain Modbus points take their label
 * from the profile instead. Data only; an unknown signal simply has no label.
 */
import type { Localized } from '../api/wire.ts';

export const DALI_SIGNAL_LABELS: Record<string, Localized> = {
  level: { fr: 'niveau demandé', en: 'requested level' },
  actualLevel: { fr: 'niveau réel', en: 'actual level' },
  status: { fr: 'état DALI', en: 'DALI status' },
  scene: { fr: 'scène', en: 'scene' },
  lampFailure: { fr: 'défaut lampe', en: 'lamp failure' },
  gearFailure: { fr: 'défaut ballast', en: 'gear failure' },
};

export const DALI_TARGET_LABELS = {
  broadcast: { fr: 'Toute la ligne', en: 'Whole line' },
  group: (n: number): Localized => ({ fr: `Groupe ${n}`, en: `Group ${n}` }),
};
