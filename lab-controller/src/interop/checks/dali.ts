/**
 * `dali` (profile kind dali-gateway): the gateway's group and broadcast commands reach the
 * luminaires (one DALI frame for many lamps, protocols.md §1.2 and §2), scenes recall where the map
 * has them, and a lamp failure shows in the QUERY STATUS bits (protocols.md §1.5) after it is
 * injected, which only a simulator allows (--control URL). Every level written is within
 * `dali.limits.level`, and every luminaire gets its previous level back, one at a time (never a
 * broadcast, which would also reach lamps the bench did not declare).
 */
import {
  fail,
  failFromError,
  NOT_CONNECTED,
  pass,
  show,
  skip,
  type CheckContext,
  type PlannedCheck,
} from '../check-kit.ts';
import { controlRequest } from '../control-api.ts';
import type { InteropPoint } from '../interop-points.ts';
import { safeTestValue, tolerance } from '../safe-write.ts';
import { guardedWrite, readUntil, settleMs } from './write.ts';

const LAMP_FAILURE_WAIT_MS = 20_000;

export function daliChecks(ctx: CheckContext): PlannedCheck[] {
  const { target, profile, session } = ctx;
  const dali = target.dali!;
  const map = profile.dali!;
  const point = (id: string): InteropPoint | undefined => target.points.find((p) => p.id === id);
  const noLamps = {
    fr: 'Aucun luminaire donné pour le banc : indiquez-les (--luminaires 0:1,1:1 = adresses courtes et groupes).',
    en: 'No luminaire given for the bench: list them (--luminaires 0:1,1:1 = short addresses and groups).',
  };

  /**
   * The lamps' actual levels: from the gateway's actual-level registers when the map has them
   * (Intesis +6); else, on a simulator, from its state (a DALION's level registers only hold what
   * was last written to them, so they cannot show what a group command did).
   */
  const viaGateway = map.gear.signals.actualLevel !== undefined;
  const actualLevels = async (lamps: string[]): Promise<Map<string, number | null>> => {
    const out = new Map<string, number | null>();
    if (viaGateway) {
      for (const lamp of lamps) {
        const value = (await session.readOne(`${lamp}.level`)).reading.value;
        out.set(lamp, typeof value === 'number' ? value : null);
      }
      return out;
    }
    const state = (await controlRequest(ctx.controlUrl!, 'GET', '/state')) as {
      gear?: { shortAddress: number; levelPercent: number }[];
    };
    for (const lamp of lamps) {
      const sa = dali.luminaires.find((l) => l.id === lamp)?.shortAddress;
      const gear = state.gear?.find((g) => g.shortAddress === sa);
      out.set(lamp, gear ? Math.round(gear.levelPercent * 10) / 10 : null);
    }
    return out;
  };
  const waitLevels = async (
    lamps: string[],
    want: (lamp: string) => number,
  ): Promise<{ ok: boolean; levels: Map<string, number | null> }> => {
    const deadline = Date.now() + settleMs(ctx);
    for (;;) {
      const levels = await actualLevels(lamps);
      const ok = lamps.every((lamp) => {
        const v = levels.get(lamp);
        return typeof v === 'number' && Math.abs(v - want(lamp)) <= 1.5;
      });
      if (ok || Date.now() > deadline) return { ok, levels };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const cannotSee = {
    fr: "La passerelle ne donne pas le niveau réel des lampes (pas de registre de niveau réel dans le profil) : il faut un simulateur (--control URL) pour voir l'effet d'une commande de groupe.",
    en: 'The gateway does not report the lamps’ actual level (no actual-level register in the profile): seeing what a group command did needs a simulator (--control URL).',
  };

  /**
   * Writes a command point, waits until every member shows the level, then restores them: with the
   * same command when they were all alike (a level-triggered gateway ignores rewriting a lamp
   * register with the value it holds), else lamp by lamp.
   */
  const commandCheck = (
    commandId: string,
    members: string[],
    what: { fr: string; en: string },
  ): PlannedCheck => ({
    id: `dali.${commandId.replace('.level', '')}`,
    group: 'dali',
    title: { fr: `Commande ${what.fr}`, en: `${what.en} command` },
    mandatory: true,
    expected: `${commandId} within ${map.limits.level.min}–${map.limits.level.max} % moves ${members.join(', ')} to that level; previous levels restored`,
    timeoutMs: settleMs(ctx) * (3 + members.length) + 20_000,
    run: async () => {
      if (!ctx.connected) return skip(NOT_CONNECTED);
      const command = point(commandId);
      if (!command?.limits) return skip({ fr: 'Pas de limites de niveau.', en: 'No level limits.' });
      if (!viaGateway && !ctx.controlUrl) return skip(cannotSee);
      const steps: string[] = [];
      let previous = new Map<string, number | null>();
      const restore = async (): Promise<{ ok: boolean; text: string }> => {
        const values = [...previous.values()];
        const alike = values.length > 0 && values.every((v) => v !== null && v === values[0]);
        if (alike) await guardedWrite(ctx, command, values[0]!, true);
        else
          for (const [lamp, value] of previous) {
            const level = point(`${lamp}.level`);
            if (level && value !== null) await guardedWrite(ctx, level, value, true);
          }
        const back = await waitLevels(members, (lamp) => previous.get(lamp) ?? 0);
        return { ok: back.ok, text: `restored ${[...back.levels.values()].map(show).join('/')} %` };
      };
      try {
        previous = await actualLevels(members);
        const first = previous.get(members[0]!);
        const value = safeTestValue(command, command.limits, first);
        steps.push(
          `before ${[...previous.values()].map(show).join('/')} %`,
          `${commandId} ← ${show(value)} %`,
        );
        await guardedWrite(ctx, command, value);
        const reached = await waitLevels(members, () => value);
        steps.push(
          `members ${viaGateway ? 'read' : 'show (simulator state)'} ${[...reached.levels.values()].map(show).join('/')} %`,
        );
        const restored = await restore();
        steps.push(restored.text);
        if (!reached.ok)
          return fail(steps.join(', '), {
            fr: `Tous les luminaires du ${what.fr} n'atteignent pas ${show(value)} % : la commande n'arrive pas au bus DALI, ou l'adressage du bloc dans le profil est faux.`,
            en: `Not every luminaire of the ${what.en} reaches ${show(value)} %: the command does not reach the DALI bus, or the block addressing in the profile is wrong.`,
          });
        if (!restored.ok)
          return fail(steps.join(', '), {
            fr: 'Les niveaux d’avant n’ont pas tous été remis.',
            en: 'The previous levels were not all restored.',
          });
        return pass(steps.join(', '), {
          fr: `Une seule commande ${what.fr} règle tous ses luminaires, puis ils retrouvent leur niveau.`,
          en: `One ${what.en} command sets all its luminaires, then they get their level back.`,
        });
      } catch (error) {
        if (previous.size > 0) await restore().catch(() => undefined);
        return failFromError(error, target.timeoutMs, steps.length ? `${steps.join(', ')}: ` : '');
      }
    },
  });

  const checks: PlannedCheck[] = [];
  if (dali.luminaires.length === 0) {
    checks.push({
      id: 'dali.luminaires',
      group: 'dali',
      title: { fr: 'Luminaires du banc', en: 'Bench luminaires' },
      mandatory: false,
      expected: 'luminaires behind the gateway',
      run: () => Promise.resolve(skip(noLamps)),
    });
    return checks;
  }
  const lampsOf = (group: number) => dali.luminaires.filter((l) => l.groups.includes(group)).map((l) => l.id);
  for (const group of dali.groups) {
    if (!map.group?.signals.level) break;
    checks.push(
      commandCheck(`group${group}.level`, lampsOf(group), { fr: `de groupe ${group}`, en: `Group ${group}` }),
    );
  }
  if (dali.groups.length === 0 || !map.group?.signals.level)
    checks.push({
      id: 'dali.group',
      group: 'dali',
      title: { fr: 'Commande de groupe', en: 'Group command' },
      mandatory: false,
      expected: 'a group with members, and a group level register in the map',
      run: () =>
        Promise.resolve(
          skip(
            map.group?.signals.level
              ? {
                  fr: 'Aucun groupe déclaré pour les luminaires du banc (--luminaires 0:1 met la lampe 0 dans le groupe 1).',
                  en: 'No group declared for the bench luminaires (--luminaires 0:1 puts lamp 0 in group 1).',
                }
              : {
                  fr: 'Le profil ne décrit pas de commande de groupe.',
                  en: 'The profile maps no group command.',
                },
          ),
        ),
    });
  if (map.broadcast?.signals.level)
    checks.push(
      commandCheck(
        'all.level',
        dali.luminaires.map((l) => l.id),
        { fr: 'de diffusion', en: 'Broadcast' },
      ),
    );

  const sceneTarget =
    map.group?.signals.scene && dali.groups.length > 0
      ? `group${dali.groups[0]}.scene`
      : map.broadcast?.signals.scene
        ? 'all.scene'
        : undefined;
  checks.push({
    id: 'dali.scene.recall',
    group: 'dali',
    title: { fr: 'Rappel de scène', en: 'Scene recall' },
    mandatory: false,
    expected: sceneTarget
      ? `${sceneTarget} ← 0 is accepted; levels restored afterwards`
      : 'a scene register in the map',
    timeoutMs: settleMs(ctx) * (dali.luminaires.length + 1) + 20_000,
    run: async () => {
      if (!sceneTarget)
        return skip({
          fr: 'Le profil ne décrit pas de registre de scène.',
          en: 'The profile maps no scene register.',
        });
      if (!ctx.connected) return skip(NOT_CONNECTED);
      const levels = dali.luminaires
        .map((l) => point(`${l.id}.level`))
        .filter((p): p is InteropPoint => !!p?.readable);
      const previous = new Map<string, unknown>();
      try {
        for (const level of levels) previous.set(level.id, (await session.readOne(level.id)).reading.value);
        const report = await session.write([{ point: sceneTarget, value: 0 }]);
        const outcome = report.outcomes[0];
        if (outcome && !outcome.ok) throw outcome.error ?? new Error(`${sceneTarget} was refused`);
        const restored = await restoreLevels(ctx, levels, previous);
        return pass(`${report.commands.join('; ')}; ${restored.text}`, {
          fr: 'La passerelle accepte le rappel de scène. Sans registre de mémorisation dans le profil, Phare ne peut pas vérifier le niveau de la scène.',
          en: 'The gateway accepts the scene recall. Without a scene-store register in the profile, Phare cannot check the scene’s level.',
        });
      } catch (error) {
        await restoreLevels(ctx, levels, previous).catch(() => undefined);
        return failFromError(error, target.timeoutMs);
      }
    },
  });
  checks.push({
    id: 'dali.scene.store',
    group: 'dali',
    title: { fr: 'Mémorisation de scène', en: 'Scene store' },
    mandatory: false,
    expected: 'a scene-store register in the map',
    run: () =>
      Promise.resolve(
        skip({
          fr: 'Le format de profil ne décrit pas encore de registre de mémorisation de scène : non vérifié.',
          en: 'The profile format does not describe a scene-store register yet: not checked.',
        }),
      ),
  });

  const lamp = dali.luminaires[0]!;
  checks.push({
    id: 'dali.lamp-failure',
    group: 'dali',
    title: { fr: 'Défaut de lampe signalé', en: 'Lamp failure reported' },
    mandatory: true,
    expected: `after a lamp failure at short address ${lamp.shortAddress}, ${lamp.id}.lampFailure reads true (QUERY STATUS bit 1), then false once repaired`,
    timeoutMs: LAMP_FAILURE_WAIT_MS * 2 + 10_000,
    run: async () => {
      if (!map.gear.signals.status)
        return skip({
          fr: "Le profil ne décrit pas de registre d'état : la passerelle ne remonte pas les défauts de lampe.",
          en: 'The profile maps no status register: the gateway does not report lamp failures.',
        });
      if (!ctx.controlUrl)
        return skip({
          fr: 'Provoquer un défaut de lampe demande un simulateur (--control URL) ; sur du matériel réel, retirez une lampe et relancez.',
          en: 'Causing a lamp failure needs a simulator (--control URL); with real kit, remove a lamp and run again.',
        });
      if (!ctx.connected) return skip(NOT_CONNECTED);
      const flag = `${lamp.id}.lampFailure`;
      const steps: string[] = [];
      try {
        await controlRequest(ctx.controlUrl, 'POST', `/gear/${lamp.shortAddress}`, { lampFailure: true });
        const raised = await readUntil(session, flag, (v) => v === true, LAMP_FAILURE_WAIT_MS);
        steps.push(`after injecting: ${show(raised.value)}`);
        await controlRequest(ctx.controlUrl, 'POST', `/gear/${lamp.shortAddress}`, { lampFailure: false });
        const cleared = await readUntil(session, flag, (v) => v === false, LAMP_FAILURE_WAIT_MS);
        steps.push(`after repairing: ${show(cleared.value)}`);
        if (raised.ok && cleared.ok)
          return pass(steps.join(', '), {
            fr: 'La passerelle signale le défaut de lampe puis sa réparation.',
            en: 'The gateway reports the lamp failure, then its repair.',
          });
        return fail(steps.join(', '), {
          fr: "Le bit de défaut de lampe ne suit pas l'état de la lampe : le registre d'état du profil est peut-être faux.",
          en: 'The lamp failure bit does not follow the lamp: the status register in the profile may be wrong.',
        });
      } catch (error) {
        await controlRequest(ctx.controlUrl, 'POST', `/gear/${lamp.shortAddress}`, {
          lampFailure: false,
        }).catch(() => undefined);
        return failFromError(error, target.timeoutMs, steps.length ? `${steps.join(', ')}: ` : '');
      }
    },
  });
  return checks;
}

/** Each luminaire back to its previous level, one command per luminaire. */
async function restoreLevels(
  ctx: CheckContext,
  levels: InteropPoint[],
  previous: Map<string, unknown>,
): Promise<{ ok: boolean; text: string }> {
  let ok = true;
  const got: string[] = [];
  for (const level of levels) {
    const value = previous.get(level.id);
    if (typeof value !== 'number') {
      ok = false;
      continue;
    }
    await guardedWrite(ctx, level, value, true);
    const back = await readUntil(
      ctx.session,
      level.id,
      (v) => typeof v === 'number' && Math.abs(v - value) <= tolerance(level, value, true),
      settleMs(ctx),
    );
    ok &&= back.ok;
    got.push(show(back.value));
  }
  return { ok, text: `restored ${got.join('/')} %` };
}
