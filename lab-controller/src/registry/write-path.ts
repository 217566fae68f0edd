/**
 * The one write path (ARCHITECTURE.md §3, issue 9 §2): every write to a device, from the UI, a
 * scenario, an exercise or the CLI, goes through here, in this order:
 *
 *   role (write-permission.ts: visitor and vendor never; apprentice only on devices held for them)
 *   → known point? writable? a finite value of the right type? within the profile's limits?
 *   → rate limit per point (write-rate.ts)
 *   → the site's interlocks (interlock-guard.ts)
 *   → coordinator queue → driver → audit entry (who, point, old value, new value, result, commands)
 *
 * Every attempt is audited, refused ones too, with the reason. `writeMany` checks every write
 * before sending any: if one is refused, none is sent (a scenario never half-applies a scene), and
 * the others are audited as CANCELED. Accepted writes are grouped per device and handed to its
 * coordinator in one call, so a DALI gateway can turn many equal levels into one group or
 * broadcast frame.
 *
 * `by` is an Actor (auth/roles.ts) or, for internal sources (scenario engine, CLI, curriculum), a
 * plain string: role `system`, the string its audit label. HTTP routes pass
 * `req.actor ?? \`api:${req.ip}\``.
 */
import type { PointWrite, WriteReport } from '@phare/device-drivers/contract.ts';
import {
  asPhareError,
  Canceled,
  Disconnected,
  Forbidden,
  NotSupported,
  OutOfRange,
  PhareError,
  ProtocolException,
  UnknownPoint,
} from '@phare/device-drivers/errors.ts';
import type { PointMeta, PointValue, WriteManyResultBody, WriteResultBody } from '../api/wire.ts';
import type { Actor } from '../auth/roles.ts';
import type { EventBus } from '../bus/event-bus.ts';
import { DeviceLocks } from '../sandbox/device-locks.ts';
import type { AuditStore } from '../storage/audit-store.ts';
import { InterlockGuard } from './interlock-guard.ts';
import type { Registry } from './registry.ts';
import { actorOf, lockRefusal, roleRefusal } from './write-permission.ts';
import { WriteRateLimiter, type RateClass } from './write-rate.ts';

export interface WriteRequest {
  point: string;
  value: unknown;
}

export class WriteRefused extends Error {
  constructor(
    readonly error: PhareError,
    readonly auditIds: number[],
  ) {
    super(error.message, { cause: error });
    this.name = 'WriteRefused';
  }
}

interface Checked {
  request: WriteRequest;
  meta?: PointMeta;
  previous: PointValue;
  error?: PhareError;
}

export interface WritePathOptions {
  /** The controller's one DeviceLocks (shared with the scenario engine); default a new one. */
  locks?: DeviceLocks;
  /** Wall clock of the rate limiter, ms (tests). Default Date.now. */
  now?: () => number;
}

export class WritePath {
  /** Who holds which device: apprentices write only theirs; the scenario engine shares it. */
  readonly locks: DeviceLocks;
  private readonly rates: WriteRateLimiter;
  private readonly interlocks: InterlockGuard;

  constructor(
    private readonly registry: Registry,
    private readonly audit: AuditStore,
    private readonly bus: EventBus,
    options: WritePathOptions = {},
  ) {
    this.locks = options.locks ?? new DeviceLocks({ bus });
    this.rates = new WriteRateLimiter(registry.loaded.site.writeRate, options.now);
    this.interlocks = new InterlockGuard(registry);
  }

  /** Writes one point. Throws WriteRefused (carrying the PhareError) when refused or failed. */
  async write(point: string, value: unknown, by: string | Actor): Promise<WriteResultBody> {
    const result = await this.writeMany([{ point, value }], by);
    return result.results[0]!;
  }

