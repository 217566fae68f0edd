/**
 * socket.io on the API server: the live twin feed.
 *
 * - `snapshot` on every connection and on `resync`: site, every point, every device, server time,
 *   so a kiosk that reconnects resyncs without reloading (ARCHITECTURE.md §7).
 * - `points`: changes coalesced per point (the latest state wins) and flushed every `batchMs`
 *   (~one animation frame): at most one message per flush per client, however many polls landed.
 * - `devices`: all device health records whenever one device's status changes.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { EventBus } from '../bus/event-bus.ts';
import type { Registry } from '../registry/registry.ts';
import type { ClientToServerEvents, PointState, ServerToClientEvents } from './wire.ts';

export interface LiveSocketOptions {
  bus: EventBus;
  registry: Registry;
  batchMs?: number;
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

  return {
    io,
    close: () => {
      bus.removeAllOf(owner);
      if (timer) clearTimeout(timer);
      io.disconnectSockets(true);
      // Not io.close(): that would also close the HTTP server, which fastify owns and closes.
      io.engine.close();
    },
  };
}
