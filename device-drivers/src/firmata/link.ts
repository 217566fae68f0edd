/**
 * The link to a Firmata board (ARCHITECTURE.md §2 endpoints), opened and replaced by the coordinator:
 *   firmata:///dev/ttyACM0                          an Uno on USB (57600 8N1), or a simulator's pty
 *   serial-tcp://host:4010?protocol=firmata         the same through a serial device server
 *
 * Opening (open-link.ts): our transport (transports/serial.ts or tcp.ts) → `new Firmata(stream)` from firmata-io
 * → johnny-five `new Board({ io, repl: false, debug: false, sigint: false })`. A real Uno resets when
 * the port opens and announces itself after its bootloader (≈ 2 s); a pty has no DTR, so a board
 * double cannot see the open and announces only at its own boot. firmata-io therefore asks for the
 * version itself after `reportVersionTimeoutMs` (ours 250 ms instead of 5000, protocols.md §6.3); a
 * request lost in the bootloader is harmless, since the boot announcement follows.
 *
 * The link records, with arrival times, what the board reports: digital inputs (sent on change)
 * and analog inputs (sent every sampling interval). Drivers decide freshness from those times.
 * When the line drops (cable pulled, port gone) onClose fires once with Disconnected, every wait
 * rejects with Disconnected, and the link is dead: the coordinator opens a new one.
 * Rejects with Disconnected or Timeout when the board cannot be reached or does not speak Firmata,
 * ConfigInvalid for an endpoint that is not a Firmata one.
 */
import type { Link, Logger } from '../contract.ts';
import { Canceled, ConfigInvalid, Disconnected, Timeout, type PhareError } from '../errors.ts';
import type { ByteTransport } from '../transports/contract.ts';
import { johnnyFive, type FirmataIo, type FiveBoard } from './five.ts';
import type { TransportStream } from './transport-stream.ts';

export interface FirmataLinkOptions {
  /** Ask for the version after this long without a boot announcement (default 250 ms). */
  reportVersionTimeoutMs?: number;
  /** Version, firmware, capabilities and analog mapping must all arrive within this (default 5000 ms). */
  readyTimeoutMs?: number;
  /** Analog sampling interval to set on the board (StandardFirmata default 19 ms). */
  samplingIntervalMs?: number;
  connectTimeoutMs?: number;
  /** Serial ports: exclusive lock (default true). */
  lock?: boolean;
  /** Device id for messages. */
  device?: string;
  logger?: Logger;
}

export interface PinReport {
  value: number;
  /** ms since epoch of the report. */
  at: number;
}

export type ReportListener = (kind: 'digital' | 'analog', pinOrChannel: number, report: PinReport) => void;

export class FirmataLink implements Link {
  readonly isSerialLine = true;
  readonly description: string;
  /** When anything last arrived from the board (ms since epoch). */
  lastHeardAt = 0;
  private boardInstance: FiveBoard | undefined;
  private state: 'open' | 'dropped' | 'closed' = 'open';
  private readonly digital = new Map<number, PinReport>();
  private readonly analog = new Map<number, PinReport>();
  private readonly watchedDigital = new Set<number>();
  private readonly watchedAnalog = new Set<number>();
  private readonly reportListeners = new Set<ReportListener>();
  private readonly closeListeners: ((error?: Error) => void)[] = [];
  private readonly pending = new Set<(error: PhareError) => void>();

  constructor(
    readonly transport: ByteTransport,
    readonly io: FirmataIo,
    private readonly stream: TransportStream,
    readonly device: string,
    private readonly logger: Logger,
  ) {
    this.description = `firmata over ${transport.description}`;
    transport.onData(() => (this.lastHeardAt = Date.now()));
    transport.onClose((error) => this.drop(error ?? new Disconnected(`${this.description}: line closed`)));
    io.on('error', (error: unknown) => this.logger.warn('firmata-io error', { error: String(error) }));
  }

  /** The johnny-five board on this link. */
  get board(): FiveBoard {
    if (!this.boardInstance) throw new Disconnected(`${this.description}: the board is not ready`);
    return this.boardInstance;
  }

  get isOpen(): boolean {
    return this.state === 'open' && this.transport.isOpen;
  }

  /** Firmware name and version the board announced, e.g. `StandardFirmata.ino 2.5`. */
  get firmware(): string {
    const { name, version } = this.io.firmware;
    return `${name ?? 'unknown'} ${version ? `${version.major}.${version.minor}` : ''}`.trim();
  }

  /** @internal used by openFirmataLink. */
  attachBoard(board: FiveBoard): void {
    this.boardInstance = board;
    board.on('error', (error: unknown) =>
      this.logger.warn('johnny-five board error', { error: String(error) }),
    );
  }

  assertOpen(point?: string): void {
    if (this.isOpen) return;
    throw new Disconnected(
      `${this.device}: ${this.description} is ${this.state === 'closed' ? 'closed' : 'down'}`,
      {
        device: this.device,
        ...(point ? { point } : {}),
      },
    );
  }

  /** Configures a digital input and turns reporting on for its port (the board answers at once). */
  watchDigital(pin: number, pullup = false): void {
    this.assertOpen();
    if (this.watchedDigital.has(pin)) return;
    this.watchedDigital.add(pin);
    this.io.pinMode(pin, pullup ? this.io.MODES.PULLUP : this.io.MODES.INPUT);
    this.io.on(`digital-read-${pin}`, (value: number) => this.record('digital', pin, value));
    this.io.reportDigitalPin(pin, 1);
  }

