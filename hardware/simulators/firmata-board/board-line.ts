/**
 * The USB cable of the simulated Uno, seen from the board:
 * - `pty`: a socat pty pair (protocols.md §7.3). The board holds one end; the host opens the other at
 *   a stable symlink path (the `firmata:///…` endpoint), which stays the same when the cable is
 *   pulled and plugged back, as /dev/ttyACM0 does for a real Uno.
 * - `tcp`: a raw TCP server, as a serial device server presents a serial line; every client hears
 *   what the board sends. Pulling the cable drops the clients and stops listening; plugging it back
 *   listens again on the same port.
 * A pty carries no DTR, so the board cannot see the host open the port (a real Uno resets then):
 * the host asks for the version itself when the boot announcement was missed (firmata-io
 * reportVersionTimeout, protocols.md §6.3).
 */
import { mkdtemp, readlink, realpath, rm, symlink } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import type { ByteTransport, SerialSettings } from '@phare/device-drivers/transports/contract.ts';
import { openPtyPair, type PtyPair } from '@phare/device-drivers/transports/pty-pair.ts';
import { createSerialTransport } from '@phare/device-drivers/transports/serial.ts';

export type BoardLineSpec =
  | { kind: 'pty'; /** Stable path the host opens; default: ttyACM0 in a fresh temp folder. */ path?: string }
  | { kind: 'tcp'; host?: string; /** 0 = ephemeral. */ port: number };

export interface BoardLine {
  readonly description: string;
  /** pty: the stable path the host opens. */
  readonly driverPath: string | undefined;
  /** tcp: the port the host connects to. */
  readonly port: number | undefined;
  readonly connected: boolean;
  onData(listener: (chunk: Buffer) => void): void;
  /** The cable was plugged in (the board powers up), or a host connected over TCP. */
  onHostLink(listener: (reason: 'cable' | 'client') => void): void;
  /** Best effort, as a UART sends whether or not anybody listens. */
  write(data: Buffer): void;
  setConnected(connected: boolean): Promise<void>;
  close(): Promise<void>;
}

/** The Uno's USB serial line as StandardFirmata opens it: 57600 8N1. */
export const FIRMATA_SERIAL: SerialSettings = { baudRate: 57600, dataBits: 8, parity: 'none', stopBits: 1 };

/** A line with the cable still out: add listeners, then `setConnected(true)`. */
export async function createBoardLine(
  spec: BoardLineSpec,
  logger: Logger = silentLogger,
): Promise<BoardLine> {
  return spec.kind === 'pty' ? await PtyBoardLine.create(spec.path, logger) : new TcpBoardLine(spec, logger);
}

abstract class BaseLine {
  protected readonly dataListeners: ((chunk: Buffer) => void)[] = [];
  protected readonly linkListeners: ((reason: 'cable' | 'client') => void)[] = [];
  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
  }
  onHostLink(listener: (reason: 'cable' | 'client') => void): void {
    this.linkListeners.push(listener);
  }
}

class PtyBoardLine extends BaseLine implements BoardLine {
  readonly port = undefined;
  private pair: PtyPair | undefined;
  private transport: ByteTransport | undefined;
  private linkedTarget: string | undefined;
  private switching: Promise<void> = Promise.resolve();

  private constructor(
    readonly driverPath: string,
    private readonly ownDir: string | undefined,
    private readonly logger: Logger,
  ) {
    super();
  }

  static async create(stablePath: string | undefined, logger: Logger): Promise<PtyBoardLine> {
    if (stablePath !== undefined) return new PtyBoardLine(stablePath, undefined, logger);
    const dir = await mkdtemp(path.join(tmpdir(), 'phare-firmata-'));
    return new PtyBoardLine(path.join(dir, 'ttyACM0'), dir, logger);
  }

  get description(): string {
    return `pty ${this.driverPath}`;
  }

  get connected(): boolean {
    return this.transport !== undefined;
  }

  write(data: Buffer): void {
    this.transport?.write(data).catch((error: unknown) => {
      this.logger.debug('board write dropped', { error: String(error) });
    });
  }

  /** Serialised: a quick pull-and-plug from the control API never interleaves two switches. */
  setConnected(connected: boolean): Promise<void> {
    this.switching = this.switching.then(() => (connected ? this.plug() : this.unplug()));
    return this.switching;
  }

  async close(): Promise<void> {
    await this.setConnected(false);
    if (this.ownDir) await rm(this.ownDir, { recursive: true, force: true });
  }

  private async plug(): Promise<void> {
    if (this.transport) return;
    const pair = await openPtyPair();
    const transport = createSerialTransport({
      path: pair.a,
      serial: FIRMATA_SERIAL,
      lock: false,
      logger: this.logger,
    });
    transport.onData((chunk) => this.dataListeners.forEach((listener) => listener(chunk)));
    try {
      await transport.open();
      const target = await realpath(pair.b);
      await rm(this.driverPath, { force: true });
      await symlink(target, this.driverPath);
      this.linkedTarget = target;
    } catch (error) {
      await transport.close();
      await pair.close();
      throw error;
    }
    this.pair = pair;
    this.transport = transport;
    this.logger.info('cable plugged', { path: this.driverPath });
    for (const listener of this.linkListeners) listener('cable');
  }

  private async unplug(): Promise<void> {
    const { transport, pair } = this;
    if (!transport || !pair) return;
    this.transport = undefined;
    this.pair = undefined;
    // The stable link goes first, as /dev/ttyACM0 vanishes when a USB cable is pulled.
    const current = await readlink(this.driverPath).catch(() => undefined);
    if (current === this.linkedTarget) await rm(this.driverPath, { force: true });
    await transport.close();
    await pair.close();
    this.logger.info('cable pulled', { path: this.driverPath });
  }
}

class TcpBoardLine extends BaseLine implements BoardLine {
  readonly driverPath = undefined;
  private readonly clients = new Set<net.Socket>();
  private server: net.Server | undefined;
  private boundPort: number | undefined;
  private readonly host: string;

  constructor(
    private readonly spec: { host?: string; port: number },
    private readonly logger: Logger,
  ) {
    super();
    this.host = spec.host ?? '127.0.0.1';
  }

  get description(): string {
    return `serial-tcp ${this.host}:${this.boundPort ?? this.spec.port}`;
  }
  get port(): number | undefined {
    return this.boundPort;
  }
  get connected(): boolean {
    return this.server !== undefined;
  }

  write(data: Buffer): void {
    for (const socket of this.clients) if (socket.writable) socket.write(data);
  }

  async setConnected(connected: boolean): Promise<void> {
    if (connected && !this.server) await this.listen();
    if (!connected && this.server) {
      const server = this.server;
      this.server = undefined;
      for (const socket of this.clients) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  close(): Promise<void> {
    return this.setConnected(false);
  }

  private async listen(): Promise<void> {
    const server = net.createServer((socket) => {
      this.clients.add(socket);
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => this.dataListeners.forEach((listener) => listener(chunk)));
      socket.on('error', (error) => this.logger.debug('serial-tcp client error', { error: error.message }));
      socket.on('close', () => this.clients.delete(socket));
      for (const listener of this.linkListeners) listener('client');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Same port after a re-plug, so the host's endpoint stays valid.
      server.listen(this.boundPort ?? this.spec.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (server.address() as net.AddressInfo).port;
    this.server = server;
    for (const listener of this.linkListeners) listener('cable');
  }
}
