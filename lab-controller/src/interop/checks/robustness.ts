/**
 * `robustness` (only with --robustness): the connection is dropped and must recover
 * (ARCHITECTURE.md §6 "Nothing breaks in front of an audience": the kit recovers by itself when the
 * device returns). Always: Phare drops its own connection and reconnects. With a simulator control
 * URL, the device itself goes away and comes back: a DALI gateway switched off and on, an OPC-UA
 * server rebooted, a serial sensor silent for a while; reads during the outage must fail promptly
 * (never hang) and reads must work again once it is back.
 */
import { PhareError } from '@phare/device-drivers/errors.ts';
import {
  fail,
  failFromError,
  NOT_CONNECTED,
  pass,
  skip,
  type CheckContext,
  type PlannedCheck,
} from '../check-kit.ts';
import { controlRequest } from '../control-api.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads until one succeeds, reopening the link after a drop; the time it took, or undefined. */
async function recover(ctx: CheckContext, pointId: string, withinMs: number): Promise<number | undefined> {
  const started = Date.now();
  let delay = 200;
  while (Date.now() - started < withinMs) {
    try {
      await ctx.session.readOne(pointId);
      return Date.now() - started;
    } catch (error) {
      if (error instanceof PhareError && (error.code === 'DISCONNECTED' || error.code === 'CANCELED'))
        await ctx.session.close();
      await sleep(delay);
      delay = Math.min(2000, delay * 2);
    }
  }
  return undefined;
}

interface Outage {
  what: string;
  start(url: string): Promise<unknown>;
  end(url: string): Promise<unknown>;
  /** Whether reads must fail while it lasts (a reboot may be too short to see). */
  readsFail: boolean;
}

function outageFor(ctx: CheckContext): Outage {
  const kind = ctx.profile.kind;
  if (kind === 'dali-gateway')
    return {
      what: 'gateway switched off, then on',
      start: (url) => controlRequest(url, 'POST', '/gateway', { running: false }),
      end: (url) => controlRequest(url, 'POST', '/gateway', { running: true }),
      readsFail: true,
    };
  if (kind === 'opcua-controller')
    return {
      what: 'server rebooted',
      start: (url) => controlRequest(url, 'POST', '/restart', {}),
      end: () => Promise.resolve(),
      readsFail: false,
    };
  return {
    what: 'device silent, then answering again',
    start: (url) => controlRequest(url, 'POST', '/faults', { fault: 'silent' }),
    end: (url) => controlRequest(url, 'DELETE', '/faults'),
    readsFail: true,
  };
}

export function robustnessChecks(ctx: CheckContext): PlannedCheck[] {
  const { target, session } = ctx;
  const first = target.points.find((p) => p.readable);
  const recoveryMs = target.protocol === 'opcua' ? 45_000 : 20_000;
  const outage = outageFor(ctx);
  return [
    {
      id: 'robustness.reconnect',
      group: 'robustness',
      title: { fr: 'Reconnexion après coupure', en: 'Reconnect after a drop' },
      mandatory: true,
      expected: `after Phare drops the connection, a new one reads ${first?.id ?? 'a point'} again`,
      timeoutMs: recoveryMs + 10_000,
      run: async () => {
        if (!ctx.connected) return skip(NOT_CONNECTED);
        if (!first) return skip({ fr: 'Aucun point lisible.', en: 'No readable point.' });
        await session.close();
        const took = await recover(ctx, first.id, recoveryMs);
        if (took === undefined)
          return fail(`no read within ${recoveryMs} ms after reconnecting`, {
            fr: "L'appareil n'accepte pas de nouvelle connexion après une coupure : il garde peut-être l'ancienne ouverte (limite de connexions).",
            en: 'The device does not accept a new connection after a drop: it may keep the old one open (connection limit).',
          });
        return pass(`read again ${took} ms after the drop`, {
          fr: 'Après une coupure, une nouvelle connexion lit de nouveau.',
          en: 'After a drop, a new connection reads again.',
        });
      },
    },
    {
      id: 'robustness.outage',
      group: 'robustness',
      title: { fr: "Panne de l'appareil et retour", en: 'Device outage and return' },
      mandatory: true,
      expected: `${outage.what}: reads fail promptly during the outage, then work again within ${recoveryMs} ms`,
      timeoutMs: recoveryMs + target.requestDeadlineMs + 20_000,
      run: async () => {
        if (!ctx.controlUrl)
          return skip({
            fr: "Il faut l'API de contrôle d'un simulateur (--control URL) pour provoquer une panne ; sur du matériel réel, débranchez le câble pendant l'essai de reconnexion.",
            en: 'Causing an outage needs a simulator control API (--control URL); with real kit, pull the cable during the reconnect check.',
          });
        if (!ctx.connected) return skip(NOT_CONNECTED);
        if (!first) return skip({ fr: 'Aucun point lisible.', en: 'No readable point.' });
        const url = ctx.controlUrl;
        const steps: string[] = [];
        try {
          await outage.start(url);
          if (outage.readsFail) {
            const started = Date.now();
            try {
              await session.readOne(first.id);
              steps.push('a read during the outage still answered');
            } catch (error) {
              steps.push(
                `during the outage: ${error instanceof PhareError ? error.code : 'error'} after ${Date.now() - started} ms`,
              );
            }
          }
        } catch (error) {
          await outage.end(url).catch(() => undefined);
          return failFromError(error, target.timeoutMs, 'could not cause the outage: ');
        }
        await outage.end(url);
        const took = await recover(ctx, first.id, recoveryMs);
        if (took === undefined) {
          steps.push(`no read within ${recoveryMs} ms after the device came back`);
          return fail(steps.join('; '), {
            fr: "Après le retour de l'appareil, la lecture ne reprend pas : l'appareil ou Phare ne se remet pas d'une panne.",
            en: 'After the device came back, reads do not resume: the device or Phare does not recover from an outage.',
          });
        }
        steps.push(`reads again ${took} ms after the device came back`);
        return pass(steps.join('; '), {
          fr: "Pendant la panne les lectures échouent vite, sans bloquer ; au retour de l'appareil elles reprennent.",
          en: 'During the outage reads fail promptly, without hanging; when the device returns they resume.',
        });
      },
    },
  ];
}
