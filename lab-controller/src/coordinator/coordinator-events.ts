/**
 * The coordinator's two events (contract.ts CoordinatorEvents). A listener that throws is logged
 * and skipped, so one faulty consumer cannot stop the others or the polling loop.
 */
import type { Logger } from '@phare/device-drivers/contract.ts';
import type { DeviceStatus } from '../api/wire.ts';
import type { CoordinatorEvents, PointUpdate } from './contract.ts';
import type { LastError } from './device-runtime.ts';

export class CoordinatorEmitter {
  private readonly listeners = {
    points: new Set<CoordinatorEvents['points']>(),
    status: new Set<CoordinatorEvents['status']>(),
  };
  /** Set by stop(): nothing is emitted afterwards. */
  muted = false;

  constructor(private readonly logger: Logger) {}

  on<E extends keyof CoordinatorEvents>(event: E, listener: CoordinatorEvents[E]): void {
    (this.listeners[event] as Set<CoordinatorEvents[E]>).add(listener);
  }

  off<E extends keyof CoordinatorEvents>(event: E, listener: CoordinatorEvents[E]): void {
    (this.listeners[event] as Set<CoordinatorEvents[E]>).delete(listener);
  }

  points(deviceId: string, updates: PointUpdate[]): void {
    if (updates.length === 0 || this.muted) return;
    for (const listener of [...this.listeners.points]) this.safely(() => listener(deviceId, updates));
  }

  status(deviceId: string, status: DeviceStatus, cause?: LastError): void {
    if (this.muted) return;
    const error = cause
      ? { code: cause.code, message: cause.message, ...(cause.detail ? { detail: cause.detail } : {}) }
      : undefined;
    for (const listener of [...this.listeners.status]) this.safely(() => listener(deviceId, status, error));
  }

  private safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.logger.error('coordinator listener threw; others still run', { error: String(error) });
    }
  }
}
