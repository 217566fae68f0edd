/**
 * What a chaos test watches on a running controller: every device status change and every sample
 * the bus carried (what the recorder was given), plus a log that keeps its lines for assertions.
 * Progress is counted, never timed: a device "kept polling" when its successful requests or its
 * samples went up while another device was broken.
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { DeviceHealth, DeviceStatus, HistorySample, PointState } from '../../../src/api/wire.ts';
import type { Controller } from '../../../src/controller/start-controller.ts';
import { dataOf, eventually, getJson } from '../../support/harness.ts';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  ns: string;
  msg: string;
  data?: Record<string, unknown>;
}

/** A Logger that keeps info and above (debug is dropped: a week of polls would fill the memory). */
export function capturingLogger(lines: LogLine[] = [], ns = 'phare'): Logger & { lines: LogLine[] } {
  const at =
    (level: LogLine['level']) =>
    (msg: string, data?: Record<string, unknown>): void => {
      if (level === 'debug') return;
      lines.push({ level, ns, msg, ...(data ? { data } : {}) });
      if (lines.length > 5000) lines.splice(0, lines.length - 5000);
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (name) => capturingLogger(lines, `${ns}:${name}`),
  };
}

export class ControllerWatch {
  readonly statuses: Array<{ device: string; status: DeviceStatus }> = [];
  readonly samples: PointState[] = [];
  private readonly owner = Symbol('chaos-watch');

  constructor(private readonly controller: Controller) {
    controller.bus.on(
      'deviceStatus',
      (h) => this.statuses.push({ device: h.id, status: h.status }),
      this.owner,
    );
    controller.bus.on('points', (changes) => this.samples.push(...changes), this.owner);
  }

  get api(): string {
    return `${this.controller.url}/api`;
  }

  /** Status changes of one device since index `from` of `statuses`. */
  statusesOf(device: string, from = 0): DeviceStatus[] {
    return this.statuses.slice(from).flatMap((s) => (s.device === device ? [s.status] : []));
  }

  async devices(): Promise<DeviceHealth[]> {
    return dataOf(await getJson<DeviceHealth[]>(`${this.api}/devices`));
  }

  async statusOf(device: string): Promise<DeviceStatus | undefined> {
    return (await this.devices()).find((d) => d.id === device)?.status;
  }

  async waitStatus(device: string, wanted: DeviceStatus, timeoutMs = 30_000): Promise<void> {
    await eventually(
      async () => ((await this.statusOf(device)) === wanted ? true : undefined),
      timeoutMs,
      `${device} ${wanted}`,
    );
  }

  async waitAllOnline(devices: readonly string[], timeoutMs = 60_000): Promise<void> {
    await eventually(
      async () => {
        const all = await this.devices();
        return devices.every((id) => all.find((d) => d.id === id)?.status === 'online') ? true : undefined;
      },
      timeoutMs,
      `${devices.join(', ')} online`,
    );
  }

  /**
   * A count that goes up while a device is being driven: its successful requests (polled devices)
   * plus the samples of its points the bus carried (pushed devices such as OPC-UA).
   */
  async heartbeats(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const d of await this.devices()) counts.set(d.id, d.stats.requests - d.stats.errors);
    for (const s of this.samples) {
      const device = s.id.slice(0, s.id.indexOf('.'));
      if (s.quality === 'good') counts.set(device, (counts.get(device) ?? 0) + 1);
    }
    return counts;
  }

  /** Samples the bus carried for points of `device` (what the recorder was given). */
  samplesOf(device: string): PointState[] {
    return this.samples.filter((s) => s.id.startsWith(`${device}.`));
  }

  async history(point: string, from = 0): Promise<HistorySample[]> {
    return dataOf(
      await getJson<HistorySample[]>(`${this.api}/points/${point}/history?from=${from}&limit=100000`),
    );
  }

  close(): void {
    this.controller.bus.removeAllOf(this.owner);
  }
}

/** Devices in `before` whose heartbeat did not go up by at least `atLeast` in `after`. */
export function stalled(
  before: Map<string, number>,
  after: Map<string, number>,
  devices: readonly string[],
  atLeast = 2,
): string[] {
  return devices.filter((d) => (after.get(d) ?? 0) - (before.get(d) ?? 0) < atLeast);
}
