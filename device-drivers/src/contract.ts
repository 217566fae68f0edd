/**
 * Driver contract: protocol logic for one device behind one connection.
 *
 * A driver knows its protocol and the point definitions its profile gave it; it knows nothing of
 * sites, scenarios, storage or the UI. The coordinator of the connection owns scheduling, retries,
 * reconnection, quality and statistics, and calls the driver in this order:
 *
 *   points() → planReads(ids) → read(link, request)* / write(link, writes)*
 *
 * The link is the protocol session on the connection (for Modbus a ModbusClient over a transport);
 * the coordinator opens it, shares it between the devices of the connection, and replaces it after
 * a reconnect. Drivers hold no connection state, so a reconnect never needs a new driver.
 *
 * - `planReads` groups point ids into the requests the protocol would send (e.g. contiguous
 *   Modbus registers merged up to 125 per request). Each ReadRequest is one round trip.
 * - `read` performs one request and returns fresh values, or throws a PhareError
 *   (Timeout, Disconnected, ProtocolException…). It never returns cached values as if fresh.
 * - `write` applies a set of writes given together; a driver may combine them (a DALI gateway
 *   sends one group or broadcast command when many luminaires receive the same level). Limits are
 *   checked above the driver, in the one write path; drivers still refuse values their codec
 *   cannot encode, with OutOfRange.
 */

export type Quality = 'good' | 'stale' | 'bad' | 'offline';

export type PointValue = number | boolean | string | null;

/** What a driver learned about one point from one request. */
export interface PointReading {
  /** Local point id, within the device (e.g. `lamp03.level`). */
  point: string;
  value: PointValue;
  /** Set when the device itself flags the value (OPC-UA Bad/Uncertain, sensor error code). */
  quality?: Extract<Quality, 'good' | 'bad'>;
  /** Device-side timestamp when the protocol gives one (ms since epoch). */
  sourceTime?: number;
}

export interface ReadRequest {
  /** Stable key for statistics and logs, e.g. `holding 5..106 unit 1`. */
  key: string;
  /**
   * Which addressable unit this request talks to (a Modbus unit id, an SDI-12 address).
   * The coordinator isolates units: one that stops answering is backed off so its neighbours keep their rate.
   */
  unit: string;
  points: string[];
}

export interface PointWrite {
  point: string;
  value: PointValue;
}

export interface WriteOutcome {
  point: string;
  ok: boolean;
  error?: Error;
}

export interface WriteReport {
  outcomes: WriteOutcome[];
  /** What went on the wire, in words, for the audit log (e.g. `DALI group 1 level 40 % (1 frame)`). */
  commands: string[];
}

export type DriverStatus = 'connecting' | 'online' | 'degraded' | 'offline';

/** What the protocol says about a point: its value type, unit and representable range. */
export interface DriverPointInfo {
  /** Local point id within the device. */
  id: string;
  type: 'number' | 'integer' | 'boolean' | 'bitmap' | 'string';
  access: 'read' | 'write' | 'readwrite';
  /** UCUM unit code when the protocol or profile knows it. */
  unit?: string;
  /** Values the device can represent (codec range), e.g. 0–100 % for a DALI level. */
  range?: { min: number; max: number };
  /** Poll group name (interval chosen by the profile); absent = default. */
  pollGroup?: string;
}

/** A protocol session on one connection, opened and replaced by the coordinator. */
export interface Link {
  readonly description: string;
  /** True on a half-duplex serial line: keep one request in flight. */
  readonly isSerialLine: boolean;
  close(): Promise<void>;
  /** Called once when the link drops by itself. */
  onClose(listener: (error?: Error) => void): void;
  /**
   * Optional, for links that repair themselves instead of closing (OPC-UA: node-opcua reconnects
   * and restores the session, keep-alive tells whether the server is there). The listener hears
   * `online` and the other statuses while the link lives; the coordinator shows the points offline
   * meanwhile, and subscriptions made on the link survive the repair. Returns the unsubscribe function.
   */
  onStatus?(listener: (status: DriverStatus, reason?: string) => void): () => void;
}

/** A live subscription made by `Driver.subscribe`; `close` is idempotent. */
export interface PointSubscription {
  close(): Promise<void>;
}

export interface Driver<L extends Link = Link> {
  readonly protocol: string;
  /** Every point this driver can read or write, in profile order. */
  points(): DriverPointInfo[];
  planReads(pointIds: string[]): ReadRequest[];
  read(link: L, request: ReadRequest): Promise<PointReading[]>;
  write(link: L, writes: PointWrite[]): Promise<WriteReport>;
  /**
   * Optional: the device pushes values (OPC-UA monitored items) instead of being polled.
   * `onChange` receives each new value of the points, with the device's quality and timestamp;
   * the subscription survives a reconnect of the same link (the link re-creates what it needs,
   * never twice). Rejects like `read` when the points cannot be monitored. Drivers without it are polled.
   */
  subscribe?(
    link: L,
    pointIds: string[],
    onChange: (reading: PointReading) => void,
  ): Promise<PointSubscription>;
}

/** Injected logger: libraries never print (style.md principle 7). */
export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
  child(namespace: string): Logger;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
