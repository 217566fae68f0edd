/** Reads a DALI gateway simulator's own state through its control API (GET /state). */
interface GearState {
  shortAddress: number;
  levelPercent: number;
}

export async function simulatorLevel(controlUrl: string, shortAddress: number): Promise<number> {
  const res = await fetch(new URL('/state', controlUrl));
  const state = (await res.json()) as { gear: GearState[] };
  const gear = state.gear.find((g) => g.shortAddress === shortAddress);
  if (!gear) throw new Error(`no gear ${shortAddress} in ${controlUrl}/state`);
  return gear.levelPercent;
}
