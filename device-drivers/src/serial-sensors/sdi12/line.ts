/**
 * One SDI-12 line seen from the recorder (the bus master): sends one command, waits for its one
 * response line, checks it, and retries by the standard's rules (timing.ts). One exchange at a time:
 * SDI-12 is a half-duplex shared wire, and `hold()` keeps the line for a whole M → D sequence.
 *
 * Break: sent with the transport's `sendBreak` (a real serial port). A pty refuses the ioctl and a
 * TCP link to a serial device server has no way to carry one (protocols.md §7.3): the recorder says
 * so once in the debug log and carries on, relying on the peer to emulate the wake-up (our
 * simulators treat every command as preceded by a break).
 *
 * Errors (device, command and address in the message and detail):
 * - Timeout: no response after every try (a silent sensor) or a response that never ended;
 * - ChecksumMismatch: the CRC of a CRC command (aMC!, aCC!, aRCn!, and their D data) is wrong;
 * - ProtocolException: an answer from another address, or a response of the wrong shape.
 * The error of the last try is the one thrown; the number of tries is in `detail.tries`.
 */
import { silentLogger, type Logger } from '../../contract.ts';
import {
  ChecksumMismatch,
  NotSupported,
  PhareError,
  ProtocolException,
  Timeout,
  type ErrorContext,
} from '../../errors.ts';
import type { ByteTransport } from '../../transports/contract.ts';
import { checkSdi12Crc } from './crc.ts';
import { MAX_RESPONSE_CHARACTERS } from './commands.ts';
import { ResponseWait } from './response-wait.ts';
import {
  SDI12_BREAKS,
  SDI12_BREAK_NEEDED_AFTER_IDLE_MS,
  SDI12_BREAK_SENT_MS,
  SDI12_CHARACTER_MS,
  SDI12_MARKING_AFTER_BREAK_MS,
  SDI12_RESPONSE_START_MS,
  SDI12_TRIES_PER_BREAK,
} from './timing.ts';

export interface Sdi12LineOptions {
  /** Wait for the first byte of a response, per try. Default 100 ms; never below the standard's 15 ms. */
  responseTimeoutMs?: number;
  triesPerBreak?: number;
  breaks?: number;
  /** Device id for messages. */
  device?: string;
  logger?: Logger;
}

export interface Sdi12LineCounters {
  commands: number;
  tries: number;
  breaks: number;
  timeouts: number;
  checksumErrors: number;
  protocolErrors: number;
  /** Bytes dropped before a command: late answers to an earlier try, noise. */
  discardedBytes: number;
}

/** How to check one response: the body after CRC removal is handed to `parse`. */
export interface ExchangeSpec<T> {
  command: string;
  /** The address the answer must come from; undefined accepts any (the `?!` query). */
  address: string | undefined;
  crc: boolean;
  /** What the response should be, for messages: `atttn`, `a<values>`. */
  expected: string;
  parse(line: string): T | undefined;
}

