/** Which symbol stands for a point quality or a device status (shapes are in StatusSymbol.svelte). */
import type { DeviceStatus, Quality } from '@phare/lab-controller/api/wire.ts';
import type { LuminaireStatus } from './luminaire-model.ts';

const qualitySymbols: Record<Quality, LuminaireStatus> = {
  good: 'ok',
  stale: 'stale',
  bad: 'lamp-failure',
  offline: 'offline',
};

const deviceSymbols: Record<DeviceStatus, LuminaireStatus> = {
  online: 'ok',
  connecting: 'stale',
  degraded: 'lamp-failure',
  offline: 'offline',
};

export const qualitySymbol = (quality: Quality): LuminaireStatus => qualitySymbols[quality];
export const deviceSymbol = (status: DeviceStatus): LuminaireStatus => deviceSymbols[status];
