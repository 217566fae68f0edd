/**
 * Typed in-process event bus, after zigbee2mqtt's lib/eventBus.ts: every listener is registered
 * with an owner (an extension, a socket, a test), and `removeAllOf(owner)` detaches all of that
 * owner's listeners at once, so a stopped component can never leak a listener.
 *
 * A listener that throws is logged and skipped: one faulty consumer (an exporter, say) must not
 * stop the recorder or the API from seeing the same event.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { BusEvents } from './events.ts';

export type BusEventName = keyof BusEvents;
export type BusListener<E extends BusEventName> = (...args: BusEvents[E]) => void;

interface Registration {
  event: BusEventName;
  listener: unknown;
  owner: unknown;
}

export class EventBus {
  private registrations: Registration[] = [];

  constructor(private readonly logger: Logger = silentLogger) {}

  on<E extends BusEventName>(event: E, listener: BusListener<E>, owner: unknown): void {
    this.registrations.push({ event, listener, owner });
  }

  /** Removes one listener (same function, same event). */
  off<E extends BusEventName>(event: E, listener: BusListener<E>): void {
    this.registrations = this.registrations.filter((r) => !(r.event === event && r.listener === listener));
  }

  removeAllOf(owner: unknown): void {
    this.registrations = this.registrations.filter((r) => r.owner !== owner);
  }

  emit<E extends BusEventName>(event: E, ...args: BusEvents[E]): void {
    // Snapshot: a listener may remove itself (or others) while we iterate.
    for (const r of [...this.registrations]) {
      if (r.event !== event) continue;
      try {
        (r.listener as BusListener<E>)(...args);
      } catch (error) {
        this.logger.error(`bus listener for "${event}" threw; others still run`, {
          owner: describeOwner(r.owner),
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  listenerCount(event?: BusEventName): number {
    return event ? this.registrations.filter((r) => r.event === event).length : this.registrations.length;
  }
}

function describeOwner(owner: unknown): string {
  if (typeof owner === 'string') return owner;
  if (owner && typeof owner === 'object') return owner.constructor.name;
  return String(owner);
}