  async writeMany(requests: WriteRequest[], by: string | Actor): Promise<WriteManyResultBody> {
    const actor = actorOf(by);
    const who = actor.who;
    let checked = requests.map((r) => this.check(r, actor));
    // Each stage runs only when every write passed the one before: the first reason is the one told.
    if (!checked.some((c) => c.error)) checked = this.checkRates(checked, actor);
    if (!checked.some((c) => c.error)) checked = this.checkInterlocks(checked);
    const refused = checked.find((c) => c.error);
    if (refused) {
      const ids = checked.map((c) =>
        this.record(who, c, c.error ?? notSentBecause(c.request.point, refused.error!), []),
      );
      throw new WriteRefused(refused.error!, ids);
    }
    this.takeRates(checked, actor);

    const byDevice = new Map<string, Checked[]>();
    for (const c of checked) byDevice.set(c.meta!.device, [...(byDevice.get(c.meta!.device) ?? []), c]);

    const results: WriteResultBody[] = [];
    const applied: Checked[] = [];
    const commands: string[] = [];
    let failure: { error: PhareError; ids: number[] } | undefined;
    for (const [deviceId, items] of byDevice) {
      const report = await this.send(deviceId, items);
      commands.push(...report.commands);
      for (const item of items) {
        const error = report.errors.get(item.request.point);
        const auditId = this.record(who, item, error ?? null, report.commands);
        if (error) {
          failure ??= { error, ids: [] };
          failure.ids.push(auditId);
        } else {
          applied.push(item);
          results.push({
            point: item.request.point,
            value: item.request.value as PointValue,
            previous: item.previous,
            commands: report.commands,
            auditId,
          });
        }
      }
    }
    this.showCommandedValues(applied);
    if (failure) throw new WriteRefused(failure.error, failure.ids);
    return { results, commands };
  }

