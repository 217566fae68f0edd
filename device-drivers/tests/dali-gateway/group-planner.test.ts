import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planLevelCommands, type PlannedLevelCommand } from '@phare/device-drivers/dali/group-planner.ts';

/** What each luminaire ends at if the commands run in order (undefined = untouched). */
function simulate(
  luminaires: { id: string; groups: number[] }[],
  commands: PlannedLevelCommand[],
): Map<string, number | undefined> {
  const levels = new Map<string, number | undefined>(luminaires.map((lamp) => [lamp.id, undefined]));
  for (const { target, value } of commands) {
    for (const lamp of luminaires) {
      const hit =
        target.kind === 'broadcast' ||
        (target.kind === 'group' && lamp.groups.includes(target.group)) ||
        (target.kind === 'single' && target.lamp === lamp.id);
      if (hit) levels.set(lamp.id, value);
    }
  }
  return levels;
}

const lineArbitrary = fc
  .array(fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), { minLength: 1, maxLength: 12 })
  .map((groupLists) => groupLists.map((groups, i) => ({ id: `lamp${i}`, groups })));

describe('DALI level write planning', () => {
  it('sets exactly the targeted luminaires to their values and leaves the others untouched', () => {
    fc.assert(
      fc.property(
        lineArbitrary,
        fc.array(fc.option(fc.constantFrom(0, 40, 100), { nil: undefined }), {
          minLength: 12,
          maxLength: 12,
        }),
        fc.boolean(),
        (luminaires, wanted, broadcast) => {
          const targets = new Map<string, number>();
          luminaires.forEach((lamp, i) => {
            if (wanted[i] !== undefined) targets.set(lamp.id, wanted[i]);
          });
          const commands = planLevelCommands({ luminaires, groups: [0, 1, 2, 3, 4], broadcast, targets });
          const result = simulate(luminaires, commands);
          for (const lamp of luminaires) expect(result.get(lamp.id)).toBe(targets.get(lamp.id));
          expect(commands.length).toBeLessThanOrEqual(targets.size);
        },
      ),
    );
  });

  it('sends one broadcast when every luminaire gets the same value, even without groups', () => {
    const luminaires = Array.from({ length: 64 }, (_, i) => ({ id: `lamp${i}`, groups: [] }));
    const targets = new Map(luminaires.map((lamp) => [lamp.id, 25]));
    const commands = planLevelCommands({ luminaires, groups: [], broadcast: true, targets });
    expect(commands).toEqual([
      { target: { kind: 'broadcast' }, value: 25, lamps: luminaires.map((l) => l.id) },
    ]);
  });

  it('falls back to groups when the gateway has no broadcast register', () => {
    const luminaires = [
      { id: 'a', groups: [1] },
      { id: 'b', groups: [1] },
      { id: 'c', groups: [2] },
      { id: 'd', groups: [2] },
    ];
    const targets = new Map(luminaires.map((lamp) => [lamp.id, 10]));
    const commands = planLevelCommands({ luminaires, groups: [1, 2], broadcast: false, targets });
    expect(commands.map((c) => c.target)).toEqual([
      { kind: 'group', group: 1 },
      { kind: 'group', group: 2 },
    ]);
  });
});
