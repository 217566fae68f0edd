/**
 * Turns many luminaire level writes given together into the fewest DALI commands.
 *
 * Why: a DALI line carries about 30 commands per second (forward frame ≈ 16 ms plus 13.5–21 ms of
 * settling, protocols.md §1.2). Setting 64 luminaires one by one takes about 2 s and the street
 * visibly ripples; one broadcast or group command (IEC 62386-102 addressing `1111111S` /
 * `100GGGGS`, protocols.md §1.3) changes them all in one frame, about 30 ms.
 *
 * Rules, in order:
 * 1. Every luminaire of the line gets the same value → one broadcast command.
 * 2. For each value, a site group whose members ALL receive that value → one group command
 *    (greedy: the group covering most still-uncovered luminaires first). A group containing a
 *    luminaire that gets another value, or none, is never used: it would change that luminaire.
 * 3. Whatever is left → one command per luminaire.
 * The plan is exact: every targeted luminaire ends at its own value and no other luminaire moves.
 * It trusts the site file to list every gear on the line and its real group membership.
 */

export type LevelTarget =
  { kind: 'broadcast' } | { kind: 'group'; group: number } | { kind: 'single'; lamp: string };

export interface PlannedLevelCommand {
  target: LevelTarget;
  value: number;
  /** Luminaire ids this command sets. */
  lamps: string[];
}

export interface GroupPlanInput {
  /** Every luminaire on the line, with its DALI groups. */
  luminaires: { id: string; groups: number[] }[];
  /** Groups that can receive a level command (site groups the gateway map can address). */
  groups: number[];
  /** Whether the gateway can send a broadcast level. */
  broadcast: boolean;
  /** Luminaire id → level, one entry per luminaire. */
  targets: Map<string, number>;
}

export function planLevelCommands(input: GroupPlanInput): PlannedLevelCommand[] {
  const { luminaires, targets } = input;
  if (targets.size === 0) return [];
  const values = [...new Set(targets.values())];

  const everyLamp = luminaires.length > 0 && luminaires.every((lamp) => targets.has(lamp.id));
  if (input.broadcast && everyLamp && values.length === 1) {
    return [{ target: { kind: 'broadcast' }, value: values[0]!, lamps: luminaires.map((lamp) => lamp.id) }];
  }

  const members = new Map<number, string[]>();
  for (const group of input.groups) {
    members.set(
      group,
      luminaires.filter((lamp) => lamp.groups.includes(group)).map((lamp) => lamp.id),
    );
  }

  const commands: PlannedLevelCommand[] = [];
  const singles: PlannedLevelCommand[] = [];
  for (const value of values) {
    const lampsWithValue = [...targets].filter(([, v]) => v === value).map(([id]) => id);
    const withValue = new Set(lampsWithValue);
    const candidates = [...members].filter(
      ([, ids]) => ids.length > 0 && ids.every((id) => withValue.has(id)),
    );
    const uncovered = new Set(lampsWithValue);
    for (;;) {
      let best: [number, string[]] | undefined;
      let bestGain = 0;
      for (const candidate of candidates) {
        const gain = candidate[1].filter((id) => uncovered.has(id)).length;
        if (gain > bestGain) [best, bestGain] = [candidate, gain];
      }
      // A group of one luminaire is no cheaper than a single command; keep the single (clearer audit).
      if (!best || bestGain < 2) break;
      commands.push({ target: { kind: 'group', group: best[0] }, value, lamps: [...best[1]] });
      for (const id of best[1]) uncovered.delete(id);
    }
    for (const id of lampsWithValue) {
      if (uncovered.has(id)) singles.push({ target: { kind: 'single', lamp: id }, value, lamps: [id] });
    }
  }
  return [...commands, ...singles];
}
