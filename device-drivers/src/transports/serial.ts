/**
 * ByteTransport over a serial port with serialport 13 (protocols.md §7.1): a real /dev/tty* or one end
 * of a socat pty pair. Baud, parity, data and stop bits come from SerialSettings.
 *
 * A pty accepts any settings and does not emulate them (protocols.md §7.3): timing must be emulated
 * by the peer, never assumed from the link. Open a pty with `lock: false`, since a simulator and a
 * test may both hold the same end.
 */
import { access } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { silentLogger, type Logger } from '../contract.ts';
import { Canceled, Disconnected, NotSupported } from '../errors.ts';
import type { ByteTransport, SerialSettings } from './contract.ts';
import { describeSerial } from './serial-settings.ts';

export interface SerialTransportOptions {
  path: string;
  serial: SerialSettings;
  /** Exclusive lock on the port (serialport default true). Pass false for ptys. */
  lock?: boolean;
  logger?: Logger;
}

export function createSerialTransport(options: SerialTransportOptions): ByteTransport {
  return new SerialTransport(options);
}

class SerialTransport implements ByteTransport {
  readonly description: string;
  readonly isSerialLine = true;
  readonly serial: SerialSettings;
  private port: SerialPort | undefined;
  private closing = false;
  private lastError: Error | undefined;
  private dropNotified = false;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly dataListeners: ((chunk: Buffer) => void)[] = [];
  private readonly closeListeners: ((error?: Error) => void)[] = [];
  private readonly logger: Logger;

  constructor(private readonly options: SerialTransportOptions) {
    this.serial = options.serial;
    this.description = `serial ${options.path} ${describeSerial(options.serial)}`;
    this.logger = (options.logger ?? silentLogger).child('transport:serial');
  }

  get isOpen(): boolean {
    return this.port?.isOpen === true && !this.closing;
  }

  open(): Promise<void> {
    if (this.port) return Promise.reject(new Disconnected(`${this.description}: open() called twice`));
    return new Promise<void>((resolve, reject) => {
      let port: SerialPort;
      try {
        port = new SerialPort({
          path: this.options.path,
          baudRate: this.serial.baudRate,
          dataBits: this.serial.dataBits,
          parity: this.serial.parity,
          stopBits: this.serial.stopBits,
          lock: this.options.lock ?? true,
          autoOpen: false,
        });
      } catch (error) {
        reject(
          new Disconnected(`${this.description}: invalid port options (${String(error)})`, { cause: error }),
        );
        return;
      }
      this.port = port;
      // Listen before opening: a 'data' listener added after open() leaves the stream without a
      // pending read, and then a vanished port (socat gone, USB pulled) never emits 'close'.
      this.attach(port);
      port.open((error) => {
        if (error) {
          this.closing = true;
          reject(new Disconnected(`${this.description}: cannot open (${error.message})`, { cause: error }));
          return;
        }
        this.logger.debug('opened', { link: this.description });
        this.watchPath();
        resolve();
      });
    });
  }

  write(data: Uint8Array): Promise<void> {
    if (this.closing) return Promise.reject(new Canceled(`${this.description}: write after close()`));
    const port = this.port;
    if (!port?.isOpen)
      return Promise.reject(
        new Disconnected(`${this.description}: port is not open`, { cause: this.lastError }),
      );
    return new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (error) => {
        if (!error) resolve();
        else if (this.closing) reject(new Canceled(`${this.description}: closed while writing`));
        else
          reject(new Disconnected(`${this.description}: write failed (${error.message})`, { cause: error }));
      });
    });
  }

  /** A serial break with serialport's set({ brk }); a pty refuses the ioctl (protocols.md §7.3, §8). */
  async sendBreak(durationMs: number): Promise<void> {
    const port = this.port;
    if (!port?.isOpen)
      throw new Disconnected(`${this.description}: port is not open`, { cause: this.lastError });
    const setBreak = (brk: boolean): Promise<void> =>
      new Promise<void>((resolve, reject) =>
        port.set({ brk }, (error) => (error ? reject(error) : resolve())),
      );
    try {
      await setBreak(true);
    } catch (error) {
      throw new NotSupported(`${this.description}: cannot send a break (${(error as Error).message})`, {
        cause: error,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    await setBreak(false).catch((error: unknown) => {
      throw new Disconnected(`${this.description}: cannot end the break (${(error as Error).message})`, {
        cause: error,
      });
    });
  }

  close(): Promise<void> {
    this.closing = true;
    clearInterval(this.watchdog);
    const port = this.port;
    if (!port?.isOpen) return Promise.resolve();
    return new Promise<void>((resolve) => {
      // A close error means the port is already gone, which is what close() wants anyway.
      port.close(() => resolve());
    });
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  private attach(port: SerialPort): void {
    port.on('data', (chunk: Buffer) => {
      for (const listener of this.dataListeners) listener(chunk);
    });
    port.on('error', (error: Error) => {
      this.lastError = error;
      this.logger.debug('port error', { link: this.description, error: error.message });
    });
    port.once('close', (error?: Error | null) => {
      if (!this.closing) this.dropped(error ?? this.lastError);
    });
  }

  /**
   * When the far end of a pty goes away, Linux may hang the tty up so that reads return 0 forever
   * instead of failing: serialport then never notices. A vanished device path (socat removes its
   * links, a pulled USB adapter removes /dev/ttyUSBn) is the reliable sign, so check it.
   */
  private watchPath(): void {
    this.watchdog = setInterval(() => {
      access(this.options.path).catch((error: unknown) => {
        if (this.closing || this.dropNotified) return;
        this.dropped(error instanceof Error ? error : undefined);
        if (this.port?.isOpen) this.port.close(() => undefined);
      });
    }, 500);
    this.watchdog.unref();
  }

  private dropped(cause: Error | undefined): void {
    if (this.dropNotified) return;
    this.dropNotified = true;
    clearInterval(this.watchdog);
    const reason = cause ? cause.message : 'port closed';
    const error = new Disconnected(`${this.description}: link dropped (${reason})`, { cause });
    for (const listener of this.closeListeners) listener(error);
  }
}