export class Sdi12Line {
  readonly counters: Sdi12LineCounters = {
    commands: 0,
    tries: 0,
    breaks: 0,
    timeouts: 0,
    checksumErrors: 0,
    protocolErrors: 0,
    discardedBytes: 0,
  };
  readonly responseTimeoutMs: number;
  readonly device: string;
  private readonly wait = new ResponseWait();
  private readonly logger: Logger;
  private readonly triesPerBreak: number;
  private readonly breaks: number;
  private lastAddress: string | undefined;
  private breakUnavailable: string | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly transport: ByteTransport,
    options: Sdi12LineOptions = {},
  ) {
    this.responseTimeoutMs = Math.max(SDI12_RESPONSE_START_MS, options.responseTimeoutMs ?? 100);
    this.triesPerBreak = Math.max(1, options.triesPerBreak ?? SDI12_TRIES_PER_BREAK);
    this.breaks = Math.max(1, options.breaks ?? SDI12_BREAKS);
    this.device = options.device ?? `SDI-12 on ${transport.description}`;
    this.logger = (options.logger ?? silentLogger).child('sdi12');
    transport.onData((chunk) => this.wait.push(chunk));
    transport.onClose((error) => this.wait.fail(error));
  }

  /** Runs `work` with the line to itself (no other exchange interleaves). */
  hold<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Rejects a pending wait; called when the link closes. */
  cancel(error?: Error): void {
    this.wait.fail(error);
  }

  /**
   * Waits for an unsolicited line from `address` (the service request `a<CR><LF>` after aM!).
   * Resolves true when it came, false when `ms` passed first.
   */
  async awaitServiceRequest(address: string, ms: number): Promise<boolean> {
    const outcome = await this.wait.next(ms, this.lineMs(3));
    if (outcome.kind === 'line' && outcome.line === address) return true;
    if (outcome.kind !== 'silent')
      this.logger.debug('unexpected data while waiting for a service request', {
        device: this.device,
        address,
        received: outcome.kind === 'line' ? outcome.line : outcome.partial,
      });
    return false;
  }

  /** One command and its response, with the standard's retries. Call inside hold(). */
  async exchange<T>(spec: ExchangeSpec<T>): Promise<T> {
    this.counters.commands++;
    const total = this.triesPerBreak * this.breaks;
    let lastError: PhareError | undefined;
    for (let attempt = 0; attempt < total; attempt++) {
      await this.wake(spec.address ?? '?', attempt % this.triesPerBreak === 0 && attempt > 0);
      const dropped = this.wait.flush();
      if (dropped.length > 0) {
        this.counters.discardedBytes += dropped.length;
        this.logger.debug('dropped bytes before a command', { device: this.device, dropped });
      }
      this.counters.tries++;
      await this.transport.write(Buffer.from(spec.command, 'latin1'));
      const outcome = await this.wait.next(
        this.responseTimeoutMs + spec.command.length * SDI12_CHARACTER_MS,
        this.lineMs(MAX_RESPONSE_CHARACTERS),
      );
      const result = this.check(spec, outcome, attempt + 1);
      if (!(result instanceof PhareError)) return result.value;
      lastError = result;
      this.logger.debug('SDI-12 try failed', {
        device: this.device,
        command: spec.command,
        error: result.message,
      });
    }
    throw lastError ?? new Timeout(`${this.device}: no try made for ${spec.command}`);
  }

  private check<T>(spec: ExchangeSpec<T>, outcome: Awaited<ReturnType<ResponseWait['next']>>, tries: number) {
    const context = (extra: Record<string, unknown>): ErrorContext => ({
      device: this.device,
      detail: { command: spec.command, address: spec.address, tries, ...extra },
    });
    const where = `${this.device}: command ${spec.command}`;
    if (outcome.kind === 'silent') {
      this.counters.timeouts++;
      return new Timeout(
        `${where}: no response within ${this.responseTimeoutMs} ms (${tries} tries)`,
        context({}),
      );
    }
    if (outcome.kind === 'incomplete') {
      this.counters.timeouts++;
      return new Timeout(
        `${where}: response never ended with <CR><LF> (got ${JSON.stringify(outcome.partial)}, ${tries} tries)`,
        context({ received: outcome.partial }),
      );
    }
    // A single-wire adapter may hand back our own command before the answer: skip that echo.
    let line = outcome.line.startsWith(spec.command) ? outcome.line.slice(spec.command.length) : outcome.line;
    const from = line.charAt(0);
    if (spec.address !== undefined && from !== spec.address) {
      this.counters.protocolErrors++;
      return new ProtocolException(
        `${where}: answer from address "${from}" instead of "${spec.address}" (${JSON.stringify(line)})`,
        context({ received: line, answeredBy: from }),
      );
    }
    if (spec.crc) {
      const crc = checkSdi12Crc(line);
      if (!crc.ok) {
        this.counters.checksumErrors++;
        return new ChecksumMismatch(
          `${where}: CRC "${crc.received}" does not match "${crc.expected}" computed over ${JSON.stringify(crc.body)}`,
          context({ received: line, crcReceived: crc.received, crcExpected: crc.expected }),
        );
      }
      line = crc.body;
    }
    const value = spec.parse(line);
    if (value === undefined) {
      this.counters.protocolErrors++;
      return new ProtocolException(
        `${where}: malformed response ${JSON.stringify(line)}, expected ${spec.expected}`,
        context({ received: line }),
      );
    }
    return { value };
  }

  /** Break + marking when the standard asks for one (new address, line idle > 87 ms, or a retry round). */
  private async wake(address: string, forced: boolean): Promise<void> {
    const idle = Date.now() - this.wait.lastActivity;
    if (!forced && address === this.lastAddress && idle <= SDI12_BREAK_NEEDED_AFTER_IDLE_MS) return;
    this.lastAddress = address;
    if (this.breakUnavailable !== undefined) return;
    if (!this.transport.sendBreak) {
      this.noBreak('the link cannot carry a break (TCP or a stream without break support)');
      return;
    }
    try {
      await this.transport.sendBreak(SDI12_BREAK_SENT_MS);
      this.counters.breaks++;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(SDI12_MARKING_AFTER_BREAK_MS)));
    } catch (error) {
      if (!(error instanceof NotSupported)) throw error;
      this.noBreak(error.message);
    }
  }

  private noBreak(reason: string): void {
    this.breakUnavailable = reason;
    this.logger.debug(
      'SDI-12 break cannot be sent on this link; relying on the peer to emulate the wake-up (a pty or serial device server cannot carry a break)',
      { device: this.device, link: this.transport.description, reason },
    );
  }

  /** Whether breaks are being sent; the reason when not. */
  get breakSupport(): { sent: boolean; reason?: string } {
    if (this.breakUnavailable !== undefined) return { sent: false, reason: this.breakUnavailable };
    return this.transport.sendBreak
      ? { sent: true }
      : { sent: false, reason: 'the link cannot carry a break' };
  }

  /** Time a response of `characters` may take once started, plus the link's own latency allowance. */
  private lineMs(characters: number): number {
    return characters * SDI12_CHARACTER_MS + this.responseTimeoutMs;
  }
}