  /** Role, then the point and its profile: type, range and safe limits. */
  private check(request: WriteRequest, actor: Actor): Checked {
    const meta = this.registry.meta(request.point);
    const previous = this.registry.store.get(request.point)?.value ?? null;
    const base = { request, previous, ...(meta ? { meta } : {}) };
    const forbidden = roleRefusal(actor, request.point);
    if (forbidden) return { ...base, error: forbidden };
    if (!meta) {
      return {
        ...base,
        error: new UnknownPoint(`No point ${request.point} on this site`, { point: request.point }),
      };
    }
    const notHeld = lockRefusal(actor, meta.device, meta.id, this.locks);
    if (notHeld) return { ...base, error: notHeld };
    const ctx = { device: meta.device, point: meta.id };
    if (!meta.writable) {
      return { ...base, error: new NotSupported(`Point ${meta.id} is read-only`, ctx) };
    }
    const value = request.value;
    const numeric = meta.type === 'number' || meta.type === 'integer' || meta.type === 'bitmap';
    if (numeric) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return {
          ...base,
          error: new OutOfRange(`Point ${meta.id} needs a finite number, got ${show(value)}`, ctx),
        };
      }
      if ((meta.type === 'integer' || meta.type === 'bitmap') && !Number.isInteger(value)) {
        return { ...base, error: new OutOfRange(`Point ${meta.id} needs an integer, got ${value}`, ctx) };
      }
      const bounds = meta.limits ?? meta.range;
      if (bounds && (value < bounds.min || value > bounds.max)) {
        const kind = meta.limits
          ? `safe limits ${bounds.min}–${bounds.max}`
          : `range ${bounds.min}–${bounds.max}`;
        const profile = this.registry.profileOf(meta.device);
        return {
          ...base,
          error: new OutOfRange(
            `Point ${meta.id}: ${value}${meta.unit ? ` ${meta.unit}` : ''} is outside its ${kind}` +
              (profile ? ` (profile ${profile})` : ''),
            { ...ctx, detail: { value, limits: bounds, ...(profile ? { profile } : {}) } },
          ),
        };
      }
    } else if (meta.type === 'boolean' && typeof value !== 'boolean') {
      return {
        ...base,
        error: new OutOfRange(`Point ${meta.id} needs true or false, got ${show(value)}`, ctx),
      };
    } else if (meta.type === 'string' && typeof value !== 'string') {
      return { ...base, error: new OutOfRange(`Point ${meta.id} needs a string, got ${show(value)}`, ctx) };
    }
    return base;
  }

  /** Refuses every write to a point whose bucket cannot take this request's writes to it now. */
  private checkRates(checked: Checked[], actor: Actor): Checked[] {
    const counts = new Map<string, number>();
    for (const c of checked) {
      if (this.rateClass(actor, c.meta!) === undefined) continue;
      counts.set(c.meta!.id, (counts.get(c.meta!.id) ?? 0) + 1);
    }
    const refusals = new Map<string, PhareError>();
    for (const [point, count] of counts) {
      const rateClass = this.rateClass(actor, this.registry.meta(point)!)!;
      const waitMs = this.rates.waitFor(point, rateClass, count);
      if (waitMs === 0) continue;
      const { perSecond, burst } = this.rates.budgetFor(point, rateClass);
      const budget = `at most ${perSecond} per second, ${burst} at once`;
      const message = Number.isFinite(waitMs)
        ? `Point ${point}: too many writes (${budget}); retry in ${(waitMs / 1000).toFixed(1)} s`
        : `Point ${point}: ${count} writes in one request, more than the ${burst} allowed at once`;
      refusals.set(
        point,
        new Forbidden(message, {
          device: this.registry.meta(point)!.device,
          point,
          detail: {
            rateLimit: { perSecond, burst },
            ...(Number.isFinite(waitMs) ? { retryAfterMs: waitMs } : {}),
          },
        }),
      );
    }
    return checked.map((c) => {
      const error = refusals.get(c.meta!.id);
      return error ? { ...c, error } : c;
    });
  }

  private takeRates(checked: Checked[], actor: Actor): void {
    for (const c of checked) {
      const rateClass = this.rateClass(actor, c.meta!);
      if (rateClass) this.rates.take(c.meta!.id, rateClass);
    }
  }

  /** People share a point's budget; internal sources have their own (write-rate.ts says why). */
  private rateClass(actor: Actor, meta: PointMeta): RateClass | undefined {
    if (actor.role !== 'system') return 'people';
    const device = this.registry.loaded.site.devices.find((d) => d.id === meta.device);
    return device?.simulator === undefined ? 'system' : undefined;
  }

  private checkInterlocks(checked: Checked[]): Checked[] {
    return checked.map((c) => {
      const error = this.interlocks.refusal(c.meta!, c.request.value);
      return error ? { ...c, error } : c;
    });
  }

  /** Hands one device's writes to its coordinator; maps every failure to a per-point PhareError. */
  private async send(
    deviceId: string,
    items: Checked[],
  ): Promise<{ commands: string[]; errors: Map<string, PhareError> }> {
    const errors = new Map<string, PhareError>();
    const route = this.registry.route(items[0]!.request.point);
    const coordinator = route?.coordinator;
    if (!coordinator) {
      const e = new Disconnected(`Device ${deviceId} is not connected (it could not be built)`, {
        device: deviceId,
      });
      for (const i of items) errors.set(i.request.point, e);
      return { commands: [], errors };
    }
    const writes: PointWrite[] = items.map((i) => ({
      point: i.request.point.slice(deviceId.length + 1),
      value: i.request.value as PointValue,
    }));
    let report: WriteReport;
    try {
      report = await coordinator.write(deviceId, writes);
    } catch (error) {
      const e = asPhareError(error, (m, c) => new Disconnected(m, c), { device: deviceId });
      for (const i of items) errors.set(i.request.point, e);
      return { commands: [], errors };
    }
    for (const outcome of report.outcomes) {
      if (outcome.ok) continue;
      const point = `${deviceId}.${outcome.point}`;
      errors.set(
        point,
        asPhareError(outcome.error ?? 'write failed', (m, c) => new ProtocolException(m, c), {
          device: deviceId,
          point,
        }),
      );
    }
    return { commands: report.commands, errors };
  }

  /**
   * Write-only points (DALI group and broadcast levels) are never polled: their state is the last
   * commanded value, so a group slider shows where it was set.
   */
  private showCommandedValues(applied: Checked[]): void {
    const now = Date.now();
    const states = applied
      .filter((c) => c.meta && !c.meta.readable)
      .map((c) => ({
        id: c.meta!.id,
        value: c.request.value as PointValue,
        quality: 'good' as const,
        ts: now,
      }));
    if (states.length > 0) this.registry.applyStates(states);
  }

  private record(who: string, c: Checked, error: PhareError | null, commands: string[]): number {
    const entry = this.audit.append({
      ts: Date.now(),
      who,
      point: c.request.point,
      device: c.meta?.device ?? null,
      oldValue: c.previous,
      newValue: c.request.value,
      ok: error === null,
      error: error ? { code: error.code, message: error.message } : null,
      commands,
    });
    this.bus.emit('audit', entry);
    return entry.id;
  }
}

function notSentBecause(point: string, cause: PhareError): PhareError {
  return new Canceled(
    `Write to ${point} not sent: another write of the same request was refused (${cause.message})`,
    {
      point,
    },
  );
}

function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value) ?? String(value);
}
