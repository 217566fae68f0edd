/**
 * socket.io on the API server: the live twin feed.
 *
 * - `snapshot` on every connection and on `resync`: site, every point, every device, server time,
 *   so a kiosk that reconnects resyncs without reloading (ARCHITECTURE.md §7).
 * - `points`: changes coalesced per point (the latest state wins) and flushed every `batchMs`
 *   (~one animation frame): at most one message per flush per client, however many polls landed.
 * - `devices`: all device health records whenever one device's status changes.
 * - `audit`: each audited write attempt (the staff console's log follows it live).
 * - `scenario`: each scenario run event as the bus carries it (the kiosk shows `say` narration).
 * - `alarms`: active and recent alarms, on connection and on every raise or clear.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AlarmLog } from '../alarms/alarm-log.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { Registry } from '../registry/registry.ts';
import type { ClientToServerEvents, PointState, ServerToClientEvents } from './wire.ts';

export interface LiveSocketOptions {
  bus: EventBus;
  registry: Registry;
  batchMs?: number;
  alarms?: AlarmLog;
}

export interface LiveSocket {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  close(): void;
}

export function attachLiveSocket(server: HttpServer, options: LiveSocketOptions): LiveSocket {
  const { bus, registry } = options;
  // One animation frame (~16 ms): at most one message per frame per client (issue 6), little added latency.
  const batchMs = options.batchMs ?? 16;
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(server, {
    serveClient: false,
    // Same origin only by default (the showroom is served by this server); Vite dev runs through its proxy.
    cors: { origin: false },
  });
  const owner = Symbol('live-socket');
  const pending = new Map<string, PointState>();
  let timer: NodeJS.Timeout | undefined;

  const snapshot = () => ({
    site: registry.siteView,
    points: registry.snapshots(),
    devices: registry.health(),
    serverTime: Date.now(),
  });

  io.on('connection', (socket) => {
    socket.emit('snapshot', snapshot());
    if (options.alarms) socket.emit('alarms', options.alarms.view());
    socket.on('resync', () => socket.emit('snapshot', snapshot()));
  });

  const flush = () => {
    timer = undefined;
    if (pending.size === 0) return;
    const changes = [...pending.values()];
    pending.clear();
    io.emit('points', changes);
  };

  bus.on(
    'points',
    (changes) => {
      for (const c of changes) pending.set(c.id, c);
      timer ??= setTimeout(flush, batchMs);
    },
    owner,
  );
  bus.on('deviceStatus', () => io.emit('devices', registry.health()), owner);
  bus.on('audit', (entry) => io.emit('audit', entry), owner);
  bus.on('scenario', (event) => io.emit('scenario', event), owner);
  const unwatchAlarms = options.alarms?.onChange((view) => io.emit('alarms', view));

  return {
    io,
    close: () => {
      bus.removeAllOf(owner);
      unwatchAlarms?.();
      if (timer) clearTimeout(timer);
      io.disconnectSockets(true);
      // Not io.close(): that would also close the HTTP server, which fastify owns and closes.
      io.engine.close();
    },
  };
}
