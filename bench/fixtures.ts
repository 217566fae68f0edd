/** Shared set-up for benchmarks: the Intesis profile's map and a line of luminaires. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { DaliGatewayMap } from '@phare/device-drivers/dali/gateway-map.ts';

export const INTESIS_PROFILE = fileURLToPath(
  new URL('../hardware/profiles/hms/intesis-dali-modbus.yaml', import.meta.url),
);

/** The register map exactly as the shipped profile declares it (benchmarks use data, not code). */
export function intesisMap(): DaliGatewayMap {
  const profile = parse(readFileSync(INTESIS_PROFILE, 'utf8')) as { dali: DaliGatewayMap };
  return profile.dali;
}

export function luminaires(
  count: number,
  groupSize = 8,
): { id: string; shortAddress: number; groups: number[] }[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `lamp${String(i + 1).padStart(2, '0')}`,
    shortAddress: i,
    groups: [Math.floor(i / groupSize)],
  }));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
