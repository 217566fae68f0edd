/**
 * The live lab for one command (`phare learn check`, `phare learn reset`), like `phare read`
 * (cli/one-shot.ts): a registry of only the devices concerned, started, read once through their
 * coordinators, then stopped. The same coordinators and write path as the daemon run underneath,
 * so what a check sees is what the twin shows, and a reset is limited and audited like any write.
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import { Timeout } from '@phare/device-drivers/errors.ts';
import type { PointValue } from '../api/wire.ts';
import { EventBus } from '../bus/event-bus.ts';
import { Registry } from '../registry/registry.ts';
import type { LoadedSiteInput } from '../registry/site-input.ts';
import { compileExpression } from '../scenario/expression/compile.ts';
import type { SiteFacts } from '../scenario/validate-scenario.ts';
import { exerciseScope } from './module-site-check.ts';
import type { Exercise } from './schema.ts';

/** Pause between two read attempts while a device's link opens. */
const RETRY_MS = 300;

export interface OneShotLab {
  registry: Registry;
  bus: EventBus;
  /** Reads these points now from their devices; a device that does not answer leaves them offline. */
  read(pointIds: string[]): Promise<void>;
  close(): Promise<void>;
}

export function openOneShotLab(loaded: LoadedSiteInput, deviceIds: string[], logger: Logger): OneShotLab {
  const bus = new EventBus(logger);
  const registry = new Registry(loaded, { bus, logger, onlyDevices: deviceIds });
  registry.start();
  return {
    registry,
    bus,
    read: (pointIds) => readPointsNow(registry, pointIds, (id) => timeoutOf(loaded, id), logger),
    close: () => registry.stop(),
  };
}

/**
 * Reads these points now from their devices, through their coordinators (a read-now jumps ahead of
 * polls), into the registry's point store; a device that does not answer within its budget leaves
 * its points as they were, and the check explains which point has no usable value. Used by the
 * one-shot lab of the CLI and by the controller's learning space (learning-space.ts).
 */
export async function readPointsNow(
  registry: Registry,
  pointIds: string[],
  timeoutMsOf: (deviceId: string) => number,
  logger: Logger,
): Promise<void> {
  const byDevice = new Map<string, string[]>();
  for (const id of pointIds) {
    const route = registry.route(id);
    if (!route) continue;
    byDevice.set(route.deviceId, [...(byDevice.get(route.deviceId) ?? []), route.localId]);
  }
  await Promise.all(
    [...byDevice].map(async ([deviceId, localIds]) => {
      const coordinator = registry.route(`${deviceId}.${localIds[0]!}`)?.coordinator;
      if (!coordinator) return;
      // A link opening (an OPC-UA session) refuses reads until it is up: retry within the budget.
      const deadline = Date.now() + 3 * timeoutMsOf(deviceId) + 2000;
      for (;;) {
        try {
          const readings = await withDeadline(
            coordinator.readNow(deviceId, localIds),
            Math.max(1, deadline - Date.now()),
            deviceId,
          );
          const now = Date.now();
          registry.applyStates(
            readings.map((r) => ({
              id: `${deviceId}.${r.point}`,
              value: (r.value ?? null) as PointValue,
              quality: r.quality ?? 'good',
              ts: r.sourceTime ?? now,
            })),
          );
          return;
        } catch (error) {
          if (Date.now() + RETRY_MS >= deadline) {
            // The check explains which point has no value; the cause goes to the log.
            logger.warn(
              `reading ${deviceId} failed: ${error instanceof Error ? error.message : String(error)}`,
            );
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        }
      }
    }),
  );
}

/** Readable points an exercise's `that` conditions read (write-only points have no live value). */
export function pointsReadBy(exercise: Exercise, facts: SiteFacts): string[] {
  const metas = new Map(facts.points.map((p) => [p.id, p]));
  const scope = exerciseScope(exercise, metas);
  const ids = new Set<string>();
  for (const condition of exercise.check) {
    if (condition.that === undefined) continue;
    const compiled = compileExpression(condition.that, scope);
    if (compiled.ok) for (const id of compiled.expr.points) if (metas.get(id)?.readable) ids.add(id);
  }
  return [...ids];
}

export function devicesOf(pointIds: string[], facts: SiteFacts): string[] {
  const metas = new Map(facts.points.map((p) => [p.id, p]));
  return [...new Set(pointIds.flatMap((id) => metas.get(id)?.device ?? []))].sort();
}

export function timeoutOf(loaded: LoadedSiteInput, deviceId: string): number {
  const device = loaded.site.devices.find((d) => d.id === deviceId);
  return (device && loaded.profiles.get(device.profile)?.connection.timeoutMs) ?? 1000;
}

function withDeadline<T>(promise: Promise<T>, ms: number, deviceId: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Timeout(`Reading ${deviceId} took more than ${ms} ms`, { device: deviceId })),
      ms,
    );
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
