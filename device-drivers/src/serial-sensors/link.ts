/**
 * The link for serial water sensors (ARCHITECTURE.md §2 endpoints), opened by the coordinator and
 * shared by the devices on the line:
 *   sdi12:///dev/ttyUSB1?address=0                       SDI-12 at 1200 7E1 on a serial port or a pty
 *   serial-tcp://host:4002?protocol=sdi12&address=0       SDI-12 through a serial device server
 *   serial:///dev/ttyUSB2?protocol=ascii-line             a free-running ASCII instrument (9600 8N1)
 *   serial-tcp://host:4003?protocol=ascii-line            the same through a serial device server
 *
 * An SDI-12 link carries an Sdi12Recorder (one exchange at a time). An ASCII link cuts the stream
 * into lines from the moment it opens and keeps the most recent ones with their arrival time, so a
 * driver attached later still sees what came since the link opened; drivers subscribe with onLine.
 * Rejects with Disconnected or Timeout when the link cannot open, ConfigInvalid for another scheme.
 */
import { silentLogger, type Link, type Logger } from '../contract.ts';
import type { Endpoint } from '../endpoint.ts';
import { Canceled, ConfigInvalid } from '../errors.ts';
import type { ByteTransport } from '../transports/contract.ts';
import { createSerialTransport } from '../transports/serial.ts';
import { createTcpTransport } from '../transports/tcp.ts';
import { LineSplitter, type Terminator } from './line-splitter.ts';
import { Sdi12Line } from './sdi12/line.ts';
import { Sdi12Recorder } from './sdi12/recorder.ts';

export type SerialSensorProtocol = 'sdi12' | 'ascii-line';

export interface SerialSensorLinkOptions {
  /** Default: from the endpoint (`sdi12://`, or `?protocol=`). */
  protocol?: SerialSensorProtocol;
  /** ASCII lines: the terminator (default `\r\n`). */
  terminator?: Terminator;
  /** SDI-12: wait for the first byte of a response per try (default 100 ms). */
  responseTimeoutMs?: number;
  triesPerBreak?: number;
  breaks?: number;
  connectTimeoutMs?: number;
  /** Serial ports: exclusive lock (default true); false for ptys shared with a simulator. */
  lock?: boolean;
  /** Device id for messages. */
  device?: string;
  logger?: Logger;
}

export interface ReceivedLine {
  text: string;
  /** ms since epoch. */
  receivedAt: number;
  /** True when the line overflowed without a terminator (noise, not a line). */
  overflow?: boolean;
}

const RECENT_LINES = 32;

export class SerialSensorLink implements Link {
  readonly description: string;
  readonly isSerialLine = true;
  private readonly recorder: Sdi12Recorder | undefined;
  private readonly recent: ReceivedLine[] = [];
  private readonly lineListeners = new Set<(line: ReceivedLine) => void>();
  private readonly closeListeners: ((error?: Error) => void)[] = [];
  private closed = false;

  constructor(
    readonly transport: ByteTransport,
    readonly protocol: SerialSensorProtocol,
    options: SerialSensorLinkOptions = {},
  ) {
    this.description = `${protocol} over ${transport.description}`;
    const logger = options.logger ?? silentLogger;
    if (protocol === 'sdi12') {
      this.recorder = new Sdi12Recorder(
        new Sdi12Line(transport, {
          ...(options.responseTimeoutMs === undefined
            ? {}
            : { responseTimeoutMs: options.responseTimeoutMs }),
          ...(options.triesPerBreak === undefined ? {} : { triesPerBreak: options.triesPerBreak }),
          ...(options.breaks === undefined ? {} : { breaks: options.breaks }),
          ...(options.device === undefined ? {} : { device: options.device }),
          logger,
        }),
      );
    } else {
      const splitter = new LineSplitter(options.terminator ?? '\r\n');
      transport.onData((chunk) => {
        const receivedAt = Date.now();
        const { lines, overflowed } = splitter.push(chunk);
        for (const text of overflowed) this.deliver({ text, receivedAt, overflow: true });
        for (const text of lines) this.deliver({ text, receivedAt });
      });
    }
    transport.onClose((error) => {
      if (this.closed) return;
      this.closed = true;
      for (const listener of this.closeListeners) listener(error);
    });
  }

  /** The SDI-12 recorder of this line; ConfigInvalid on an ASCII link. */
  sdi12(): Sdi12Recorder {
    if (!this.recorder) throw new ConfigInvalid(`${this.description} is not an SDI-12 link`);
    return this.recorder;
  }

  /** Lines received since the link opened (the last 32), oldest first. */
  recentLines(): readonly ReceivedLine[] {
    return this.recent;
  }

  /** Every line from now on; returns the unsubscribe function. */
  onLine(listener: (line: ReceivedLine) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.recorder?.line.cancel(new Canceled(`${this.description}: link closed`));
    await this.transport.close();
  }

  private deliver(line: ReceivedLine): void {
    this.recent.push(line);
    if (this.recent.length > RECENT_LINES) this.recent.shift();
    for (const listener of this.lineListeners) listener(line);
  }
}

/** The protocol an endpoint names: `sdi12://…`, or `?protocol=sdi12|ascii-line` on serial/serial-tcp. */
export function serialSensorProtocolOf(endpoint: Endpoint): SerialSensorProtocol | undefined {
  if (endpoint.scheme === 'sdi12') return 'sdi12';
  if (endpoint.scheme !== 'serial' && endpoint.scheme !== 'serial-tcp') return undefined;
  const protocol = endpoint.params['protocol'];
  return protocol === 'sdi12' || protocol === 'ascii-line' ? protocol : undefined;
}

export async function openSerialSensorLink(
  endpoint: Endpoint,
  options: SerialSensorLinkOptions = {},
): Promise<SerialSensorLink> {
  const logger = options.logger ?? silentLogger;
  const protocol = options.protocol ?? serialSensorProtocolOf(endpoint);
  if (!protocol) {
    throw new ConfigInvalid(
      `Endpoint "${endpoint.uri}" is not a serial sensor endpoint: use sdi12:///dev/…, serial:///dev/…?protocol=ascii-line or serial-tcp://host:port?protocol=sdi12|ascii-line`,
    );
  }
  const { location } = endpoint;
  let transport: ByteTransport;
  if (location.kind === 'serial' && endpoint.serial) {
    transport = createSerialTransport({
      path: location.path,
      serial: endpoint.serial,
      ...(options.lock === undefined ? {} : { lock: options.lock }),
      logger,
    });
  } else if (location.kind === 'tcp' && endpoint.scheme === 'serial-tcp' && endpoint.serial) {
    transport = createTcpTransport({
      host: location.host,
      port: location.port,
      serial: endpoint.serial,
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
      logger,
    });
  } else {
    throw new ConfigInvalid(`Endpoint "${endpoint.uri}": no serial line or serial device server in it`);
  }
  // Listeners go on before open() so no byte of a free-running instrument is missed.
  const link = new SerialSensorLink(transport, protocol, { ...options, logger });
  await transport.open();
  return link;
}
