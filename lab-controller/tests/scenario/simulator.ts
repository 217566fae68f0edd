/** A DALI gateway simulator's own view (GET /state of its control API, hardware/simulators/README.md). */
export interface GearState {
  shortAddress: number;
  levelPercent: number;
  lampFailure: boolean;
  fading: boolean;
}

export async function simulatorState(controlUrl: string): Promise<{ gear: GearState[] }> {
  const res = await fetch(new URL('/state', controlUrl));
  if (!res.ok) throw new Error(`GET ${controlUrl}/state answered ${res.status}`);
  return (await res.json()) as { gear: GearState[] };
}

/** Polls the simulator until no gear is fading (fades last 2 s there), at most `timeoutMs`. */
export async function settled(controlUrl: string, timeoutMs = 10_000): Promise<GearState[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { gear } = await simulatorState(controlUrl);
    if (gear.every((g) => !g.fading) || Date.now() > deadline) return gear;
    await new Promise((r) => setTimeout(r, 100));
  }
}
