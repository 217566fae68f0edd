/**
 * One-shot access to one point of any site (`phare read`, `phare write`): builds the registry for
 * the point's device only, so only that device's connection is opened, and goes through the same
 * coordinator and write path as the daemon (limits, audit in the data folder).
 */
import { userInfo } from 'node:os';
import type { Logger } from '@phare/device-drivers/contract.ts';
import { Disconnected, Timeout, UnknownPoint } from '@phare/device-drivers/errors.ts';
import type { PointMeta, PointState, PointValue } from '../api/wire.ts';
import { EventBus } from '../bus/event-bus.ts';
import { Registry } from '../registry/registry.ts';
import type { LoadedSiteInput } from '../registry/site-input.ts';
import { WritePath } from '../registry/write-path.ts';
import { MemoryAuditStore, type AuditStore } from '../storage/audit-store.ts';
import { openDatabase, resolveDataDir, StorageUnavailable } from '../storage/database.ts';
import { Recorder } from '../storage/recorder.ts';

export interface OneShot {
  registry: Registry;
  meta: PointMeta;
  /** Reads the point now, through the coordinator queue. */
  read(): Promise<PointState>;
  writePath: WritePath;
  close(): Promise<void>;
}

export function openOneShot(
  loaded: LoadedSiteInput,
  pointId: string,
  logger: Logger,
  dataDir?: string,
): OneShot {
  const device = loaded.site.devices.find((d) => pointId.startsWith(`${d.id}.`));
  if (!device) {
    throw new UnknownPoint(
      `No point ${pointId} on site ${loaded.site.id}: point ids are <device>.<point>, devices are ` +
        loaded.site.devices.map((d) => d.id).join(', '),
      { point: pointId },
    );
  }
  const bus = new EventBus(logger);
  const registry = new Registry(loaded, { bus, logger, onlyDevices: [device.id] });
  const meta = registry.meta(pointId);
  if (!meta) {
    const near = registry
      .allMeta()
      .map((m) => m.id)
      .filter((id) => id.startsWith(pointId.split('.').slice(0, 2).join('.')))
      .slice(0, 8);
    throw new UnknownPoint(
      `No point ${pointId} on device ${device.id}` +
        (near.length > 0 ? `; similar: ${near.join(', ')}` : '; list them with `phare points --site FILE`'),
      { device: device.id, point: pointId },
    );
  }
  let recorder: Recorder | null = null;
  let audit: AuditStore;
  try {
    recorder = new Recorder(openDatabase(resolveDataDir(dataDir)));
    audit = recorder;
  } catch (error) {
    if (!(error instanceof StorageUnavailable)) throw error;
    logger.warn(`${error.message} The audit entry of this command is not kept.`);
    audit = new MemoryAuditStore();
  }
  const route = registry.route(pointId)!;
  // A few request timeouts: enough for a reconnect, short enough that a dead device fails fast.
  const budgetMs = 3 * deviceTimeout(loaded, device.id) + 2000;
  registry.start();

  return {
    registry,
    meta,
    writePath: new WritePath(registry, audit, bus),
    read: async () => {
      if (!route.coordinator)
        throw new Timeout(`Device ${device.id} cannot be driven`, { device: device.id });
      const readings = await withDeadline(
        readWhenLinkOpens(() => route.coordinator!.readNow(device.id, [route.localId]), budgetMs),
        budgetMs,
        `Reading ${pointId} took more than ${budgetMs} ms (device ${device.id} at ${device.endpoint.uri})`,
        { device: device.id, point: pointId },
      );
      const reading = readings.find((r) => r.point === route.localId);
      const state: PointState = {
        id: pointId,
        value: (reading?.value ?? null) as PointValue,
        quality: reading ? (reading.quality ?? 'good') : 'bad',
        ts: reading?.sourceTime ?? Date.now(),
      };
      registry.applyStates([state]);
      return state;
    },
    close: async () => {
      await registry.stop();
      recorder?.close();
    },
  };
}

export function cliUser(as?: string): string {
  if (as) return `cli:${as}`;
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

function deviceTimeout(loaded: LoadedSiteInput, deviceId: string): number {
  const device = loaded.site.devices.find((d) => d.id === deviceId);
  return (device && loaded.profiles.get(device.profile)?.connection.timeoutMs) ?? 1000;
}

/**
 * A link that is still opening (an OPC-UA session) refuses reads with Disconnected: try again
 * until the budget is spent, so `phare read` works on the first call as it does for Modbus.
 */
async function readWhenLinkOpens<T>(read: () => Promise<T>, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof Disconnected) || Date.now() + 300 >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
  message: string,
  context: { device: string; point: string },
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(message, context)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Parses a command-line value by the point's type: `40`, `true`, `on`, `hello`. */
export function parseCliValue(text: string, meta: PointMeta): unknown {
  if (meta.type === 'boolean') {
    const lowered = text.toLowerCase();
    if (['true', '1', 'on', 'yes'].includes(lowered)) return true;
    if (['false', '0', 'off', 'no'].includes(lowered)) return false;
    return text;
  }
  if (meta.type === 'string') return text;
  const n = Number(text);
  return text.trim() === '' || Number.isNaN(n) ? text : n;
}
