/**
 * Typed socket.io client for the showroom (events from lab-controller/src/api/wire.ts).
 *
 * Why it is written this way (ARCHITECTURE.md §6 and §7, "dashboards in kiosk freeze on lost
 * websockets or reload the page in a loop"):
 * - it reconnects forever, with exponential backoff and ±50 % jitter, so that a room of screens
 *   does not hammer a restarting controller in lockstep;
 * - every (re)connection is resynchronised by a full snapshot: the server sends one on connect, and
 *   we ask with `resync` if it has not arrived shortly after, or after the tab was hidden a while;
 * - it never reloads the page: state is replaced in place.
 */
import { io, type Socket } from 'socket.io-client';
import type {
  AlarmsView,
  AuditRecord,
  ClientToServerEvents,
  DeviceHealth,
  PointState,
  ScenarioEventView,
  ServerToClientEvents,
} from '@phare/lab-controller/api/wire.ts';

export type ShowroomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type SnapshotPayload = Parameters<ServerToClientEvents['snapshot']>[0];

export interface LiveHandlers {
  snapshot(payload: SnapshotPayload): void;
  points(changes: PointState[]): void;
  devices(health: DeviceHealth[]): void;
  audit?(entry: AuditRecord): void;
  scenario?(event: ScenarioEventView): void;
  alarms?(view: AlarmsView): void;
  /** The link dropped; the socket is retrying. */
  lost(): void;
  /** A reconnection attempt starts (1, 2, 3…). */
  attempt(attempt: number): void;
}

export interface LiveOptions {
  /** Controller origin; default: the page's own origin (the controller serves the showroom). */
  url?: string;
  /** Ask for a snapshot if none arrived this long after connecting. */
  snapshotGraceMs?: number;
  /** Ask for a snapshot when the tab becomes visible after being hidden this long. */
  resyncAfterHiddenMs?: number;
}

/** Backoff of socket.io's Manager: 0.5 s doubling up to 10 s, each delay randomised by ±50 %. */
export const reconnectPolicy = {
  reconnection: true,
  reconnectionAttempts: Infinity,
  reconnectionDelay: 500,
  reconnectionDelayMax: 10_000,
  randomizationFactor: 0.5,
} as const;

function jittered(baseMs: number): number {
  const spread = baseMs * reconnectPolicy.randomizationFactor;
  return baseMs - spread + Math.random() * 2 * spread;
}

export interface LiveConnection {
  socket: ShowroomSocket;
  resync(): void;
  close(): void;
}

export function connectLive(handlers: LiveHandlers, options: LiveOptions = {}): LiveConnection {
  const snapshotGraceMs = options.snapshotGraceMs ?? 3000;
  const resyncAfterHiddenMs = options.resyncAfterHiddenMs ?? 30_000;
  const socketOptions = { ...reconnectPolicy, path: '/socket.io', timeout: 8000 };
  const socket: ShowroomSocket = options.url ? io(options.url, socketOptions) : io(socketOptions);

  let snapshotGuard: ReturnType<typeof setTimeout> | undefined;
  let manualRetry: ReturnType<typeof setTimeout> | undefined;
  let manualAttempts = 0;
  let hiddenSince: number | null = null;
  let closed = false;

  const resync = (): void => {
    if (socket.connected) socket.emit('resync');
  };

  socket.on('connect', () => {
    clearTimeout(snapshotGuard);
    snapshotGuard = setTimeout(resync, snapshotGraceMs);
  });
  socket.on('snapshot', (payload) => {
    clearTimeout(snapshotGuard);
    manualAttempts = 0;
    handlers.snapshot(payload);
  });
  socket.on('points', (changes) => handlers.points(changes));
  socket.on('devices', (health) => handlers.devices(health));
  socket.on('audit', (entry) => handlers.audit?.(entry));
  socket.on('scenario', (event) => handlers.scenario?.(event));
  socket.on('alarms', (view) => handlers.alarms?.(view));
  socket.on('disconnect', (reason) => {
    clearTimeout(snapshotGuard);
    handlers.lost();
    // socket.io does not retry after a server-side disconnect (a controller restarting cleanly
    // may send one): retry ourselves, with the same jittered exponential backoff.
    if (reason === 'io server disconnect' && !closed) {
      manualAttempts += 1;
      handlers.attempt(manualAttempts);
      const base = Math.min(
        reconnectPolicy.reconnectionDelayMax,
        reconnectPolicy.reconnectionDelay * 2 ** (manualAttempts - 1),
      );
      manualRetry = setTimeout(() => socket.connect(), jittered(base));
    }
  });
  socket.on('connect_error', () => handlers.lost());
  socket.io.on('reconnect_attempt', (attempt) => handlers.attempt(attempt));

  const onVisibility = (): void => {
    if (document.visibilityState === 'hidden') {
      hiddenSince = Date.now();
    } else {
      if (hiddenSince !== null && Date.now() - hiddenSince > resyncAfterHiddenMs) resync();
      hiddenSince = null;
    }
  };
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);

  return {
    socket,
    resync,
    close() {
      closed = true;
      clearTimeout(snapshotGuard);
      clearTimeout(manualRetry);
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility);
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    },
  };
}
