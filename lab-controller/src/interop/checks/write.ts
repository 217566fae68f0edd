/**
 * `write`: every writable point with safe limits is written with a harmless value (safe-write.ts),
 * read back, and restored to its previous value; a value beyond the limits is refused by Phare
 * before the wire (Modbus: the client's request counter does not move). Points without limits, and
 * write-only points (whose previous value cannot be restored), are not written: said so and skipped.
 * DALI group and broadcast commands are checked by the `dali` group.
 */
import { PhareError } from '@phare/device-drivers/errors.ts';
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
import type { DeviceSession } from '../device-session.ts';
import { explainError } from '../explain.ts';
import type { InteropPoint } from '../interop-points.ts';
import { beyondLimits, refusal, safeTestValue, tolerance } from '../safe-write.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a written value may take to show (a DALI fade, a gateway's background poll). */
export function settleMs(ctx: CheckContext): number {
  return ctx.target.dali ? 15_000 : Math.max(2000, ctx.target.timeoutMs * 2);
}

/** Reads `point` until it is within `tol` of `value`, or the time is up; the last value read. */
export async function readUntil(
  session: DeviceSession,
  pointId: string,
  accept: (value: unknown) => boolean,
  withinMs: number,
): Promise<{ ok: boolean; value: unknown }> {
  const deadline = Date.now() + withinMs;
  let value: unknown = null;
  for (;;) {
    value = (await session.readOne(pointId)).reading.value;
    if (accept(value)) return { ok: true, value };
    if (Date.now() > deadline) return { ok: false, value };
    await sleep(250);
  }
}

/** Writes through the gate; throws the refusal or the device's error. */
export async function guardedWrite(
  ctx: CheckContext,
  point: InteropPoint,
  value: number,
  restoring = false,
): Promise<void> {
  const refused = refusal(point, value, ctx.profile.id, restoring);
  if (refused) throw refused;
  const report = await ctx.session.write([{ point: point.id, value }]);
  const outcome = report.outcomes.find((o) => o.point === point.id);
  if (outcome && !outcome.ok) throw outcome.error ?? new Error(`write of ${point.id} failed`);
}

