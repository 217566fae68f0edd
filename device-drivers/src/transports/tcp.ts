/**
 * ByteTransport over a TCP socket (node:net). Two uses:
 * - Modbus TCP and OPC-UA style links: `serial` unset, isSerialLine false.
 * - A serial device server (Moxa NPort in "TCP server" mode, protocols.md §3.4): `serial` set to the
 *   line's settings behind it, isSerialLine true, so callers keep one request in flight and respect
 *   the line's timing.
 * Failure mapping follows transports/contract.ts: refused or reset → Disconnected, no connect in
 * time → Timeout, write after close() → Canceled.
 */
import net from 'node:net';
import { silentLogger, type Logger } from '../contract.ts';
import { Canceled, Disconnected, Timeout } from '../errors.ts';
import type { ByteTransport, SerialSettings } from './contract.ts';
import { describeSerial } from './serial-settings.ts';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Default 3000 ms. */
  connectTimeoutMs?: number;
  /** Settings of the serial line behind a serial device server; makes the transport a serial line. */
  serial?: SerialSettings;
  logger?: Logger;
}

export function createTcpTransport(options: TcpTransportOptions): ByteTransport {
  return new TcpTransport(options);
}

class TcpTransport implements ByteTransport {
  readonly description: string;
  readonly isSerialLine: boolean;
  readonly serial?: SerialSettings;
  private socket: net.Socket | undefined;
  private closing = false;
  private lastError: Error | undefined;
  private readonly dataListeners: ((chunk: Buffer) => void)[] = [];
  private readonly closeListeners: ((error?: Error) => void)[] = [];
  private readonly logger: Logger;

  constructor(private readonly options: TcpTransportOptions) {
    this.isSerialLine = options.serial !== undefined;
    if (options.serial) this.serial = options.serial;
    this.description =
      `tcp ${options.host}:${options.port}` +
      (options.serial ? ` (serial ${describeSerial(options.serial)})` : '');
    this.logger = (options.logger ?? silentLogger).child('transport:tcp');
  }

  get isOpen(): boolean {
    return this.socket !== undefined && !this.socket.destroyed && !this.closing;
  }

  open(): Promise<void> {
    if (this.socket) return Promise.reject(new Disconnected(`${this.description}: open() called twice`));
    const timeoutMs = this.options.connectTimeoutMs ?? 3000;
    return new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: this.options.host, port: this.options.port });
      this.socket = socket;
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new Timeout(`${this.description}: no connection within ${timeoutMs} ms`, { detail: { timeoutMs } }),
        );
      }, timeoutMs);
      const failed = (error: NodeJS.ErrnoException): void => {
        clearTimeout(timer);
        reject(
          new Disconnected(`${this.description}: cannot connect (${error.code ?? error.message})`, {
            detail: { errno: error.code },
            cause: error,
          }),
        );
      };
      socket.once('error', failed);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', failed);
        this.attach(socket);
        this.logger.debug('connected', { link: this.description });
        resolve();
      });
    });
  }

  write(data: Uint8Array): Promise<void> {
    if (this.closing) return Promise.reject(new Canceled(`${this.description}: write after close()`));
    const socket = this.socket;
    if (!socket || socket.destroyed || !socket.writable)
      return Promise.reject(new Disconnected(`${this.description}: link is down`, { cause: this.lastError }));
    return new Promise<void>((resolve, reject) => {
      socket.write(data, (error) => {
        if (!error) resolve();
        else if (this.closing) reject(new Canceled(`${this.description}: closed while writing`));
        else
          reject(new Disconnected(`${this.description}: write failed (${error.message})`, { cause: error }));
      });
    });
  }

  close(): Promise<void> {
    this.closing = true;
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  private attach(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => {
      for (const listener of this.dataListeners) listener(chunk);
    });
    socket.on('error', (error) => {
      this.lastError = error;
      this.logger.debug('socket error', { link: this.description, error: error.message });
    });
    socket.once('close', () => {
      if (this.closing) return;
      const reason = this.lastError ? this.lastError.message : 'closed by peer';
      const error = new Disconnected(`${this.description}: link dropped (${reason})`, {
        cause: this.lastError,
      });
      for (const listener of this.closeListeners) listener(error);
    });
  }
}
