/**
 * The registry: every device, point and coordinator of one site, and the live point store.
 *
 * Built once from a loaded site: one driver per device, one coordinator per connectionKey (devices
 * behind the same gateway or serial line share it), PointMeta for every point. Coordinator events
 * update the store; changes go on the bus (`points`, `deviceStatus`).
 *
 * A device that cannot be built (unknown protocol, bad endpoint) is kept, shown offline with its
 * error, and the rest of the site runs (ARCHITECTURE.md §6 "the rest keeps running").
 * Nothing stored is ever written to a device at start (FUXA lesson, §7): points start offline/null.
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import { asPhareError, ConfigInvalid } from '@phare/device-drivers/errors.ts';
import { createCoordinator as defaultCreateCoordinator } from '../coordinator/coordinator.ts';
import type { Coordinator, CoordinatedDevice, LinkFactory, PointUpdate } from '../coordinator/contract.ts';
import type {
  DeviceHealth,
  DeviceStats,
  DeviceStatus,
  PointMeta,
  PointSnapshot,
  PointState,
  SiteView,
} from '../api/wire.ts';
import type { EventBus } from '../bus/event-bus.ts';
import { buildDevice, type BuiltDevice } from './device-builder.ts';
import type { OpcuaPolicy } from './opcua-device.ts';
import { buildPointMeta } from './point-meta.ts';
import { PointStore } from './point-store.ts';
import type { LoadedSiteInput, SiteDeviceInput } from './site-input.ts';
import { buildSiteView } from './site-view.ts';

export type CoordinatorFactory = (options: {
  connectionKey: string;
  openLink: LinkFactory;
  devices: CoordinatedDevice[];
  logger?: Logger;
}) => Coordinator;

export interface RegistryOptions {
  bus: EventBus;
  logger: Logger;
  /** Build only these devices (CLI one-shot read/write opens only that device's connection). */
  onlyDevices?: string[];
  createCoordinator?: CoordinatorFactory;
  /** The controller's data folder (OPC-UA client PKI); default ./data or PHARE_DATA_DIR. */
  dataDir?: string;
  /** phare.config.yaml `opcua` (PKI folder, trust override). */
  opcua?: OpcuaPolicy;
}

interface DeviceEntry {
  site: SiteDeviceInput;
  built?: BuiltDevice;
  coordinator?: Coordinator;
  lastError: DeviceHealth['lastError'];
  endpoint: string;
}

const EMPTY_STATS: DeviceStats = {
  requests: 0,
  errors: 0,
  timeouts: 0,
  requestRate: 0,
  latencyMs: { p50: null, p95: null },
  lastPollAt: null,
  reconnects: 0,
};

export class Registry {
  readonly store = new PointStore();
  readonly siteView: SiteView;
  private readonly devices = new Map<string, DeviceEntry>();
  private readonly metas = new Map<string, PointMeta>();
  private readonly coordinators: Coordinator[] = [];
  private started = false;

  constructor(
    readonly loaded: LoadedSiteInput,
    private readonly options: RegistryOptions,
  ) {
    const { site, profiles } = loaded;
    const logger = options.logger;
    const selected = options.onlyDevices
      ? site.devices.filter((d) => options.onlyDevices!.includes(d.id))
      : site.devices;
    const pointsByDevice = new Map<string, PointMeta[]>();
    for (const device of selected) {
      const profile = profiles.get(device.profile);
      const entry: DeviceEntry = {
        site: device,
        lastError: null,
        endpoint: device.endpoint.uri,
      };
      this.devices.set(device.id, entry);
      try {
        if (!profile) {
          throw new ConfigInvalid(`Device ${device.id}: profile ${device.profile} is not loaded`, {
            device: device.id,
          });
        }
        entry.built = buildDevice(
          device,
          profile,
          logger.child(`device:${device.id}`),
          ...(options.dataDir
            ? [{ dataDir: options.dataDir, ...(options.opcua ? { opcua: options.opcua } : {}) }]
            : []),
        );
        const metas = buildPointMeta(device, profile, entry.built.driver.points());
        pointsByDevice.set(device.id, metas);
        for (const meta of metas) this.metas.set(meta.id, meta);
      } catch (error) {
        const e = asPhareError(error, (m, c) => new ConfigInvalid(m, c), { device: device.id });
        entry.lastError = { code: e.code, message: e.message, at: Date.now() };
        logger.error(`device ${device.id} cannot be driven: ${e.message}`);
      }
    }
    this.store.declare(this.metas.keys());
    this.siteView = buildSiteView(site, profiles, pointsByDevice);
    this.buildCoordinators();
  }

