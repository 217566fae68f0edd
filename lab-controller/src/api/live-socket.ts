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
 *
 * Every connection is authenticated by the session cookie of its handshake, as HTTP requests are
 * (auth/request-actor.ts): `socket.data.actor`. Who may receive and send each event is declared in
 * SOCKET_EVENT_ROLES below; each socket joins the room of its role and events go to the rooms of
 * the roles allowed; a client event its role may not send is refused.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AlarmLog } from '../alarms/alarm-log.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { Registry } from '../registry/registry.ts';
import { credentialsOf, resolveActor, type AuthContext } from '../auth/request-actor.ts';
import { EVERYONE, STAFF, type Actor, type Role } from '../auth/roles.ts';
import type { ClientToServerEvents, PointState, ServerToClientEvents } from './wire.ts';

export interface LiveSocketOptions {
  bus: EventBus;
  registry: Registry;
  batchMs?: number;
  alarms?: AlarmLog;
  auth: AuthContext;
}

/**
 * Roles per socket event, like `config.allow` on routes (tests/auth enumerates both). The live
 * streams are for everyone (the kiosk is an anonymous visitor); the audit stream names who wrote
 * what, so it follows GET /api/audit: staff only.
 */
export const SOCKET_EVENT_ROLES: {
  serverToClient: Record<keyof ServerToClientEvents, readonly Role[]>;
  clientToServer: Record<keyof ClientToServerEvents, readonly Role[]>;
} = {
  serverToClient: {
    snapshot: EVERYONE,
    points: EVERYONE,
    devices: EVERYONE,
    audit: STAFF,
    scenario: EVERYONE,
    alarms: EVERYONE,
  },
  clientToServer: { resync: EVERYONE },
};

export interface SocketData {
  actor: Actor;
}

const roomOf = (role: Role): string => `role:${role}`;
const roomsFor = (event: keyof ServerToClientEvents): string[] =>
  SOCKET_EVENT_ROLES.serverToClient[event].map(roomOf);

export interface LiveSocket {
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  close(): void;
}

export function attachLiveSocket(server: HttpServer, options: LiveSocketOptions): LiveSocket {
  const { bus, registry } = options;
  // One animation frame (~16 ms): at most one message per frame per client (issue 6), little added latency.
  const batchMs = options.batchMs ?? 16;
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(
    server,
    {
      serveClient: false,
      // Same origin only by default (the showroom is served by this server); Vite dev runs through its proxy.
      cors: { origin: false },
    },
  );
  const owner = Symbol('live-socket');
  const pending = new Map<string, PointState>();
  let timer: NodeJS.Timeout | undefined;

  const snapshot = () => ({
    site: registry.siteView,
    points: registry.snapshots(),
    devices: registry.health(),
    serverTime: Date.now(),
  });

  // Read-only streams refuse no one: an anonymous visitor connects and gets its actor.
  io.use((socket, next) => {
    socket.data.actor = resolveActor(options.auth, credentialsOf(socket.request.headers)).actor;
    next();
  });

  io.on('connection', (socket) => {
    const role = socket.data.actor.role;
    const may = (roles: readonly Role[]): boolean => role !== 'system' && roles.includes(role);
    if (role !== 'system') void socket.join(roomOf(role));
    socket.use(([event], next) => {
      const roles = SOCKET_EVENT_ROLES.clientToServer[event as keyof ClientToServerEvents];
      if (roles && may(roles)) next();
      else next(new Error(`socket event ${String(event)} is not allowed for ${role}`));
    });
    // A refused event ends here (socket.use above); nothing else to do with the error.
    socket.on('error', () => undefined);
    if (may(SOCKET_EVENT_ROLES.serverToClient.snapshot)) socket.emit('snapshot', snapshot());
    if (options.alarms && may(SOCKET_EVENT_ROLES.serverToClient.alarms))
      socket.emit('alarms', options.alarms.view());
    socket.on('resync', () => {
      if (may(SOCKET_EVENT_ROLES.serverToClient.snapshot)) socket.emit('snapshot', snapshot());
    });
  });

  const flush = () => {
    timer = undefined;
    if (pending.size === 0) return;
    const changes = [...pending.values()];
    pending.clear();
    io.to(roomsFor('points')).emit('points', changes);
  };

  bus.on(
    'points',
    (changes) => {
      for (const c of changes) pending.set(c.id, c);
      timer ??= setTimeout(flush, batchMs);
    },
    owner,
  );
  bus.on('deviceStatus', () => io.to(roomsFor('devices')).emit('devices', registry.health()), owner);
  bus.on('audit', (entry) => io.to(roomsFor('audit')).emit('audit', entry), owner);
  bus.on('scenario', (event) => io.to(roomsFor('scenario')).emit('scenario', event), owner);
  const unwatchAlarms = options.alarms?.onChange((view) => io.to(roomsFor('alarms')).emit('alarms', view));

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
