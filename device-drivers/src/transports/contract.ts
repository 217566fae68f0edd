/**
 * Byte transport contract: the one seam between protocol code and the wire.
 *
 * The same contract serves real kit and simulators: a TCP socket, a serial port (real /dev/tty*
 * or a socat pty), or raw TCP to a serial device server. Protocol code (Modbus, SDI-12, Firmata)
 * never knows which one it got.
 *
 * Call order: open() once, then write() any number of times while data arrives through onData,
 * then close(). After close() or a link failure the transport is dead; make a new one to reconnect
 * (the coordinator does that, with backoff).
 *
 * Failures:
 * - open() rejects with Disconnected (refused, no such port) or Timeout.
 * - write() rejects with Disconnected if the link is down, Canceled if close() was called.
 * - A link that drops on its own calls onClose(error) exactly once, with a Disconnected.
 * Nobody retries inside a transport: the coordinator owns retries.
 */
export interface ByteTransport {
  /** Human-readable description for logs and errors, e.g. `tcp 127.0.0.1:502` or `serial /dev/ttyUSB0 19200 8E1`. */
  readonly description: string;
  /** True for a shared half-duplex line (RS-485, RS-232): callers keep one request in flight. */
  readonly isSerialLine: boolean;
  /** Nominal serial timing when the link is serial (real or via a serial device server); undefined for pure TCP. */
  readonly serial?: SerialSettings;
  open(): Promise<void>;
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  onData(listener: (chunk: Buffer) => void): void;
  onClose(listener: (error?: Error) => void): void;
  readonly isOpen: boolean;
  /**
   * Holds the line in the spacing state for `durationMs` (a serial "break"), where the link can:
   * SDI-12 wakes its sensors with one (protocols.md §4.1). Absent on links that cannot carry a break
   * (TCP); rejects with NotSupported where the port refuses it (a pty: "Inappropriate ioctl", §7.3).
   */
  sendBreak?(durationMs: number): Promise<void>;
}

export interface SerialSettings {
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}

/** Bits on the wire per character: start + data + parity + stop. */
export function bitsPerCharacter(s: SerialSettings): number {
  return 1 + s.dataBits + (s.parity === 'none' ? 0 : 1) + s.stopBits;
}