  private buildCoordinators(): void {
    const create: CoordinatorFactory = this.options.createCoordinator ?? defaultCreateCoordinator;
    const byConnection = new Map<string, DeviceEntry[]>();
    for (const entry of this.devices.values()) {
      if (!entry.built) continue;
      const key = entry.built.endpoint.connectionKey;
      byConnection.set(key, [...(byConnection.get(key) ?? []), entry]);
    }
    for (const [connectionKey, entries] of byConnection) {
      const first = entries[0]!.built!;
      const coordinator = create({
        connectionKey,
        openLink: first.openLink,
        devices: entries.map((e) => ({
          id: e.built!.id,
          driver: e.built!.driver,
          pollIntervalsMs: e.built!.pollIntervalsMs,
          timeoutMs: e.built!.timeoutMs,
          ...(e.built!.maxAgeMs !== undefined ? { staleAfterMs: e.built!.maxAgeMs } : {}),
        })),
        logger: this.options.logger.child(`coordinator:${connectionKey}`),
      });
      coordinator.on('points', (deviceId, updates) => this.onPoints(deviceId, updates));
      coordinator.on('status', (deviceId, status, error) => this.onStatus(deviceId, status, error));
      for (const e of entries) e.coordinator = coordinator;
      this.coordinators.push(coordinator);
    }
  }

  private onPoints(deviceId: string, updates: PointUpdate[]): void {
    const changed = this.store.apply(
      updates.map((u) => ({ id: `${deviceId}.${u.point}`, value: u.value, quality: u.quality, ts: u.ts })),
    );
    if (changed.length > 0) this.options.bus.emit('points', changed);
  }

  private onStatus(deviceId: string, _status: DeviceStatus, error?: { code: string; message: string }): void {
    const entry = this.devices.get(deviceId);
    if (!entry) return;
    if (error) entry.lastError = { ...error, at: Date.now() };
    this.options.bus.emit('deviceStatus', this.healthOf(deviceId)!);
  }

  /**
   * Adds points computed by the controller itself (flood vigilance), read-only, served like any
   * other point; their states arrive through `applyStates`.
   */
  addComputedPoints(metas: PointMeta[]): void {
    for (const meta of metas) {
      if (this.metas.has(meta.id))
        throw new ConfigInvalid(`Point ${meta.id} exists already`, { point: meta.id });
      this.metas.set(meta.id, meta);
    }
    this.store.declare(metas.map((m) => m.id));
  }

  /** Updates the store from outside the coordinators (the last commanded value of a write-only point). */
  applyStates(states: PointState[]): void {
    const changed = this.store.apply(states);
    if (changed.length > 0) this.options.bus.emit('points', changed);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const c of this.coordinators) c.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.allSettled(this.coordinators.map((c) => c.stop()));
  }

  meta(pointId: string): PointMeta | undefined {
    return this.metas.get(pointId);
  }

  allMeta(): PointMeta[] {
    return [...this.metas.values()];
  }

  snapshot(pointId: string): PointSnapshot | undefined {
    const meta = this.metas.get(pointId);
    const state = this.store.get(pointId);
    return meta && state ? { meta, state } : undefined;
  }

  snapshots(): PointSnapshot[] {
    return this.allMeta().map((meta) => ({ meta, state: this.store.get(meta.id)! }));
  }

  /** The coordinator driving a device, and the point's local id on it. */
  route(
    pointId: string,
  ): { deviceId: string; localId: string; coordinator: Coordinator | undefined } | undefined {
    const meta = this.metas.get(pointId);
    if (!meta) return undefined;
    return {
      deviceId: meta.device,
      localId: pointId.slice(meta.device.length + 1),
      coordinator: this.devices.get(meta.device)?.coordinator,
    };
  }

  deviceIds(): string[] {
    return [...this.devices.keys()];
  }

  profileOf(deviceId: string): string | undefined {
    return this.devices.get(deviceId)?.site.profile;
  }

  healthOf(deviceId: string): DeviceHealth | undefined {
    const entry = this.devices.get(deviceId);
    if (!entry) return undefined;
    const c = entry.coordinator;
    return {
      id: deviceId,
      name: entry.site.name,
      profile: entry.site.profile,
      endpoint: entry.endpoint,
      status: c ? c.status(deviceId) : 'offline',
      lastError: entry.lastError,
      stats: c ? c.stats(deviceId) : EMPTY_STATS,
    };
  }

  health(): DeviceHealth[] {
    return this.deviceIds().map((id) => this.healthOf(id)!);
  }
}