export function writeChecks(ctx: CheckContext): PlannedCheck[] {
  const { target, session } = ctx;
  const isDaliCommand = (p: InteropPoint): boolean => /^(group\d+|all)\./.test(p.id);
  const writable = target.points.filter((p) => p.writable && !isDaliCommand(p));
  const checks: PlannedCheck[] = [];
  for (const point of writable) {
    const limits = point.limits;
    const numeric = point.type === 'number' || point.type === 'integer';
    const daliLevel = target.dali !== undefined && point.id.endsWith('.level');
    checks.push({
      id: `write.roundtrip.${point.id}`,
      group: 'write',
      title: {
        fr: `Écriture et relecture de ${point.label.fr}`,
        en: `Write and read back ${point.label.en}`,
      },
      mandatory: true,
      expected: limits
        ? `a value within ${limits.min}–${limits.max} is written, read back, then the previous value restored`
        : 'safe limits in the profile',
      timeoutMs: settleMs(ctx) * 2 + 20_000,
      run: async () => {
        if (!ctx.connected) return skip(NOT_CONNECTED);
        if (!numeric || !limits)
          return skip({
            fr: "Le profil ne donne pas de limites sûres pour ce point : Phare n'écrit jamais sans limites déclarées.",
            en: 'The profile gives no safe limits for this point: Phare never writes without declared limits.',
          });
        if (!point.readable)
          return skip({
            fr: "Point en écriture seule : Phare ne pourrait pas remettre la valeur d'avant, il ne l'écrit donc pas.",
            en: 'Write-only point: Phare could not restore the previous value, so it does not write it.',
          });
        let previous: unknown;
        try {
          previous = (await session.readOne(point.id)).reading.value;
        } catch (error) {
          return failFromError(error, target.timeoutMs, 'reading the previous value: ');
        }
        const value = safeTestValue(point, limits, previous);
        const tol = tolerance(point, value, daliLevel);
        const steps: string[] = [`previous ${show(previous)}`, `wrote ${show(value)}`];
        try {
          await guardedWrite(ctx, point, value);
          const back = await readUntil(
            session,
            point.id,
            (v) => typeof v === 'number' && Math.abs(v - value) <= tol,
            settleMs(ctx),
          );
          steps.push(`read back ${show(back.value)}`);
          const restore = await restorePrevious(ctx, point, previous, tol);
          steps.push(restore.text);
          if (!back.ok)
            return fail(steps.join(', '), {
              fr: `La valeur relue (${show(back.value)}) n'est pas celle écrite (${show(value)} ± ${show(tol)}) : l'appareil ignore l'écriture, ou le profil se trompe de registre ou d'échelle.`,
              en: `The value read back (${show(back.value)}) is not the one written (${show(value)} ± ${show(tol)}): the device ignores the write, or the profile has the wrong register or scale.`,
            });
          if (!restore.ok)
            return fail(steps.join(', '), {
              fr: "La valeur d'avant n'a pas pu être remise : vérifiez l'appareil.",
              en: 'The previous value could not be restored: check the device.',
            });
          return pass(steps.join(', '), {
            fr: "La valeur écrite est relue, puis la valeur d'avant est remise.",
            en: 'The value written reads back, then the previous value is restored.',
          });
        } catch (error) {
          const restore = await restorePrevious(ctx, point, previous, tol).catch(() => ({
            ok: false,
            text: 'restore failed',
          }));
          steps.push(restore.text);
          return failFromError(error, target.timeoutMs, `${steps.join(', ')}: `);
        }
      },
    });
    checks.push({
      id: `write.limits.${point.id}`,
      group: 'write',
      title: {
        fr: `Refus hors limites pour ${point.label.fr}`,
        en: `Refusal beyond limits for ${point.label.en}`,
      },
      mandatory: true,
      expected: limits
        ? `${show(beyondLimits(point, limits))} is refused by Phare before anything goes on the wire`
        : 'safe limits in the profile',
      run: async () => {
        if (!ctx.connected) return skip(NOT_CONNECTED);
        if (!numeric || !limits)
          return skip({
            fr: 'Pas de limites déclarées : rien à faire respecter.',
            en: 'No limits declared: nothing to enforce.',
          });
        const value = beyondLimits(point, limits);
        await session.open();
        const wireBefore = session.wireRequests();
        const callsBefore = session.driverCalls;
        try {
          await guardedWrite(ctx, point, value);
        } catch (error) {
          const wireAfter = session.wireRequests();
          const refusedByPhare = error instanceof PhareError && error.code === 'OUT_OF_RANGE';
          const onWire =
            wireBefore === undefined
              ? `driver calls ${callsBefore} → ${session.driverCalls}`
              : `requests on the wire ${wireBefore} → ${wireAfter}`;
          if (refusedByPhare && session.driverCalls === callsBefore && wireAfter === wireBefore)
            return pass(`refused (${error.code}); ${onWire}`, {
              fr: `Phare refuse ${show(value)} (hors limites ${limits.min}–${limits.max}) sans rien envoyer à l'appareil.`,
              en: `Phare refuses ${show(value)} (beyond limits ${limits.min}–${limits.max}) without sending anything to the device.`,
            });
          return fail(
            `${error instanceof Error ? error.message : String(error)}; ${onWire}`,
            explainError(error),
            error,
          );
        }
        return fail(`${show(value)} was sent`, {
          fr: 'Phare a envoyé une valeur hors limites : défaut de Phare à signaler.',
          en: 'Phare sent a value beyond the limits: a Phare bug to report.',
        });
      },
    });
  }
  if (checks.length === 0)
    checks.push({
      id: 'write.none',
      group: 'write',
      title: { fr: 'Points inscriptibles', en: 'Writable points' },
      mandatory: false,
      expected: 'writable points',
      run: () =>
        Promise.resolve(
          skip({
            fr: "Aucun point inscriptible dans le profil : rien n'est écrit.",
            en: 'No writable point in the profile: nothing is written.',
          }),
        ),
    });
  return checks;
}

/** Writes the previous value back (allowed outside limits, never outside range) and checks it. */
export async function restorePrevious(
  ctx: CheckContext,
  point: InteropPoint,
  previous: unknown,
  tol: number,
): Promise<{ ok: boolean; text: string }> {
  if (typeof previous !== 'number') return { ok: false, text: 'no previous value to restore' };
  await guardedWrite(ctx, point, previous, true);
  const back = await readUntil(
    ctx.session,
    point.id,
    (v) => typeof v === 'number' && Math.abs(v - previous) <= tol,
    settleMs(ctx),
  );
  return { ok: back.ok, text: `restored ${show(previous)} (reads ${show(back.value)})` };
}