  /** Sets an analog pin to ANALOG mode and turns its channel's reporting on. */
  watchAnalog(channel: number): void {
    this.assertOpen();
    if (this.watchedAnalog.has(channel)) return;
    const pin = this.io.analogPins[channel];
    if (pin === undefined)
      throw new ConfigInvalid(`${this.device}: the board has no analog channel A${channel}`, {
        device: this.device,
      });
    this.watchedAnalog.add(channel);
    // firmata-io's pinMode(…, ANALOG) only notes the mode; send SET_PIN_MODE so a pin left in
    // another mode by an earlier session reads again (StandardFirmata setPinModeCallback).
    this.stream.write(Buffer.from([0xf4, pin, this.io.MODES.ANALOG]));
    this.io.on(`analog-read-${channel}`, (value: number) => this.record('analog', channel, value));
    this.io.reportAnalogPin(channel, 1);
  }

  digitalReport(pin: number): PinReport | undefined {
    return this.digital.get(pin);
  }

  analogReport(channel: number): PinReport | undefined {
    return this.analog.get(channel);
  }

  onReport(listener: ReportListener): () => void {
    this.reportListeners.add(listener);
    return () => this.reportListeners.delete(listener);
  }

  /** Resolves with the next report of that pin or channel newer than `after`. */
  nextReport(
    kind: 'digital' | 'analog',
    pinOrChannel: number,
    timeoutMs: number,
    after = 0,
  ): Promise<PinReport> {
    const known = (kind === 'digital' ? this.digital : this.analog).get(pinOrChannel);
    if (known && known.at > after) return Promise.resolve(known);
    return this.wait<PinReport>(
      timeoutMs,
      `${kind} report of ${kind === 'analog' ? 'A' : 'pin '}${pinOrChannel}`,
      (resolve) =>
        this.onReport((k, p, report) => {
          if (k === kind && p === pinOrChannel) resolve(report);
        }),
    );
  }

  /** Asks the board for a digital port's current value again (REPORT_DIGITAL answers at once). */
  refreshDigital(pin: number, timeoutMs: number): Promise<PinReport> {
    this.assertOpen();
    const since = Date.now() - 1;
    const answer = this.nextReport('digital', pin, timeoutMs, since);
    this.io.reportDigitalPin(pin, 1);
    return answer;
  }

  /** PIN_STATE_QUERY: the mode and the last value written to a pin, straight from the board. */
  queryPinState(pin: number, timeoutMs: number): Promise<{ mode: number; state: number }> {
    this.assertOpen();
    const answer = this.wait<{ mode: number; state: number }>(
      timeoutMs,
      `pin state of pin ${pin}`,
      (resolve) => {
        const listener = (): void => {
          const record = this.io.pins[pin];
          resolve({ mode: record?.mode ?? -1, state: record?.state ?? 0 });
        };
        this.io.once(`pin-state-${pin}`, listener);
        return () => this.io.off(`pin-state-${pin}`, listener);
      },
    );
    this.io.queryPinState(pin, () => undefined);
    return answer;
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    this.rejectPending(new Canceled(`${this.device}: ${this.description} closed`, { device: this.device }));
    this.forgetBoard();
    if (wasOpen) await this.transport.close();
  }

  private record(kind: 'digital' | 'analog', pinOrChannel: number, value: number): void {
    const report = { value, at: Date.now() };
    (kind === 'digital' ? this.digital : this.analog).set(pinOrChannel, report);
    for (const listener of this.reportListeners) listener(kind, pinOrChannel, report);
  }

  private wait<T>(
    timeoutMs: number,
    what: string,
    arm: (resolve: (value: T) => void) => () => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let disarm: () => void = () => undefined;
      const finish = (): void => {
        clearTimeout(timer);
        disarm();
        this.pending.delete(fail);
      };
      const fail = (error: PhareError): void => {
        finish();
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(
            new Timeout(`${this.device}: no ${what} within ${timeoutMs} ms on ${this.description}`, {
              device: this.device,
              detail: { request: what, timeoutMs },
            }),
          ),
        timeoutMs,
      );
      this.pending.add(fail);
      disarm = arm((value) => {
        finish();
        resolve(value);
      });
    });
  }

  private drop(error: Error): void {
    if (this.state !== 'open') return;
    this.state = 'dropped';
    const disconnected =
      error instanceof Disconnected
        ? error
        : new Disconnected(`${this.device}: ${this.description} dropped (${error.message})`, {
            device: this.device,
            cause: error,
          });
    this.logger.warn('firmata link dropped', { link: this.description, error: disconnected.message });
    this.rejectPending(disconnected);
    this.forgetBoard();
    for (const listener of this.closeListeners) listener(disconnected);
  }

  private rejectPending(error: PhareError): void {
    for (const fail of [...this.pending]) fail(error);
  }

  /** johnny-five keeps every Board in a module-wide cache; a dead link's board must not linger there. */
  private forgetBoard(): void {
    const board = this.boardInstance;
    if (!board) return;
    const cache = johnnyFive().Board.cache;
    const index = cache.indexOf(board);
    if (index >= 0) cache.splice(index, 1);
  }
}
